// A Meadow instance for the federation benchmarks: plain HTTP on 127.0.0.1,
// its publicUrl equal to the address it really listens on (Fedify mints every
// URI from publicUrl, so the port must be known before createMeadow: the
// socket is opened first and handed to Fastify's router once Meadow is up),
// allowed to fetch private addresses (the whole "fediverse" is loopback), no
// job worker until the benchmark starts one, on SQLite or PostgreSQL.
//
// Plain HTTP is enough here: Fedify needs HTTPS only for acct: (WebFinger)
// lookups, which neither benchmark makes. Keys and actor documents are
// fetched over http:// from 127.0.0.1.

import { createServer, type Server } from 'node:http';
import { createMeadow, type Meadow, type PluginDefinition } from '../../core/index.ts';
import { createBenchDatabase, type BenchDatabase, type Engine } from './database.ts';

export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface FederatedInstance extends Meadow {
  database: BenchDatabase;
  /** http://127.0.0.1:<port>, also its publicUrl. */
  url: string;
  close(): Promise<void>;
}

export interface FederatedInstanceOptions {
  engine: Engine;
  /** Job worker concurrency (config jobs.concurrency). */
  concurrency?: number;
  /** Job worker idle poll interval in ms (config jobs.pollMs). */
  pollMs?: number;
  discover?: boolean;
  plugins?: PluginDefinition[];
  /** Log level of the instance; "silent" unless debugging a failed run. */
  logLevel?: 'silent' | 'warn' | 'info' | 'debug';
}

/** A throw-away database of the engine asked for (PostgreSQL: DATABASE_URL or the local server). */
export function databaseFor(engine: Engine): Promise<BenchDatabase> {
  if (engine === 'sqlite') return createBenchDatabase({});
  const given = process.env.DATABASE_URL;
  return createBenchDatabase({ DATABASE_URL: given && /^postgres(ql)?:\/\//.test(given) ? given : DEFAULT_POSTGRES_URL });
}

export async function startFederatedInstance(options: FederatedInstanceOptions): Promise<FederatedInstance> {
  let route: ((req: any, res: any) => void) | null = null;
  const server: Server = createServer((req, res) => {
    if (route) route(req, res);
    else res.writeHead(503).end();
  });
  // Fedify delivers over many keep-alive connections; do not let them pile up idle.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const closeServer = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };

  let database: BenchDatabase;
  try {
    database = await databaseFor(options.engine);
  } catch (err) {
    await closeServer();
    throw err;
  }
  let meadow: Meadow;
  try {
    meadow = await createMeadow({
      loadFromEnvironment: false,
      discover: options.discover ?? false,
      plugins: options.plugins,
      config: {
        env: 'production',
        logLevel: options.logLevel ?? 'silent',
        graphiql: false,
        jobs: { worker: false, concurrency: options.concurrency ?? 4, pollMs: options.pollMs ?? 500 },
        databaseUrl: database.url,
        host: '127.0.0.1',
        port: 0,
        publicUrl: url,
        federation: { allowPrivateAddresses: true },
      },
    });
  } catch (err) {
    await closeServer();
    await database.drop();
    throw err;
  }
  route = (req, res) => meadow.app.routing(req, res);
  return {
    ...meadow,
    database,
    url,
    async close() {
      await closeServer();
      await meadow.app.close();
      await database.drop();
    },
  };
}

/** Jobs still to run: queued (due or not) and running. */
export async function pendingJobs(meadow: Meadow): Promise<number> {
  const counts = await meadow.kernel.queue.counts();
  return counts.queued + counts.running;
}

/**
 * Runs the instance's jobs until none is pending, either with the started
 * JobWorker (what production runs: claims, then polls every pollMs) or by
 * draining with worker.runUntilIdle() (claims batches back to back).
 * Returns when nothing is pending; throws after `timeoutMs`.
 */
export async function drainJobs(meadow: Meadow, mode: WorkerMode, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  const { worker } = meadow.kernel;
  if (mode === 'started') worker.start();
  try {
    for (;;) {
      if (mode === 'drain') await worker.runUntilIdle();
      if ((await pendingJobs(meadow)) === 0) return;
      if (performance.now() > deadline) throw new Error(`jobs still pending after ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, mode === 'started' ? 50 : 5));
    }
  } finally {
    if (mode === 'started') await worker.stop();
  }
}

export type WorkerMode = 'started' | 'drain';

export function parseWorkerMode(raw: string | undefined): WorkerMode {
  if (raw === undefined || raw === 'started' || raw === 'drain') return raw ?? 'drain';
  throw new Error(`--worker must be "started" or "drain", not "${raw}"`);
}

export function parseEngine(raw: string | undefined): Engine {
  if (raw === undefined || raw === 'sqlite') return 'sqlite';
  if (raw === 'postgres' || raw === 'postgresql' || raw === 'pg') return 'postgres';
  throw new Error(`--db must be "sqlite" or "postgres", not "${raw}"`);
}
