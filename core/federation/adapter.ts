// The bridge between Fastify and Fedify: a Fastify request becomes a Web
// `Request` (full public URL from config.publicUrl, raw body bytes kept so
// Digest and HTTP signatures verify), and Fedify's Web `Response` is sent
// back through Fastify. Routes are registered for each path Fedify serves.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export type FetchHandler = (request: Request) => Promise<Response>;

/** Media types whose bodies are kept as raw bytes (ActivityPub payloads). */
export const ACTIVITY_MEDIA_TYPES = ['application/activity+json', 'application/ld+json'];

/** Keeps the body as a Buffer for every content type in this (encapsulated) scope. */
export function keepRawBodies(scope: FastifyInstance): void {
  scope.removeAllContentTypeParsers();
  const raw = (_req: FastifyRequest, body: Buffer, done: (err: Error | null, body?: Buffer) => void) => done(null, body);
  for (const type of [...ACTIVITY_MEDIA_TYPES, 'application/json']) scope.addContentTypeParser(type, { parseAs: 'buffer' }, raw);
  scope.addContentTypeParser('*', { parseAs: 'buffer' }, raw);
}

/** The Web Request Fedify sees: public URL, same headers, raw body. */
export function toWebRequest(req: FastifyRequest, publicUrl: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, String(value));
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && Buffer.isBuffer(req.body);
  return new Request(new URL(req.url, publicUrl + '/'), {
    method: req.method,
    headers,
    body: hasBody ? new Uint8Array(req.body as Buffer) : undefined,
  });
}

export async function sendWebResponse(reply: FastifyReply, response: Response): Promise<FastifyReply> {
  reply.status(response.status);
  response.headers.forEach((value, name) => {
    if (name !== 'content-length') reply.header(name, value);
  });
  const body = Buffer.from(await response.arrayBuffer());
  return reply.send(body);
}

/** "/users/{identifier}/inbox" → "/users/:identifier/inbox" */
export function toFastifyPath(template: string): string {
  return template.replace(/\{\+?([a-zA-Z0-9_]+)\}/g, ':$1');
}

/** Registers GET/HEAD (and POST for inboxes) routes that hand requests to Fedify. */
export function mountFederationRoutes(
  scope: FastifyInstance,
  paths: { path: string; post?: boolean }[],
  publicUrl: string,
  handle: FetchHandler,
): void {
  keepRawBodies(scope);
  const forward = async (req: FastifyRequest, reply: FastifyReply) => sendWebResponse(reply, await handle(toWebRequest(req, publicUrl)));
  const seen = new Set<string>();
  for (const { path, post } of paths) {
    const url = toFastifyPath(path);
    if (seen.has(url)) continue;
    seen.add(url);
    scope.route({ method: post ? ['GET', 'POST'] : ['GET'], url, handler: forward });
  }
}
