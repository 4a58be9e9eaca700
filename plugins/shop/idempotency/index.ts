// Idempotency keys for the shop's writes (checkout, pay, refund), after the
// way payment APIs do it: the client sends a key with a request; the first
// request with that key runs and its response is stored; a retry with the
// same key and the same content gets that response again and causes no
// second effect; the same key with other content is refused; a retry while
// the first still runs waits for it (briefly), then is told it is in
// progress. Keys are remembered for `idempotencyKeyHours` (24 by default).
//
// Call it outside any transaction: it claims the key in its own statement so
// that concurrent requests see the claim.

import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { badInput, conflict, timestampValue, toDate, type PluginContext } from '../../../core/index.ts';

export { idempotencyClaimMigration, idempotencyMigration } from './migration.ts';

export const idempotencySettingsShape = {
  /** Hours an idempotency key is remembered (a retry after that runs again). */
  idempotencyKeyHours: z.number().int().min(1).max(24 * 7).default(24),
};

export interface IdempotentRequest {
  /** Whose key it is (null: a request without an account). Keys of different accounts never meet. */
  accountId: number | null;
  /** The client's key: 1–255 visible ASCII characters (a UUID is ideal). */
  key: string;
  /** What kind of request ('checkout', 'pay' …): one key may serve one request per scope. */
  scope: string;
  /** The request's content; the same key with different content is refused. */
  request: unknown;
}

export interface IdempotentOutcome<T> {
  /** The response, as stored (JSON round-tripped, so a replay looks exactly like the first answer). */
  result: T;
  /** True when this is a stored response of an earlier request. */
  replayed: boolean;
}

export interface IdempotencyOptions {
  /** How long a retry waits for a concurrent request with the same key before CONFLICT (default 3 s). */
  waitMs?: number;
  /** A claim older than this is considered abandoned (its process died) and is taken over (default 60 s). */
  lockMs?: number;
}

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const POLL_MS = 25;

/** JSON with object keys sorted, so equal content hashes equally whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function requestHash(scope: string, request: unknown): string {
  return createHash('sha256').update(`${scope}\n${canonicalJson(request)}`).digest('hex');
}

export function checkIdempotencyKey(key: string): string {
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    throw badInput('An idempotency key is 1 to 255 visible ASCII characters (no spaces), e.g. a UUID', { field: 'idempotencyKey' });
  }
  return key;
}

function keyHours(ctx: PluginContext): number {
  const parsed = idempotencySettingsShape.idempotencyKeyHours.safeParse((ctx.settings() as Record<string, unknown> | undefined)?.idempotencyKeyHours);
  return parsed.success ? parsed.data : 24;
}

/**
 * Runs `fn` at most once per (account, scope, key) and returns its result,
 * or the stored result of the earlier run. `fn`'s result must be JSON. When
 * `fn` throws, the key is released (nothing was done), so a retry runs again.
 */
