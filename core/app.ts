// createMeadow(config): a ready Fastify app with the kernel booted, GraphQL
// mounted, every plugin's routes in its own encapsulated scope, health
// checks, JSON errors and graceful shutdown.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import autoload from '@fastify/autoload';
import type { Logger } from 'pino';
import { loadConfig, parseConfig } from './config/load.ts';
import type { MeadowConfig, MeadowConfigInput } from './config/schema.ts';
import { isMeadowError } from './errors/errors.ts';
import { bootKernel, type Kernel, type KernelOptions } from './kernel.ts';
import { mountGraphQL } from './graphql/server.ts';
import { builtinPlugins } from './builtins.ts';
import type { PluginDefinition } from './plugins/define.ts';

export interface MeadowOptions {
  /** Full config, or partial input merged over file and environment. */
  config?: MeadowConfig | MeadowConfigInput;
  /** Read meadow.config.* and the environment (default true). */
  loadFromEnvironment?: boolean;
  plugins?: PluginDefinition[];
  discover?: boolean;
  logger?: Logger;
  onMigration?: KernelOptions['onMigration'];
}

export interface Meadow {
  app: FastifyInstance;
  kernel: Kernel;
}

export async function createMeadow(options: MeadowOptions = {}): Promise<Meadow> {
  const config =
    options.loadFromEnvironment === false
      ? parseConfig((options.config ?? {}) as MeadowConfigInput)
      : await loadConfig({ overrides: options.config as MeadowConfigInput });

  let kernelRef!: Kernel;
  const kernel = await bootKernel(config, {
    builtins: builtinPlugins(() => kernelRef),
    plugins: options.plugins,
    discover: options.discover,
    logger: options.logger,
    onMigration: options.onMigration,
  });
  kernelRef = kernel;

  const app = Fastify({
    loggerInstance: kernel.log as unknown as FastifyBaseLogger,
    bodyLimit: config.limits.bodyBytes,
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    trustProxy: config.env === 'production' ? 'loopback' : false,
  });
  let closing = false;

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    // While closing, ask clients to drop keep-alive connections, or the
    // server would wait for them to time out before it can stop.
    if (closing) reply.header('connection', 'close');
  });
  app.addHook('preClose', async () => {
    closing = true;
  });

  app.setErrorHandler((error: any, req, reply) => {
    if (isMeadowError(error)) return reply.status(error.httpStatus).send(error.toJSON());
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      req.log.error({ err: error }, 'request failed');
      return reply.status(500).send({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Something went wrong on our side; it was logged' } });
    }
    const code =
      status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : status === 429 ? 'RATE_LIMITED' : status === 404 ? 'NOT_FOUND' : 'BAD_USER_INPUT';
    return reply.status(status).send({ error: { code, message: error.message } });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No route for ${req.method} ${req.url.split('?')[0]}` } }),
  );

  await app.register(cookie, { secret: kernel.state.secret });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    if (closing) return reply.status(503).send({ status: 'closing' });
    try {
      await kernel.db.kysely().selectNoFrom((eb) => eb.val(1).as('ok')).execute();
      return { status: 'ready', database: kernel.db.dialect, jobs: await kernel.queue.counts() };
    } catch (err) {
      return reply.status(503).send({ status: 'unavailable', error: (err as Error).message });
    }
  });

  await mountGraphQL(app, kernel);

  for (const entry of kernel.registry.plugins.values()) {
    const { def, ctx, routes } = entry;
    const routesDir = def.dir ? join(def.dir, 'routes') : null;
    if (routes.length === 0 && !(routesDir && existsSync(routesDir))) continue;
    await app.register(async (scope) => {
      for (const r of routes) await r(scope, ctx);
      if (routesDir && existsSync(routesDir)) await scope.register(autoload, { dir: routesDir, options: { ctx } });
    });
  }

  app.addHook('onClose', async () => {
    await kernel.close();
  });
  if (config.jobs.worker) app.addHook('onReady', async () => kernel.worker.start());
  await app.ready();
  return { app, kernel };
}

/** Starts listening and closes gracefully on SIGINT/SIGTERM: in-flight requests and jobs finish. */
export async function startMeadow(options: MeadowOptions = {}): Promise<Meadow> {
  const meadow = await createMeadow(options);
  const { app, kernel } = meadow;
  await app.listen({ port: kernel.config.port, host: kernel.config.host });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    kernel.log.info({ signal }, 'shutting down: finishing requests and jobs in flight');
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return meadow;
}
