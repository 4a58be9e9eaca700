// Fedify's MessageQueue on the core job queue: each message is a durable
// job ("federation.message") in Meadow's own database, so deliveries and
// inbox work survive restarts, are shared by every node polling the same
// database, and dead ones are visible to admins like any job.
//
// listen() only records the handler Fedify gives us; the core JobWorker
// claims due jobs and calls it. A delay becomes the job's run_at. Fedify
// retries failed deliveries itself (nativeRetrial = false), so a message
// job fails only when no listener is there yet (then the job retries).
// Ordering keys are not honoured yet: messages run in run_at order, and
// several may run at once.

import type { MessageQueue, MessageQueueEnqueueOptions, MessageQueueListenOptions } from '@fedify/fedify';

/** The job's short name; its full name is "federation.message". */
export const MESSAGE_JOB = 'message';

type Handler = (message: any) => Promise<void> | void;

/** Sees every message going in and out (delivery.ts: instance health, dead deliveries). */
export interface QueueObserver {
  /** May return an annotated copy to store instead. */
  enqueued<M>(message: M): M;
  /** Runs one message; `run` hands it to Fedify. */
  around(message: unknown, run: () => Promise<void>): Promise<void>;
}

type EnqueueMany = (name: string, payloads: readonly unknown[], options: { runAt?: Date; maxAttempts?: number }) => Promise<void>;
type Enqueue = (name: string, payload: unknown, options: { runAt?: Date; maxAttempts?: number }) => Promise<number>;

export class JobMessageQueue implements MessageQueue {
  readonly nativeRetrial = false;
  private readonly enqueueJob: Enqueue;
  private handler: Handler | null = null;
  private observer: QueueObserver | null = null;

  private readonly enqueueJobs: EnqueueMany | null;

  /** `enqueueJob`/`enqueueJobs` are the plugin context's jobs.enqueue and jobs.enqueueMany. */
  constructor(enqueueJob: Enqueue, enqueueJobs: EnqueueMany | null = null) {
    this.enqueueJob = enqueueJob;
    this.enqueueJobs = enqueueJobs;
  }

  observe(observer: QueueObserver): void {
    this.observer = observer;
  }

  async enqueue(message: any, options?: MessageQueueEnqueueOptions): Promise<void> {
    const delayMs = options?.delay ? Math.max(0, options.delay.total('millisecond')) : 0;
    await this.enqueueJob(MESSAGE_JOB, this.observer ? this.observer.enqueued(message) : message, {
      runAt: delayMs > 0 ? new Date(Date.now() + delayMs) : undefined,
      maxAttempts: 20,
    });
  }

  /** A fan-out (one message per inbox) goes in as batched inserts, not one statement each. */
  async enqueueMany(messages: readonly any[], options?: MessageQueueEnqueueOptions): Promise<void> {
    if (!this.enqueueJobs) {
      for (const message of messages) await this.enqueue(message, options);
      return;
    }
    const delayMs = options?.delay ? Math.max(0, options.delay.total('millisecond')) : 0;
    await this.enqueueJobs(MESSAGE_JOB, messages.map((m) => (this.observer ? this.observer.enqueued(m) : m)), {
      runAt: delayMs > 0 ? new Date(Date.now() + delayMs) : undefined,
      maxAttempts: 20,
    });
  }

  listen(handler: Handler, options: MessageQueueListenOptions = {}): Promise<void> {
    this.handler = handler;
    return new Promise((resolve) => {
      const stop = () => {
        if (this.handler === handler) this.handler = null;
        resolve();
      };
      if (options.signal?.aborted) return stop();
      options.signal?.addEventListener('abort', stop, { once: true });
    });
  }

  /** Called by the job worker for each due message. */
  async deliver(message: unknown): Promise<void> {
    const handler = this.handler;
    if (!handler) throw new Error('The federation queue has no listener yet; the message will be retried');
    if (this.observer) await this.observer.around(message, async () => void (await handler(message)));
    else await handler(message);
  }
}
