// graphql-yoga on Fastify at /graphql: HTTP, SSE and graphql-ws
// subscriptions, GraphiQL in development, depth and cost limits, and
// errors with stable codes.

import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createYoga, type YogaServerInstance, type Plugin } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { Kernel } from '../kernel.ts';
import { isMeadowError } from '../errors/errors.ts';
import { RequestViewer } from '../hooks/core-hooks.ts';
import { Loaders, type MeadowContext, type Viewer } from './context.ts';
import { suspendedRefusal } from './suspension-guard.ts';
import { AccountsServiceRef } from '../accounts/contracts.ts';

interface ServerContext {
  req: FastifyRequest;
  reply: FastifyReply;
}

const CODE_OF_YOGA: Record<string, string> = { GRAPHQL_VALIDATION_FAILED: 'BAD_USER_INPUT', GRAPHQL_PARSE_FAILED: 'BAD_USER_INPUT', BAD_USER_INPUT: 'BAD_USER_INPUT' };

/** Every error leaves with a stable code; unexpected ones are masked and logged. */
/** graphql-js may be loaded twice (ESM and CJS builds), so recognise its errors by shape. */
const isGraphQLError = (e: unknown): e is GraphQLError =>
  e instanceof GraphQLError || (typeof e === 'object' && e !== null && (e as Error).name === 'GraphQLError' && 'extensions' in e);

export function toClientError(error: unknown, kernel: Kernel): GraphQLError {
  const gqlError = isGraphQLError(error) ? error : null;
  const original = gqlError ? (gqlError.originalError ?? null) : error;
  if (isMeadowError(original)) {
    return new GraphQLError(original.message, {
      nodes: gqlError?.nodes,
      path: gqlError?.path,
      extensions: { code: original.code, ...(original.details ?? {}) },
    });
  }
  if (gqlError && !original) {
    // Parse and validation errors, depth and cost limits, bad variables.
    const code = String(gqlError.extensions?.code ?? 'BAD_USER_INPUT');
    return new GraphQLError(gqlError.message, {
      nodes: gqlError.nodes,
      path: gqlError.path,
      extensions: { ...gqlError.extensions, code: CODE_OF_YOGA[code] ?? code },
    });
  }
  if (gqlError && isGraphQLError(original)) return toClientError(original, kernel);
  kernel.log.error({ err: original ?? error }, 'unexpected error in GraphQL');
  return new GraphQLError('Something went wrong on our side; it was logged', {
    nodes: gqlError?.nodes,
    path: gqlError?.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}

/** The accounts service's suspension lookup (for the suspension guard). */
export const suspensionOf = (kernel: Pick<Kernel, 'contextOf'>) => (accountId: number) =>
  kernel.contextOf('accounts').services.get(AccountsServiceRef).suspensionOf(accountId);

export async function viewerOf(kernel: Kernel, headers: Record<string, string | string[] | undefined>, cookies: Record<string, string | undefined>): Promise<Viewer | null> {
  return kernel.bus.applyFilter(RequestViewer, null, { headers, cookies });
}

export function createGraphQLServer(kernel: Kernel): YogaServerInstance<ServerContext, MeadowContext> {
  const { config } = kernel;
  const plugins: Plugin<any>[] = [
    maxDepthPlugin({ n: config.limits.graphqlDepth, exposeLimits: true, flattenFragments: true }) as Plugin,
    costLimitPlugin({ maxCost: config.limits.graphqlCost, exposeLimits: true }) as Plugin,
    // Compiles each operation once into a specialised function; execution,
    // not HTTP, is GraphQL's first cost (see bench/README.md).
    useGraphQlJit({}, { enableIf: () => process.env.MEADOW_GRAPHQL_JIT !== 'off' }) as Plugin,
    {
      async onExecute({ args, setResultAndStopExecution }) {
        const refusal = await suspendedRefusal(args.schema, args.document, args.operationName, (args.contextValue as unknown as MeadowContext).viewer, suspensionOf(kernel));
        if (refusal) setResultAndStopExecution({ errors: [refusal] });
      },
    } as Plugin,
  ];
  return createYoga<ServerContext, MeadowContext>({
    schema: kernel.schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: config.graphiql ? { title: 'Meadow GraphQL', subscriptionsProtocol: 'WS' } : false,
    renderGraphiQL: config.graphiql ? renderGraphiQL : undefined,
    // Yoga logs client mistakes (bad queries, with their text) as errors; they
    // are not ours, and the text may hold passwords written inline. Real
    // failures are logged by toClientError with the error, not the query.
    logging: {
      debug: (...a) => kernel.log.debug(a.map(String).join(' ')),
      info: (...a) => kernel.log.debug(a.map(String).join(' ')),
      warn: (...a) => kernel.log.debug(a.map(String).join(' ')),
      error: (...a) => kernel.log.debug(a.map(String).join(' ')),
    },
    maskedErrors: { maskError: (error) => toClientError(error, kernel) },
    plugins,
    context: async ({ req, reply }) => ({
      viewer: await viewerOf(kernel, req.headers, (req as any).cookies ?? {}),
      loaders: new Loaders(),
      em: kernel.db.em(),
      requestId: String(req.id),
      request: req,
      reply,
    }),
  }) as unknown as YogaServerInstance<ServerContext, MeadowContext>;
}

export async function mountGraphQL(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const yoga = createGraphQLServer(kernel);
  // Open subscription streams, ended when the server closes (they would keep it open).
  const streams = new Set<FastifyReply['raw']>();
  app.route({
    url: '/graphql',
    method: ['GET', 'POST', 'OPTIONS'],
    handler: async (req, reply) => {
      const response = await yoga.handleNodeRequestAndResponse(req, reply, { req, reply });
      response.headers.forEach((value, key) => void reply.header(key, value));
      reply.status(response.status);
      if (response.headers.get('content-type')?.includes('text/event-stream')) {
        streams.add(reply.raw);
        reply.raw.once('close', () => streams.delete(reply.raw));
      }
      reply.send(response.body);
      return reply;
    },
  });

  // graphql-ws: the same schema and context over WebSocket.
  const wss = new WebSocketServer({ noServer: true });
  app.server.on('upgrade', (request, socket, head) => {
    const path = new URL(request.url ?? '/', 'http://local').pathname;
    if (path !== '/graphql') return;
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });
  const wsServer = useServer(
    {
      execute: (args: any) => args.rootValue.execute(args),
      subscribe: (args: any) => args.rootValue.subscribe(args),
      onSubscribe: async (ctx, _id, params) => {
        const headers = { ...(ctx.extra.request.headers as Record<string, string>) };
        const auth = (ctx.connectionParams as Record<string, unknown> | undefined)?.authorization;
        if (typeof auth === 'string') headers.authorization = auth;
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
        });
        const cookies = parseCookieHeader(String(headers.cookie ?? ''));
        const args = {
          schema,
          operationName: params.operationName,
          document: parse(params.query),
          variableValues: params.variables,
          contextValue: {
            ...(await contextFactory()),
            viewer: await viewerOf(kernel, headers, cookies),
            loaders: new Loaders(),
            em: kernel.db.em(),
            requestId: randomUUID(),
          },
          rootValue: { execute, subscribe },
        };
        const errors = validate(args.schema, args.document);
        if (errors.length) return errors.map((e: unknown) => toClientError(e, kernel));
        return args;
      },
    },
    wss,
  );
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
    await wsServer.dispose();
    for (const client of wss.clients) client.terminate();
    wss.close();
  });
}

function parseCookieHeader(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}
