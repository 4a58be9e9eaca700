// The search pages' own client files (the autocomplete island and a small
// stylesheet), served by the search plugin at /search/assets/<name>.<hash>.<ext>:
// the web plugin's asset folder is its own, and content-hashed names may be
// cached for a year. Answers 404 when search or web is switched off.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { PluginContext } from '../../../core/index.ts';

const DIR = fileURLToPath(new URL('./client/', import.meta.url));
const TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

interface ClientFile { url: string; type: string; body: Buffer }

let files: { byName: Map<string, ClientFile>; byFile: Map<string, ClientFile> } | null = null;

function load() {
  if (files) return files;
  const byName = new Map<string, ClientFile>();
  const byFile = new Map<string, ClientFile>();
  for (const name of readdirSync(DIR).sort()) {
    const dot = name.lastIndexOf('.');
    const type = TYPES[name.slice(dot + 1)];
    if (!type) continue;
    const body = readFileSync(DIR + name);
    const file = `${name.slice(0, dot)}.${createHash('sha256').update(body).digest('hex').slice(0, 10)}${name.slice(dot)}`;
    const entry = { url: `/search/assets/${file}`, type, body };
    byName.set(name, entry);
    byFile.set(file, entry);
  }
  return (files = { byName, byFile });
}

/** "autocomplete.js" → "/search/assets/autocomplete.<hash>.js". */
export function searchAsset(name: string): string {
  const found = load().byName.get(name);
  if (!found) throw new Error(`The search plugin has no client file "${name}"`);
  return found.url;
}

export function mountSearchAssets(app: FastifyInstance, ctx: PluginContext): void {
  app.get<{ Params: { file: string } }>('/search/assets/:file', async (req, reply) => {
    const found = ctx.isEnabled('search') && ctx.isEnabled('web') ? load().byFile.get(req.params.file) : undefined;
    if (!found) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'No such asset' } });
    return reply.type(found.type).header('cache-control', 'public, max-age=31536000, immutable').send(found.body);
  });
}
