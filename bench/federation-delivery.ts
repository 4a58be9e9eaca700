// Benchmark (issue 4): one public note (Create(Note)) from a local account
// delivered to 10,000 remote followers spread over 1,000 instances, through
// Meadow's real path: FederationService.sendActivity(…, 'followers', …) →
// Fedify fan-out over shared inboxes → one "federation.message" job per
// inbox on the core job queue → signed POSTs. The receivers (a child process,
// bench/lib/fediverse-receivers.ts) are 1,000 fake instances on 127.1.x.y
// that verify every HTTP signature against the sender's key, fetched once
// from its actor document. The limit printed beside it is the signing rate
// of this machine in the same run (Fedify's signRequest, RSA-2048).
// Prints one JSON line on stdout; progress and a summary on stderr.
//
//   node bench/federation-delivery.ts [--followers 10000] [--instances 1000]
//     [--db sqlite|postgres] [--concurrency 4] [--worker drain|started]
//     [--sign-seconds 3] [--timeout 900] [--quick] [--verbose]
//
// --worker drain (default) empties the queue with worker.runUntilIdle(),
// claiming batches back to back; --worker started runs the JobWorker as
// production does (claims, then polls every jobs.pollMs = 500 ms).

import { parseArgs } from 'node:util';
import { importJwk } from '@fedify/fedify';
import { Create, Note, PUBLIC_COLLECTION } from '@fedify/vocab';
import { FederationServiceRef } from '../core/index.ts';
import { startChild } from './lib/fediverse-child.ts';
import { drainJobs, parseEngine, parseWorkerMode, startFederatedInstance } from './lib/fediverse-instance.ts';
import type { ReceiverReport } from './lib/fediverse-receivers.ts';
import { measureSigningRate, type SignatureSpec, type SigningRate } from './lib/fediverse-signing.ts';
import { sourceVersion } from './lib/fediverse-version.ts';
import { fail, printResult, round, say } from './lib/report.ts';
import { insertRows, seedAccounts } from './lib/seed.ts';