export async function withIdempotency<T>(
  ctx: PluginContext,
  req: IdempotentRequest,
  fn: () => Promise<T>,
  options: IdempotencyOptions = {},
): Promise<IdempotentOutcome<T>> {
  const key = checkIdempotencyKey(req.key);
  const accountId = req.accountId ?? 0;
  const hash = requestHash(req.scope, req.request);
  const waitMs = options.waitMs ?? 3000;
  const lockMs = options.lockMs ?? 60_000;
  const db = ctx.db.kysely();
  const ts = (d: Date) => timestampValue(ctx.db.dialect, d);
  const started = Date.now();

  const claim = randomUUID();
  let claimed = false;
  let rowId = 0;
  while (!claimed) {
    const now = new Date();
    const inserted = await db
      .insertInto('shop_idempotency_keys')
      .values({
        account_id: accountId, scope: req.scope, key, request_hash: hash, status: 'in_progress', response: null, claim,
        locked_at: ts(now), created_at: ts(now), expires_at: ts(new Date(now.getTime() + keyHours(ctx) * 3_600_000)),
      })
      .onConflict((oc) => oc.columns(['account_id', 'scope', 'key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) {
      claimed = true;
      rowId = Number(inserted.id);
      await forgetExpired(ctx, now);
      break;
    }
    const row = await db
      .selectFrom('shop_idempotency_keys')
      .select(['id', 'request_hash', 'status', 'response', 'locked_at', 'expires_at'])
      .where('account_id', '=', accountId)
      .where('scope', '=', req.scope)
      .where('key', '=', key)
      .executeTakeFirst();
    if (!row) continue; // it expired and was removed in between: claim again
    if (toDate(row.expires_at)!.getTime() <= now.getTime()) {
      await db.deleteFrom('shop_idempotency_keys').where('id', '=', row.id).where('expires_at', '=', row.expires_at).execute();
      continue;
    }
    if (row.request_hash !== hash) {
      throw conflict('This idempotency key was already used for a different request; use a new key for a new request', {
        reason: 'IDEMPOTENCY_KEY_REUSED', field: 'idempotencyKey',
      });
    }
    if (row.status === 'done') return { result: JSON.parse(row.response) as T, replayed: true };
    if (now.getTime() - toDate(row.locked_at)!.getTime() > lockMs) {
      // The first request's process died mid-way: take the key over.
      const taken = await db
        .updateTable('shop_idempotency_keys')
        .set({ locked_at: ts(now), claim })
        .where('id', '=', row.id)
        .where('locked_at', '=', row.locked_at)
        .where('status', '=', 'in_progress')
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) === 1) {
        claimed = true;
        rowId = Number(row.id);
      }
      continue;
    }
    if (Date.now() - started >= waitMs) {
      throw conflict('A request with this idempotency key is still in progress; retry in a moment', { reason: 'IDEMPOTENCY_KEY_IN_PROGRESS' });
    }
    await sleep(POLL_MS);
  }

  // Only this claim may store or release: a run taken over after it stalled must not overwrite the answer given.
  const mine = (q: any) => q.where('id', '=', rowId).where('claim', '=', claim);
  let result: T;
  try {
    result = await fn();
  } catch (err) {
    await mine(db.deleteFrom('shop_idempotency_keys')).execute();
    throw err;
  }
  const response = JSON.stringify(result ?? null);
  const stored = await mine(db.updateTable('shop_idempotency_keys').set({ status: 'done', response })).executeTakeFirst();
  if (Number(stored.numUpdatedRows) !== 1) {
    // Taken over while it stalled: the answer already given to the retry is the one that counts.
    const row = await db.selectFrom('shop_idempotency_keys').select(['status', 'response']).where('id', '=', rowId).executeTakeFirst();
    if (row?.status === 'done') return { result: JSON.parse(row.response) as T, replayed: true };
  }
  return { result: JSON.parse(response) as T, replayed: false };
}

/**
 * Whether the account already used this key in this scope (a request that
 * ran, or still runs, whatever its content). Read-only. Added for the
 * flash-sale module, which refuses a sold-out request from memory without
 * claiming its key — unless the key was used before, when the request may
 * be a retry owed its stored answer (it then goes through withIdempotency).
 * Thousands of buyers are refused at the same moment when a sale sells out:
 * the questions asked in one turn of the event loop go as one query per 200.
 */
export function idempotencyKeyUsed(ctx: PluginContext, req: Omit<IdempotentRequest, 'request'>): Promise<boolean> {
  const key = checkIdempotencyKey(req.key);
  return new Promise((resolve, reject) => {
    let batch = usedBatches.get(ctx);
    if (!batch) {
      usedBatches.set(ctx, (batch = []));
      setImmediate(() => void answerUsed(ctx, batch!));
    }
    batch.push({ accountId: req.accountId ?? 0, scope: req.scope, key, resolve, reject });
  });
}

interface UsedQuestion {
  accountId: number;
  scope: string;
  key: string;
  resolve(used: boolean): void;
  reject(err: unknown): void;
}

const usedBatches = new WeakMap<object, UsedQuestion[]>();

async function answerUsed(ctx: PluginContext, batch: UsedQuestion[]): Promise<void> {
  usedBatches.delete(ctx);
  const id = (accountId: unknown, scope: string, key: string) => `${Number(accountId)}\n${scope}\n${key}`;
  for (let i = 0; i < batch.length; i += 200) {
    const part = batch.slice(i, i + 200);
    try {
      const rows = await ctx.db.kysely().selectFrom('shop_idempotency_keys').select(['account_id', 'scope', 'key'])
        .where('expires_at', '>', timestampValue(ctx.db.dialect, new Date()))
        .where((eb) => eb.or(part.map((q) => eb.and([eb('account_id', '=', q.accountId), eb('scope', '=', q.scope), eb('key', '=', q.key)]))))
        .execute();
      const used = new Set(rows.map((r) => id(r.account_id, r.scope, r.key)));
      for (const q of part) q.resolve(used.has(id(q.accountId, q.scope, q.key)));
    } catch (err) {
      for (const q of part) q.reject(err);
    }
  }
}

/** Removes a batch of expired keys (cheap, done when a new key is claimed). */
async function forgetExpired(ctx: PluginContext, now: Date): Promise<void> {
  const db = ctx.db.kysely();
  const expired = db
    .selectFrom('shop_idempotency_keys')
    .select('id')
    .where('expires_at', '<', timestampValue(ctx.db.dialect, now))
    .limit(100);
  await db.deleteFrom('shop_idempotency_keys').where('id', 'in', expired).execute();
}
