// The semantic option (off by default): an embedding provider behind a small
// interface — any OpenAI-compatible HTTP endpoint (POST <url>/embeddings,
// e.g. a local model server), configured in the plugin settings — and
// hybrid retrieval: notes whose vectors are close to the query's join the
// keyword candidates, and similarity adds to the score ("similar in
// meaning"). Vectors are computed in a job after indexing, so a slow or
// failing provider never blocks writing a note; at query time a failing
// provider leaves the answer keyword-only (logged, explained).
//
// The vector scan is exact and linear in the number of stored vectors
// (capped by `semantic.scanLimit`, newest first): fine for a community
// instance; a large one wants an ANN index (pgvector), not built here.

import type { Kysely } from 'kysely';
import type { PluginContext } from '../../core/index.ts';
import { NotesServiceRef } from '../notes/contracts.ts';
import type { SearchSettings } from './settings.ts';

export interface EmbeddingProvider {
  /** Identifies the vector space (url + model): vectors of another space are not compared. */
  readonly space: string;
  embed(texts: string[]): Promise<Float32Array[]>;
}

/** Unit length, so a dot product is the cosine similarity. */
export function normalize(v: ArrayLike<number>): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  const norm = Math.sqrt(sum) || 1;
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i]! / norm;
  return out;
}

export function dot(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

const encode = (v: Float32Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
const decode = (s: string) => {
  const b = Buffer.from(s, 'base64');
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};

/** A provider speaking the OpenAI embeddings API: POST {url}/embeddings { model, input } → { data: [{ index, embedding }] }. */
export function openAiCompatibleProvider(options: { url: string; model: string; apiKey?: string; timeoutMs: number }): EmbeddingProvider {
  const endpoint = `${options.url.replace(/\/+$/, '')}/embeddings`;
  return {
    space: `${endpoint}#${options.model}`,
    async embed(texts) {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
        body: JSON.stringify({ model: options.model, input: texts }),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      if (!res.ok) throw new Error(`embedding provider answered HTTP ${res.status}`);
      const body = (await res.json()) as { data?: { index?: number; embedding?: unknown }[] };
      const data = Array.isArray(body.data) ? body.data : [];
      const out: Float32Array[] = new Array(texts.length);
      for (const [i, d] of data.entries()) {
        const at = typeof d.index === 'number' ? d.index : i;
        if (!Array.isArray(d.embedding) || !d.embedding.every((x) => typeof x === 'number' && Number.isFinite(x))) throw new Error('embedding provider sent a vector that is not a list of numbers');
        if (at >= 0 && at < texts.length) out[at] = normalize(d.embedding as number[]);
      }
      if (out.filter(Boolean).length !== texts.length) throw new Error(`embedding provider sent ${data.length} vectors for ${texts.length} texts`);
      return out;
    },
  };
}

export class SemanticIndex {
  private readonly ctx: PluginContext<SearchSettings>;
  private queryCache = new Map<string, Float32Array>();
  private providerKey = '';
  private provider: EmbeddingProvider | null = null;

  constructor(ctx: PluginContext<SearchSettings>) {
    this.ctx = ctx;
  }

  private get db(): Kysely<any> {
    return this.ctx.db.kysely();
  }

  /** The configured provider, or null when the option is off. */
  current(): EmbeddingProvider | null {
    const s = this.ctx.settings().semantic;
    if (!s.enabled || !s.url) return null;
    const apiKey = s.apiKeyEnv ? process.env[s.apiKeyEnv] : undefined;
    const key = JSON.stringify([s.url, s.model, s.timeoutMs, apiKey ?? '']);
    if (key !== this.providerKey) {
      this.provider = openAiCompatibleProvider({ url: s.url, model: s.model, apiKey, timeoutMs: s.timeoutMs });
      this.providerKey = key;
      this.queryCache.clear();
    }
    return this.provider;
  }

  /** Computes and stores vectors of these notes (the `embed` job); unsearchable notes lose theirs. */
  async embedNotes(noteIds: number[]): Promise<number> {
    const provider = this.current();
    if (!provider || !noteIds.length) return 0;
    const indexed = new Set((await this.db.selectFrom('search_docs').select('note_id').where('note_id', 'in', noteIds).execute()).map((r) => Number(r.note_id)));
    const gone = noteIds.filter((id) => !indexed.has(id));
    if (gone.length) await this.db.deleteFrom('search_vectors').where('note_id', 'in', gone).execute();
    const notesService = this.ctx.services.get(NotesServiceRef);
    const notes = (await notesService.getByIds([...indexed])).filter((n) => n !== null);
    if (!notes.length) return 0;
    // plainText holds the title, body and blocks.
    const vectors = await provider.embed(notes.map((n) => notesService.plainText(n).slice(0, 4000)));
    const now = Date.now();
    await this.ctx.db.transaction(async (tx) => {
      await tx.db.deleteFrom('search_vectors').where('note_id', 'in', notes.map((n) => n.id)).execute();
      await tx.db.insertInto('search_vectors').values(notes.map((n, i) => ({
        note_id: n.id, space: provider.space.slice(0, 300), dims: vectors[i]!.length, vector: encode(vectors[i]!), updated_at: now,
      }))).execute();
    });
    return notes.length;
  }

  async forget(noteIds: number[]): Promise<void> {
    if (noteIds.length) await this.db.deleteFrom('search_vectors').where('note_id', 'in', noteIds).execute();
  }

  /** Notes nearest to the query in meaning (similarity in -1..1), best first; null when the option is off. */
  async nearest(query: string, limit: number): Promise<Map<number, number> | null> {
    const provider = this.current();
    if (!provider) return null;
    let q = this.queryCache.get(query);
    if (!q) {
      q = (await provider.embed([query]))[0]!;
      if (this.queryCache.size > 500) this.queryCache.clear();
      this.queryCache.set(query, q);
    }
    const scanLimit = this.ctx.settings().semantic.scanLimit;
    const best: { id: number; sim: number }[] = [];
    for (let offset = 0; offset < scanLimit; offset += 5000) {
      const rows = await this.db.selectFrom('search_vectors').select(['note_id', 'vector']).where('space', '=', provider.space.slice(0, 300))
        .orderBy('note_id', 'desc').offset(offset).limit(Math.min(5000, scanLimit - offset)).execute();
      for (const r of rows) best.push({ id: Number(r.note_id), sim: dot(q, decode(r.vector as string)) });
      if (rows.length < 5000) break;
    }
    const min = this.ctx.settings().semantic.minSimilarity;
    best.sort((a, b) => b.sim - a.sim || b.id - a.id);
    return new Map(best.filter((b) => b.sim >= min).slice(0, limit).map((b) => [b.id, b.sim]));
  }
}

const indexes = new WeakMap<PluginContext, SemanticIndex>();
export function semanticOf(ctx: PluginContext): SemanticIndex {
  let s = indexes.get(ctx);
  if (!s) indexes.set(ctx, (s = new SemanticIndex(ctx as PluginContext<SearchSettings>)));
  return s;
}
