// Runs claimed jobs with their registered handlers. Stopping lets jobs in
// flight finish (graceful shutdown) and claims nothing new.

import type { JobQueue, JobRecord } from './queue.ts';

export type JobHandler = (payload: any, job: JobRecord) => Promise<void> | void;

export interface WorkerOptions {
  pollMs: number;
  concurrency: number;
  lockMs?: number;
  log: { error: (obj: object, msg: string) => void; warn: (obj: object, msg: string) => void };
}

export class JobWorker {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private ticking = false;
  /** The last claim filled every free slot: there may be more due jobs. */
  private busy = false;
  private readonly queue: JobQueue;
  private readonly options: WorkerOptions;

  constructor(queue: JobQueue, options: WorkerOptions) {
    this.queue = queue;
    this.options = options;
  }

  register(name: string, handler: JobHandler): void {
    if (this.handlers.has(name)) throw new Error(`A job handler named "${name}" is already registered`);
    this.handlers.set(name, handler);
  }

  has(name: string): boolean {
    return this.handlers.has(name);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops claiming and waits for the jobs in flight. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Runs every due job until none is left (tests, CLI). Returns how many ran. */
  async runUntilIdle(maxRounds = 1000): Promise<number> {
    let ran = 0;
    for (let round = 0; round < maxRounds; round++) {
      const jobs = await this.queue.claim(this.options.concurrency, this.options.lockMs ?? 60_000);
      if (jobs.length === 0) break;
      await Promise.all(jobs.map((job) => this.run(job)));
      ran += jobs.length;
    }
    return ran;
  }

  private schedule(ms: number) {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref?.();
  }

  /**
   * Claims as many due jobs as there are free slots. A busy queue (every
   * free slot filled) is claimed from again as soon as a job finishes, not
   * after the idle poll interval — otherwise throughput is capped at
   * concurrency / pollMs whatever the jobs cost.
   */
  private async tick() {
    if (!this.running || this.ticking) return;
    this.ticking = true;
    this.timer = null;
    const free = this.options.concurrency - this.inFlight.size;
    let claimed = 0;
    try {
      if (free > 0) {
        const jobs = await this.queue.claim(free, this.options.lockMs ?? 60_000);
        claimed = jobs.length;
        for (const job of jobs) {
          const p: Promise<void> = this.run(job).finally(() => {
            this.inFlight.delete(p);
            if (this.busy) this.schedule(0);
          });
          this.inFlight.add(p);
        }
      }
    } catch (err) {
      this.options.log.error({ err }, 'job queue: claiming failed');
    } finally {
      this.ticking = false;
    }
    // Full slots: the next finishing job claims again. Idle queue: poll later.
    this.busy = free === 0 || (claimed === free && claimed > 0);
    if (!this.busy) this.schedule(this.options.pollMs);
    else if (this.inFlight.size < this.options.concurrency) this.schedule(0);
  }

  private async run(job: JobRecord): Promise<void> {
    const handler = this.handlers.get(job.name);
    const lockMs = this.options.lockMs ?? 60_000;
    const heartbeat = setInterval(() => void this.queue.extendLock(job.id, lockMs).catch(() => {}), lockMs / 3);
    heartbeat.unref?.();
    try {
      if (!handler) throw new Error(`No handler for job "${job.name}" on this instance`);
      await handler(job.payload, job);
      clearInterval(heartbeat);
      await this.queue.complete(job.id);
    } catch (err) {
      clearInterval(heartbeat);
      const message = (err as Error)?.stack ?? String(err);
      const outcome = await this.queue.fail(job, message).catch(() => 'retry' as const);
      const log = outcome === 'dead' ? this.options.log.error : this.options.log.warn;
      log.call(this.options.log, { job: job.name, id: job.id, attempts: job.attempts + 1, err }, `job ${outcome === 'dead' ? 'is dead' : 'will retry'}`);
    }
  }
}
