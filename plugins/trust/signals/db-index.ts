// The signal index in the database: fingerprints of posted notes and
// comments with their band keys and pushed keys, answering the lookups of
// evaluate() with indexed queries (band_key / key, then posted_at).

import type { Kysely } from 'kysely';
import { timestampValue, toDate, type PluginContext } from '../../../core/index.ts';
import type { KeyUse } from './bursts.ts';
import type { Fingerprinted, SignalIndex } from './evaluate.ts';
import { decodeSignature, encodeSignature, type Lookalike } from './near-duplicate.ts';
import type { SignalTargetType } from './types.ts';

/** At most this many rows per lookup: a band or key shared by more says enough already. */
const LOOKUP_LIMIT = 500;
const MAX_KEY = 500;
const FP_COLUMNS = ['f.id', 'f.target_type', 'f.target_id', 'f.account_id', 'f.account_handle', 'f.account_created_at', 'f.posted_at', 'f.signature'] as const;

const storedKey = (key: string) => key.slice(0, MAX_KEY);

function fingerprintOf(row: any) {
  return {
    type: row.target_type as SignalTargetType,
    id: Number(row.target_id),
    authorId: Number(row.account_id),
    authorHandle: String(row.account_handle),
    authorCreatedAt: toDate(row.account_created_at)?.getTime() ?? null,
    at: toDate(row.posted_at)!.getTime(),
    signature: row.signature ? decodeSignature(row.signature) : null,
  };
}

export class DbSignalIndex implements SignalIndex {
  private readonly ctx: PluginContext;
  constructor(ctx: PluginContext) {
    this.ctx = ctx;
  }

  private get db(): Kysely<any> {
    return this.ctx.db.kysely();
  }

  private ts(ms: number) {
    return timestampValue(this.ctx.db.dialect, new Date(ms));
  }

  async lookalikes(bands: number[], since: number): Promise<Lookalike[]> {
    if (!bands.length) return [];
    const rows = await this.db
      .selectFrom('trust_fingerprint_bands as b')
      .innerJoin('trust_fingerprints as f', 'f.id', 'b.fingerprint_id')
      .select(FP_COLUMNS)
      .where('b.band_key', 'in', bands)
      .where('b.posted_at', '>=', this.ts(since))
      .orderBy('b.posted_at', 'desc')
      .limit(LOOKUP_LIMIT)
      .execute();
    const found = new Map<number, Lookalike>();
    for (const row of rows) {
      const fp = fingerprintOf(row);
      if (fp.signature) found.set(Number(row.id), { ...fp, signature: fp.signature });
    }
    return [...found.values()];
  }

  async keyUses(keys: string[], since: number): Promise<KeyUse[]> {
    if (!keys.length) return [];
    const rows = await this.db
      .selectFrom('trust_signal_keys as k')
      .innerJoin('trust_fingerprints as f', 'f.id', 'k.fingerprint_id')
      .select([...FP_COLUMNS, 'k.key'])
      .where('k.key', 'in', keys.map(storedKey))
      .where('k.posted_at', '>=', this.ts(since))
      .orderBy('k.posted_at', 'desc')
      .limit(LOOKUP_LIMIT)
      .execute();
    const full = new Map(keys.map((k) => [storedKey(k), k]));
    return rows.map((row) => ({ ...fingerprintOf(row), key: full.get(row.key) ?? row.key }));
  }

  /** Stores (or replaces) a posted text's fingerprint. */
  async add(fp: Fingerprinted): Promise<void> {
    const s = fp.subject;
    if (s.id == null) throw new Error('Only stored notes and comments are indexed');
    await this.ctx.db.transaction(async ({ db }) => {
      await this.removeIn(db, s.type, s.id!);
      const row = await db
        .insertInto('trust_fingerprints')
        .values({
          target_type: s.type, target_id: s.id, account_id: s.authorId, account_handle: s.authorHandle.slice(0, 300),
          account_created_at: s.authorCreatedAt == null ? null : this.ts(s.authorCreatedAt), posted_at: this.ts(s.at),
          signature: fp.signature ? encodeSignature(fp.signature) : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = Number(row.id);
      const postedAt = this.ts(s.at);
      if (fp.bands.length) await db.insertInto('trust_fingerprint_bands').values(fp.bands.map((band_key) => ({ band_key, fingerprint_id: id, posted_at: postedAt }))).execute();
      const keys = [...new Set(fp.keys.map((k) => storedKey(k.key)))];
      if (keys.length) await db.insertInto('trust_signal_keys').values(keys.map((key) => ({ key, fingerprint_id: id, posted_at: postedAt }))).execute();
    });
  }

  /**
   * Forgets fingerprints posted before `before` (older than every lookup
   * window), at most `limit` at a time; returns how many went.
   */
  async prune(before: number, limit = 1000): Promise<number> {
    const old = await this.db.selectFrom('trust_fingerprints').select('id').where('posted_at', '<', this.ts(before)).orderBy('id').limit(limit).execute();
    if (!old.length) return 0;
    const ids = old.map((r) => Number(r.id));
    await this.ctx.db.transaction(async ({ db }) => {
      await db.deleteFrom('trust_fingerprint_bands').where('fingerprint_id', 'in', ids).execute();
      await db.deleteFrom('trust_signal_keys').where('fingerprint_id', 'in', ids).execute();
      await db.deleteFrom('trust_fingerprints').where('id', 'in', ids).execute();
    });
    return ids.length;
  }

  /** Takes a deleted text out of the index (its signals stay, as history). */
  async remove(type: SignalTargetType, id: number): Promise<void> {
    await this.ctx.db.transaction(({ db }) => this.removeIn(db, type, id));
  }

  private async removeIn(db: Kysely<any>, type: SignalTargetType, id: number): Promise<void> {
    const old = await db.selectFrom('trust_fingerprints').select('id').where('target_type', '=', type).where('target_id', '=', id).execute();
    if (!old.length) return;
    const ids = old.map((r) => Number(r.id));
    await db.deleteFrom('trust_fingerprint_bands').where('fingerprint_id', 'in', ids).execute();
    await db.deleteFrom('trust_signal_keys').where('fingerprint_id', 'in', ids).execute();
    await db.deleteFrom('trust_fingerprints').where('id', 'in', ids).execute();
  }
}
