// GET /ns/meadow: Meadow's JSON-LD context (schema/meadow.jsonld), for
// readers that want to know what the `meadow:` fields of a note mean.

import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { MEADOW_CONTEXT_PATH } from './extensions.ts';

const CONTEXT_FILE = new URL('../../../schema/meadow.jsonld', import.meta.url);

export function meadowContextRoute(app: FastifyInstance): void {
  const body = readFileSync(CONTEXT_FILE, 'utf8');
  app.get(MEADOW_CONTEXT_PATH, async (_req, reply) =>
    reply.header('content-type', 'application/ld+json; charset=utf-8').header('cache-control', 'public, max-age=86400').header('access-control-allow-origin', '*').send(body),
  );
}
