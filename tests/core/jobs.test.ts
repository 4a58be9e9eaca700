import { describe, it, expect, afterAll } from 'vitest';
import { definePlugin, PLUGIN_API_VERSION } from '../../core/index.ts';
import { backoffMs } from '../../core/jobs/queue.ts';
import { startTestInstance } from '../helpers/instance.ts';
import { testAuthPlugin, asRole } from '../helpers/test-auth.ts';

const done: number[] = [];
let release: (() => void) | null = null;

const worker = definePlugin({
  name: 'test-jobs',
  apiVersion: PLUGIN_API_VERSION,
  jobs: [
    { name: 'ok', handler: (p: { n: number }) => void done.push(p.n) },
    { name: 'always-fails', handler: () => Promise.reject(new Error('the remote end is down')), maxAttempts: 2 },
    { name: 'slow', handler: () => new Promise<void>((r) => (release = r)).then(() => void done.push(-1)) },
  ],
});

describe('job queue', async () => {
  const meadow = await startTestInstance({ plugins: [worker, testAuthPlugin] });
  afterAll(() => meadow.close());
  const { queue, worker: runner } = meadow.kernel;
  const admin = (query: string, variables?: object) =>
    meadow.app.inject({ method: 'POST', url: '/graphql', headers: asRole('admin'), payload: { query, variables } }).then((r) => r.json());

  it('runs due jobs and leaves future ones', async () => {
    await queue.enqueue('test-jobs.ok', { n: 1 });
    await queue.enqueue('test-jobs.ok', { n: 2 }, { runAt: new Date(Date.now() + 60_000) });
    await runner.runUntilIdle();
    expect(done).toEqual([1]);
    expect((await queue.counts()).queued).toBe(1);
  });

  it('retries with exponential backoff, then keeps the dead job visible to admins', async () => {
    const id = await queue.enqueue('test-jobs.always-fails', {}, { maxAttempts: 2 });
    await runner.runUntilIdle();
    let [job] = (await queue.list({ limit: 50 })).filter((j) => j.id === id);
    expect(job).toMatchObject({ status: 'queued', attempts: 1 });
    expect(job.runAt.getTime()).toBeGreaterThan(Date.now() + 1000);
    await meadow.kernel.db.kysely().updateTable('core_job').set({ run_at: 0 }).where('id', '=', id).execute();
    await runner.runUntilIdle();
    [job] = (await queue.list({ limit: 50 })).filter((j) => j.id === id);
    expect(job).toMatchObject({ status: 'dead', attempts: 2 });
    expect(job.lastError).toContain('the remote end is down');

    const res = await admin('{ jobs(status: dead) { id name attempts lastError } jobCounts { dead } }');
    expect(res.data.jobCounts.dead).toBe(1);
    expect(res.data.jobs[0]).toMatchObject({ name: 'test-jobs.always-fails', attempts: 2 });
    const retried = await admin('mutation($id: ID!) { retryJob(id: $id) }', { id: res.data.jobs[0].id });
    expect(retried.data.retryJob).toBe(true);
    expect((await queue.counts()).dead).toBe(0);
  });

  it('keeps the job list from people who are not admins', async () => {
    const res = await meadow.app.inject({ method: 'POST', url: '/graphql', headers: asRole('moderator'), payload: { query: '{ jobs { id } }' } });
    expect(res.json().errors[0].extensions.code).toBe('FORBIDDEN');
    const anon = await meadow.gql('{ jobs { id } }');
    expect(anon.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('marks a job for an unknown handler as failed rather than losing it', async () => {
    const id = await queue.enqueue('nobody.handles-this', {}, { maxAttempts: 1 });
    await runner.runUntilIdle();
    const [job] = (await queue.list({ limit: 50 })).filter((j) => j.id === id);
    expect(job.status).toBe('dead');
    expect(job.lastError).toContain('No handler for job "nobody.handles-this"');
  });

  it('lets a job in flight finish when the worker stops', async () => {
    done.length = 0;
    await queue.enqueue('test-jobs.slow', {});
    runner.start();
    while (!release) await new Promise((r) => setTimeout(r, 10));
    const stopped = runner.stop();
    setTimeout(() => release!(), 50);
    await stopped;
    expect(done).toEqual([-1]);
  });

  it('backs off exponentially with jitter, capped at an hour', () => {
    expect(backoffMs(1)).toBeGreaterThanOrEqual(1500);
    expect(backoffMs(1)).toBeLessThanOrEqual(2500);
    expect(backoffMs(5)).toBeGreaterThanOrEqual(24_000);
    expect(backoffMs(40)).toBeLessThanOrEqual(3_600_000 * 1.25);
  });
});

describe('job worker on a busy queue', async () => {
  const ran: number[] = [];
  const plugin = definePlugin({
    name: 'test-busy',
    apiVersion: PLUGIN_API_VERSION,
    jobs: [{ name: 'work', handler: async (p: { n: number }) => {
      await new Promise((r) => setTimeout(r, 5));
      ran.push(p.n);
    } }],
  });
  // An idle poll of a minute: a worker that waited for it between batches would not finish.
  const meadow = await startTestInstance({ plugins: [plugin], config: { jobs: { worker: false, pollMs: 60_000, concurrency: 4 } } });
  afterAll(() => meadow.close());

  it('enqueues many jobs at once (batched inserts) and runs every one', async () => {
    const before = (await meadow.kernel.queue.counts()).queued;
    await meadow.kernel.queue.enqueueMany('test-busy.work', Array.from({ length: 1200 }, (_, i) => ({ n: 1000 + i })));
    expect((await meadow.kernel.queue.counts()).queued - before).toBe(1200);
    await meadow.kernel.worker.runUntilIdle(2000);
    expect(ran.filter((n) => n >= 1000)).toHaveLength(1200);
    ran.length = 0;
  });

  it('claims the next jobs as soon as slots free up, not after the idle poll interval', async () => {
    for (let n = 0; n < 40; n++) await meadow.kernel.queue.enqueue('test-busy.work', { n });
    meadow.kernel.worker.start();
    const end = Date.now() + 20_000;
    while (ran.length < 40 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    await meadow.kernel.worker.stop();
    expect(ran.sort((a, b) => a - b)).toEqual([...Array(40).keys()]);
  });
});
