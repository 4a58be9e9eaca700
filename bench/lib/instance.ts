// A real Meadow instance for a benchmark: createMeadow on a throw-away
// database, silent logs, no job worker, listening on 127.0.0.1 at a free port.
// Plugin discovery is off unless asked for, so a bench measures what it names.

import type { FastifyInstance } from 'fastify';
import Fastify from 'fastify';
import { createMeadow, type Meadow, type MeadowConfigInput, type PluginDefinition } from '../../core/index.ts';
import { createBenchDatabase, type BenchDatabase } from './database.ts';

export interface BenchInstance extends Meadow {
  database: BenchDatabase;
  /** http://127.0.0.1:<port> */
  url: string;
  close(): Promise<void>;
}

export async function startBenchInstance(
  options: { plugins?: PluginDefinition[]; discover?: boolean; config?: MeadowConfigInput; database?: BenchDatabase } = {},
): Promise<BenchInstance> {
  const database = options.database ?? (await createBenchDatabase());
  let meadow: Meadow;
  try {
    meadow = await createMeadow({
      loadFromEnvironment: false,
      discover: options.discover ?? false,
      plugins: options.plugins,
      config: {
        env: 'production',
        logLevel: 'silent',
        graphiql: false,
        jobs: { worker: false },
        ...options.config,
        databaseUrl: database.url,
        host: '127.0.0.1',
        port: 0,
      },
    });
  } catch (err) {
    await database.drop();
    throw err;
  }
  const url = await listen(meadow.app);
  return {
    ...meadow,
    database,
    url,
    async close() {
      await meadow.app.close();
      if (!options.database) await database.drop();
    },
  };
}

/** A bare Fastify server for a baseline route, on its own free port. */
export async function startRawServer(register: (app: FastifyInstance) => void | Promise<void>): Promise<{ app: FastifyInstance; url: string; close(): Promise<void> }> {
  const app = Fastify({ logger: false });
  await register(app);
  const url = await listen(app);
  return { app, url, close: () => app.close() };
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('The server did not report a TCP port');
  return `http://127.0.0.1:${address.port}`;
}
