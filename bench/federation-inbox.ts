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
//   node bench/federation-inbox.ts [--activities 2000] [--concurrency 16]
//     [--db sqlite|postgres] [--worker drain|started] [--worker-concurrency 4]
//     [--spec draft-cavage|rfc9421] [--warmup 200] [--plugins all|none] [--quick] [--verbose]
//
// --plugins all (default) loads the bundled plugins, so every inbox handler
// they register for Create runs, as on a real instance (the notes plugin
// stores each note; the jobs its events cause are drained and timed too).
// --worker drain (default) runs the queue with worker.runUntilIdle();
// --worker started runs the JobWorker as production does.

import { parseArgs } from 'node:util';
import { startChild } from './lib/fediverse-child.ts';
import { drainJobs, parseEngine, parseWorkerMode, pendingJobs, startFederatedInstance, type FederatedInstance, type WorkerMode } from './lib/fediverse-instance.ts';
import type { SentReport, SignedReport } from './lib/fediverse-remote.ts';
import { sourceVersion } from './lib/fediverse-version.ts';
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
const ACTIVITIES = int('activities', values.activities, values.quick ? 300 : 2_000, 1);
const CONCURRENCY = int('concurrency', values.concurrency, 16, 1);
const WORKER_CONCURRENCY = int('worker-concurrency', values['worker-concurrency'], 4, 1);
const WARMUP = int('warmup', values.warmup, values.quick ? 50 : 200, 0);
const TIMEOUT_S = int('timeout', values.timeout, 900, 10);
if (values.spec !== undefined && values.spec !== 'draft-cavage' && values.spec !== 'rfc9421') fail(`--spec must be draft-cavage or rfc9421, not "${values.spec}"`);
const SPEC = values.spec === 'rfc9421' ? 'rfc9421' : 'draft-cavage-http-signatures-12';
if (values.plugins !== undefined && values.plugins !== 'all' && values.plugins !== 'none') fail(`--plugins must be all or none, not "${values.plugins}"`);
const PLUGINS = values.plugins ?? 'all';
/** Jobs done so far, by job name. */
async function doneByName(kernel: FederatedInstance['kernel']): Promise<Map<string, number>> {
  const rows = await kernel.db
    .kysely()
    .selectFrom('core_job')
    .select(['name', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'done')
    .groupBy('name')
    .execute();
  return new Map(rows.map((r) => [String(r.name), Number(r.n)]));
}

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

  const fetchesBefore = (await remote.ask<{ fetches: Record<string, number> }>({ type: 'fetches' }, 'fetches')).fetches;
  const before = await doneByName(kernel);
  const http = await sendBatch(ACTIVITIES, 'm');
  const queued = await pendingJobs(meadow);
  say(`signed ${ACTIVITIES} in ${http.signed.seconds.toFixed(1)} s (remote side); sent in ${http.sent.seconds.toFixed(2)} s: ${http.sent.accepted} accepted, statuses ${JSON.stringify(http.sent.statuses)}; ${queued} jobs queued`);
  const processing = await drain();
  const after = await doneByName(kernel);
  const deadJobs = (await kernel.queue.counts()).dead;
  const fetchesAfter = (await remote.ask<{ fetches: Record<string, number> }>({ type: 'fetches' }, 'fetches')).fetches;
  // Documents Meadow fetched from the remote during the measured batch (the warm-up's are left out).
  const fetches = Object.fromEntries(Object.entries(fetchesAfter).map(([path, n]) => [path, n - (fetchesBefore[path] ?? 0)]));

  // Activities processed = inbox message jobs done; the jobs they caused (hooks, indexing, announces) are counted apart.
  const processed = (after.get('federation.message') ?? 0) - (before.get('federation.message') ?? 0);
  const followUps = Object.fromEntries(
    [...after].filter(([name]) => name !== 'federation.message').map(([name, n]) => [name, n - (before.get(name) ?? 0)]).filter(([, n]) => Number(n) > 0),
  );
  // Notes the inbox handlers made of the measured activities (null without the notes plugin's remote storage).
  const notesStored = await kernel.db
    .kysely()
    .selectFrom('notes_note')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('remote_uri', 'like', `${remote.ready.actor}/statuses/m%`)
    .executeTakeFirst()
    .then((row) => Number(row?.n ?? 0))
    .catch(() => null);
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
      activities_processed: processed,
      follow_up_jobs: followUps,
      dead: deadJobs,
      seconds: round(processing.seconds, 2),
      processed_per_s: round(processed / processing.seconds, 1),
      cpu_ms_per_activity: processed ? round(processing.cpuMs / processed, 2) : null,
    },
    notes_stored: notesStored,
    end_to_end_per_s: round(processed / (http.sent.seconds + processing.seconds), 1),
    remote_fetches: fetches,
    remote_fetches_warmup: fetchesBefore,
    commit: sourceVersion(),
    node: process.version,
    date: new Date().toISOString().slice(0, 10),
  };
  printResult(result);
  say('');
  say(`HTTP:  ${result.http.accepted_per_s} accepted/s (p50 ${result.http.p50_ms} ms, p99 ${result.http.p99_ms} ms, ${result.http.cpu_ms_per_activity} ms CPU each)`);
  say(`queue: ${result.queue.processed_per_s} processed/s (${processed} activities in ${result.queue.seconds} s with their follow-up jobs ${JSON.stringify(followUps)}, ${result.queue.cpu_ms_per_activity} ms CPU each, ${result.queue.dead} dead jobs)`);
  say(`notes stored from the measured activities: ${notesStored ?? 'n/a (no notes table)'}`);
  say(`remote documents fetched by Meadow: ${JSON.stringify(fetches)} (warm-up: ${JSON.stringify(fetchesBefore)})`);
  if (http.sent.errors.length) say(`errors: ${http.sent.errors.join(' | ')}`);
  const problems = [
    http.sent.accepted !== ACTIVITIES && `${http.sent.accepted}/${ACTIVITIES} activities accepted`,
    queued !== ACTIVITIES && `${queued} jobs queued for ${ACTIVITIES} activities`,
    processed !== ACTIVITIES && `${processed} inbox jobs processed for ${ACTIVITIES} activities`,
    deadJobs > 0 && `${deadJobs} dead jobs`,
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
