// Benchmark (issue 4): inbox throughput of signed Create(Note) activities.
// A fake remote instance (child process, bench/lib/fediverse-remote.ts)
// serves its actor document with an RSA-2048 key on 127.0.0.1 and POSTs N
// signed activities to a Meadow instance's shared inbox, C at a time. Meadow
// verifies each signature (Fedify: Digest, Date window, key fetched and
// cached, key owner = actor) and queues the activity as a
// "federation.message" job; the job worker then runs the inbox handlers.
// Two figures: accepted/s for the HTTP part (worker stopped, so it measures
// receiving alone) and processed/s for draining those queued jobs.
// Prints one JSON line on stdout; progress and a summary on stderr.
//
//   node bench/federation-inbox.ts [--activities 5000] [--concurrency 16]
//     [--db sqlite|postgres] [--worker started|drain] [--worker-concurrency 4]
//     [--spec draft-cavage|rfc9421] [--warmup 200] [--plugins all|none] [--quick] [--verbose]
//
// --plugins all (default) loads the bundled plugins, so every inbox handler
// they register for Create runs, as on a real instance.

import { parseArgs } from 'node:util';
import { startChild } from './lib/fediverse-child.ts';
import { drainJobs, parseEngine, parseWorkerMode, pendingJobs, startFederatedInstance, type FederatedInstance, type WorkerMode } from './lib/fediverse-instance.ts';
import type { SentReport, SignedReport } from './lib/fediverse-remote.ts';
import { fail, printResult, round, say } from './lib/report.ts';
import { insertRows, seedAccounts } from './lib/seed.ts';

const { values } = parseArgs({
  options: {
    activities: { type: 'string' },
    concurrency: { type: 'string' },
    db: { type: 'string' },
    worker: { type: 'string' },
    'worker-concurrency': { type: 'string' },
    spec: { type: 'string' },
    warmup: { type: 'string' },
    plugins: { type: 'string' },
    timeout: { type: 'string' },
    quick: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
  strict: true,
});
const int = (name: string, raw: string | undefined, fallback: number, min: number) => {
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isSafeInteger(n) || n < min) fail(`--${name} must be an integer of at least ${min}, not "${raw}"`);
  return n;
};
const ACTIVITIES = int('activities', values.activities, values.quick ? 300 : 5_000, 1);
const CONCURRENCY = int('concurrency', values.concurrency, 16, 1);
const WORKER_CONCURRENCY = int('worker-concurrency', values['worker-concurrency'], 4, 1);
const WARMUP = int('warmup', values.warmup, values.quick ? 50 : 200, 0);
const TIMEOUT_S = int('timeout', values.timeout, 900, 10);
if (values.spec !== undefined && values.spec !== 'draft-cavage' && values.spec !== 'rfc9421') fail(`--spec must be draft-cavage or rfc9421, not "${values.spec}"`);
const SPEC = values.spec === 'rfc9421' ? 'rfc9421' : 'draft-cavage-http-signatures-12';
if (values.plugins !== undefined && values.plugins !== 'all' && values.plugins !== 'none') fail(`--plugins must be all or none, not "${values.plugins}"`);
const PLUGINS = values.plugins ?? 'all';
let engine: ReturnType<typeof parseEngine>;
let workerMode: WorkerMode;
try {
  engine = parseEngine(values.db);
  workerMode = parseWorkerMode(values.worker);
} catch (err) {
  fail((err as Error).message);
}