const { values } = parseArgs({
  options: {
    followers: { type: 'string' },
    instances: { type: 'string' },
    db: { type: 'string' },
    concurrency: { type: 'string' },
    worker: { type: 'string' },
    'sign-seconds': { type: 'string' },
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
const FOLLOWERS = int('followers', values.followers, values.quick ? 1_000 : 10_000, 1);
const INSTANCES = int('instances', values.instances, values.quick ? 100 : 1_000, 1);
const CONCURRENCY = int('concurrency', values.concurrency, 4, 1);
const SIGN_SECONDS = int('sign-seconds', values['sign-seconds'], values.quick ? 1 : 3, 1);
const TIMEOUT_S = int('timeout', values.timeout, 900, 10);
if (INSTANCES > FOLLOWERS) fail('--instances must not exceed --followers (each instance needs a follower)');
let engine: ReturnType<typeof parseEngine>;
let workerMode: ReturnType<typeof parseWorkerMode>;
try {
  engine = parseEngine(values.db);
  workerMode = parseWorkerMode(values.worker);
} catch (err) {
  fail((err as Error).message);
}

say(`federation delivery: ${FOLLOWERS} followers on ${INSTANCES} instances, ${engine}, worker ${workerMode} (concurrency ${CONCURRENCY})`);
const receivers = await startChild<{ port: number; hosts: string[] }>('./fediverse-receivers.ts', { instances: INSTANCES });
say(`receivers: ${receivers.ready.hosts.length} instances on port ${receivers.ready.port} (${receivers.ready.hosts[0]} … ${receivers.ready.hosts.at(-1)})`);
const meadow = await startFederatedInstance({ engine, concurrency: CONCURRENCY, logLevel: values.verbose ? 'warn' : 'silent' });
let exitCode = 0;
try {
  const { kernel } = meadow;
  const service = kernel.contextOf('federation').services.get(FederationServiceRef);
  const [senderId] = await seedAccounts(kernel, 1, { prefix: 'poster_' });
  const senderHandle = 'poster_0';

  // Remote followers as the federation store keeps them: follower j lives on instance j % INSTANCES.
  const hosts = receivers.ready.hosts;
  const now = Date.now();
  const actorRows = Array.from({ length: FOLLOWERS }, (_, j) => {
    const origin = `http://${hosts[j % INSTANCES]}`;
    return {
      uri: `${origin}/users/f${j}`,
      inbox: `${origin}/users/f${j}/inbox`,
      shared_inbox: `${origin}/inbox`,
      handle: `f${j}@${hosts[j % INSTANCES]}`,
      type: 'Person',
      display_name: `Follower ${j}`,
      url: null,
      public_keys: JSON.stringify([`${origin}/users/f${j}#main-key`]),
      fetched_at: now,
    };
  });
  const seedStarted = performance.now();
  const actorIds = (await insertRows(kernel, 'core_fed_remote_actors', actorRows, 'id')).map(Number);
  await insertRows(
    kernel,
    'core_fed_followers',
    actorIds.map((id, j) => ({ account_id: senderId, remote_actor_id: id, follow_uri: `${actorRows[j]!.uri}#follows/${senderId}`, created_at: now + j })),
  );
  say(`seeded ${FOLLOWERS} remote followers in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
  const remote = await service.remoteFollowers(senderId!);
  if (remote.length !== FOLLOWERS || new Set(remote.map((r) => r.sharedInbox)).size !== INSTANCES) {
    fail(`the store lists ${remote.length} followers on ${new Set(remote.map((r) => r.sharedInbox)).size} shared inboxes`);
  }

  // The sender's actor document (makes its key pairs) must be served, as the receivers fetch it.
  const actorRes = await meadow.app.inject({ method: 'GET', url: `/users/${senderHandle}`, headers: { accept: 'application/activity+json' } });
  if (actorRes.statusCode !== 200) fail(`actor document: HTTP ${actorRes.statusCode}`);
  const actorDoc = actorRes.json() as { id: string; publicKey?: { id: string } };
  const keyRow = await kernel.db.kysely().selectFrom('core_fed_keys').select('rsa_private').where('owner', '=', `account:${senderId}`).executeTakeFirstOrThrow();
  const privateKey = await importJwk(JSON.parse(keyRow.rsa_private as string), 'private');
  const keyId = new URL(actorDoc.publicKey?.id ?? fail('the actor document has no publicKey'));

  // The activity: a public note, as the notes plugin would send it.
  const ctx = service.context();
  const actor = ctx.getActorUri(senderHandle);
  const followersUri = ctx.getFollowersUri(senderHandle);
  const noteId = new URL(`/bench/notes/${Date.now().toString(36)}`, meadow.url);
  const note = new Note({
    id: noteId,
    attribution: actor,
    name: '周末露营装备清单 / Weekend camping kit',
    content: '<p>Tent, stove, two chairs and a lantern. 帐篷、炉子、两把椅子和一盏灯。 <a href="#">#露营</a></p>',
    to: PUBLIC_COLLECTION,
    cc: followersUri,
    url: noteId,
  });
  const create = new Create({ id: new URL(`${noteId.href}#create`), actor, object: note, to: PUBLIC_COLLECTION, cc: followersUri });
  const body = JSON.stringify(await create.toJsonLd({ format: 'compact', contextLoader: ctx.contextLoader }));

  // The limit: signatures per second with the sender's own key, before the run, same process.
  const signing: SigningRate[] = [];
  const inbox = new URL(`http://${hosts[0]}/inbox`);
  for (const [spec, inFlight] of [['rfc9421', 1], ['rfc9421', CONCURRENCY], ['draft-cavage-http-signatures-12', CONCURRENCY]] as [SignatureSpec, number][]) {
    const rate = await measureSigningRate({ privateKey, keyId, inbox, body, spec, inFlight, seconds: SIGN_SECONDS });
    say(`signRequest ${spec.padEnd(31)} ${String(inFlight).padStart(2)} in flight: ${rate.perSecond.toFixed(0).padStart(6)} signatures/s`);
    signing.push(rate);
  }

  // The delivery.
  const cpuBefore = process.cpuUsage();
  const t0 = performance.now();
  const wallStart = Date.now();
  await service.sendActivity({ accountId: senderId! }, 'followers', create);
  const sendMs = performance.now() - t0;
  const enqueued = await kernel.queue.counts();
  say(`sendActivity returned in ${sendMs.toFixed(0)} ms (${enqueued.queued} job(s) queued); draining…`);
  let drainError: string | null = null;
  try {
    await drainJobs(meadow, workerMode, TIMEOUT_S * 1000);
  } catch (err) {
    drainError = (err as Error).message;
  }
  const drainS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const jobs = await kernel.queue.counts();
  const report = await receivers.ask<ReceiverReport>({ type: 'report' }, 'report');
  // What the queue stores per delivery (Fedify's outbox message: activity, key pairs as JWK, actor ids).
  const payload = await kernel.db
    .kysely()
    .selectFrom('core_job')
    .select((eb) => [eb.fn.avg<number>(eb.fn('length', ['payload'])).as('avg'), eb.fn.max<number>(eb.fn('length', ['payload'])).as('max')])
    .where('name', '=', 'federation.message')
    .executeTakeFirstOrThrow();

  const verifiedOfThisNote = report.activities[create.id!.href] ?? 0;
  const rfcRate = signing.find((s) => s.spec === 'rfc9421' && s.inFlight === CONCURRENCY)!;
  const result = {
    bench: 'federation-delivery',
    engine,
    worker: workerMode,
    concurrency: CONCURRENCY,
    followers: FOLLOWERS,
    instances: INSTANCES,
    deliveries: {
      requests_received: report.requests,
      verified: report.verified,
      rejected: report.rejected,
      instances_reached: report.instancesReached,
      per_instance_min: report.perInstanceMin,
      per_instance_max: report.perInstanceMax,
      duplicates: report.duplicates,
      by_spec: report.bySpec,
      key_fetches: report.keyFetches,
      followers_covered: verifiedOfThisNote === INSTANCES ? FOLLOWERS : null,
    },
    send_ms: round(sendMs, 0),
    drain_s: round(drainS, 2),
    first_delivery_s: report.firstAt ? round((report.firstAt - wallStart) / 1000, 2) : null,
    last_delivery_s: report.lastAt ? round((report.lastAt - wallStart) / 1000, 2) : null,
    deliveries_per_s: round(report.verified / drainS, 1),
    sender_cpu_ms_per_delivery: report.verified ? round((cpu.user + cpu.system) / 1000 / report.verified, 2) : null,
    receiver_cpu_ms_per_request: report.requests ? round(report.cpuMs / report.requests, 2) : null,
    jobs: { done: jobs.done, dead: jobs.dead, queued: jobs.queued, running: jobs.running, payload_avg_chars: Math.round(Number(payload.avg)), payload_max_chars: Number(payload.max) },
    signing_limit: {
      per_s: round(rfcRate.perSecond, 0),
      seconds_for_deliveries: round(INSTANCES / rfcRate.perSecond, 2),
      rates: signing.map((s) => ({ spec: s.spec, in_flight: s.inFlight, per_s: round(s.perSecond, 0) })),
    },
    drain_error: drainError,
    commit: sourceVersion(),
    node: process.version,
    date: new Date().toISOString().slice(0, 10),
  };
  printResult(result);
  say('');
  say(`deliveries: ${report.verified} verified requests at ${report.instancesReached}/${INSTANCES} instances (${report.rejected} rejected, ${report.duplicates} duplicates, key fetched ${report.keyFetches}×; rfc9421 ${report.bySpec.rfc9421}, draft-cavage ${report.bySpec['draft-cavage']})`);
  say(`drained in ${drainS.toFixed(2)} s (sendActivity ${sendMs.toFixed(0)} ms; first delivery at ${result.first_delivery_s} s, last at ${result.last_delivery_s} s) → ${result.deliveries_per_s} deliveries/s`);
  say(`limit: ${result.signing_limit.per_s} RSA-2048 signatures/s here → ${result.signing_limit.seconds_for_deliveries} s for ${INSTANCES} deliveries`);
  say(`sender CPU ${result.sender_cpu_ms_per_delivery} ms per delivery; jobs done ${jobs.done}, dead ${jobs.dead}`);
  if (report.rejections.length) say(`rejections: ${report.rejections.join(' | ')}`);
  const problems = [
    drainError,
    verifiedOfThisNote !== INSTANCES && `the note reached ${verifiedOfThisNote} of ${INSTANCES} instances`,
    report.verified !== INSTANCES && `${report.verified} verified requests for ${INSTANCES} instances (one per shared inbox expected)`,
    report.duplicates > 0 && `${report.duplicates} duplicate deliveries`,
    jobs.dead > 0 && `${jobs.dead} dead jobs`,
  ].filter(Boolean);
  if (problems.length) {
    say(`BENCH FAILED: ${problems.join('; ')}`);
    exitCode = 1;
  }
} finally {
  await receivers.stop();
  await meadow.close();
}
process.exit(exitCode);