say(`federation inbox: ${ACTIVITIES} signed Create(Note) (${SPEC}), ${CONCURRENCY} at a time, ${engine}, plugins ${PLUGINS}, worker ${workerMode} (concurrency ${WORKER_CONCURRENCY})`);
const meadow: FederatedInstance = await startFederatedInstance({
  engine,
  discover: PLUGINS === 'all',
  concurrency: WORKER_CONCURRENCY,
  logLevel: values.verbose ? 'warn' : 'silent',
});
const remote = await startChild<{ actor: string; keyId: string }>('./fediverse-remote.ts', { target: `${meadow.url}/inbox`, spec: SPEC }).catch(async (err) => {
  await meadow.close();
  throw err;
});
let exitCode = 0;
try {
  const { kernel } = meadow;
  say(`meadow at ${meadow.url} (plugins: ${kernel.plugins.map((p) => p.name).join(', ')}); remote actor ${remote.ready.actor}`);

  // A local reader who follows the remote actor, so its notes are wanted here.
  const [readerId] = await seedAccounts(kernel, 1, { prefix: 'reader_' });
  const origin = new URL(remote.ready.actor).origin;
  const [remoteActorId] = (
    await insertRows(
      kernel,
      'core_fed_remote_actors',
      [{ uri: remote.ready.actor, inbox: `${remote.ready.actor}/inbox`, shared_inbox: `${origin}/inbox`, handle: `remote@${new URL(origin).host}`, type: 'Person', display_name: 'Remote Poster', url: `${origin}/@remote`, public_keys: JSON.stringify([remote.ready.keyId]), fetched_at: Date.now() }],
      'id',
    )
  ).map(Number);
  await insertRows(kernel, 'core_fed_following', [{ account_id: readerId, remote_actor_id: remoteActorId, state: 'accepted', follow_uri: `${meadow.url}/follows/bench`, created_at: Date.now() }]);

  const sendBatch = async (count: number, tag: string) => {
    const signed = await remote.ask<SignedReport>({ type: 'sign', count, tag }, 'signed');
    const cpuBefore = process.cpuUsage();
    const sent = await remote.ask<SentReport>({ type: 'send', concurrency: CONCURRENCY }, 'sent');
    const cpu = process.cpuUsage(cpuBefore);
    return { signed, sent, cpuMs: (cpu.user + cpu.system) / 1000 };
  };
  const drain = async () => {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await drainJobs(meadow, workerMode, TIMEOUT_S * 1000);
    const cpu = process.cpuUsage(cpuBefore);
    return { seconds: (performance.now() - started) / 1000, cpuMs: (cpu.user + cpu.system) / 1000 };
  };

  if (WARMUP > 0) {
    const warm = await sendBatch(WARMUP, 'w');
    if (warm.sent.accepted !== WARMUP) fail(`warm-up: ${warm.sent.accepted}/${WARMUP} accepted (${JSON.stringify(warm.sent.statuses)}): ${warm.sent.errors.join(' | ')}`);
    await drainJobs(meadow, 'drain', TIMEOUT_S * 1000);
    say(`warm-up: ${WARMUP} activities accepted and processed`);
  }

  const before = await kernel.queue.counts();
  const http = await sendBatch(ACTIVITIES, 'm');
  const queued = await pendingJobs(meadow);
  say(`signed ${ACTIVITIES} in ${http.signed.seconds.toFixed(1)} s (remote side); sent in ${http.sent.seconds.toFixed(2)} s: ${http.sent.accepted} accepted, statuses ${JSON.stringify(http.sent.statuses)}; ${queued} jobs queued`);
  const processing = await drain();
  const after = await kernel.queue.counts();
  const fetches = (await remote.ask<{ fetches: Record<string, number> }>({ type: 'fetches' }, 'fetches')).fetches;

  const processed = after.done - before.done;
  const result = {
    bench: 'federation-inbox',
    engine,
    spec: SPEC,
    plugins: PLUGINS,
    worker: workerMode,
    worker_concurrency: WORKER_CONCURRENCY,
    concurrency: CONCURRENCY,
    activities: ACTIVITIES,
    http: {
      accepted: http.sent.accepted,
      statuses: http.sent.statuses,
      seconds: round(http.sent.seconds, 2),
      accepted_per_s: round(http.sent.accepted / http.sent.seconds, 1),
      p50_ms: http.sent.p50_ms,
      p99_ms: http.sent.p99_ms,
      cpu_ms_per_activity: round(http.cpuMs / ACTIVITIES, 2),
    },
    queue: {
      jobs_queued: queued,
      jobs_processed: processed,
      dead: after.dead - before.dead,
      seconds: round(processing.seconds, 2),
      processed_per_s: round(processed / processing.seconds, 1),
      cpu_ms_per_activity: processed ? round(processing.cpuMs / processed, 2) : null,
    },
    end_to_end_per_s: round(processed / (http.sent.seconds + processing.seconds), 1),
    remote_fetches: fetches,
    node: process.version,
    date: new Date().toISOString().slice(0, 10),
  };
  printResult(result);
  say('');
  say(`HTTP:  ${result.http.accepted_per_s} accepted/s (p50 ${result.http.p50_ms} ms, p99 ${result.http.p99_ms} ms, ${result.http.cpu_ms_per_activity} ms CPU each)`);
  say(`queue: ${result.queue.processed_per_s} processed/s (${processed} jobs in ${result.queue.seconds} s, ${result.queue.cpu_ms_per_activity} ms CPU each, ${result.queue.dead} dead)`);
  say(`remote documents fetched by Meadow: ${JSON.stringify(fetches)}`);
  if (http.sent.errors.length) say(`errors: ${http.sent.errors.join(' | ')}`);
  const problems = [
    http.sent.accepted !== ACTIVITIES && `${http.sent.accepted}/${ACTIVITIES} activities accepted`,
    queued !== ACTIVITIES && `${queued} jobs queued for ${ACTIVITIES} activities`,
    processed !== ACTIVITIES && `${processed} jobs processed for ${ACTIVITIES} activities`,
    result.queue.dead > 0 && `${result.queue.dead} dead jobs`,
  ].filter(Boolean);
  if (problems.length) {
    say(`BENCH FAILED: ${problems.join('; ')}`);
    exitCode = 1;
  }
} finally {
  await remote.stop();
  await meadow.close();
}
process.exit(exitCode);
