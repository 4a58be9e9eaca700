// withIdempotency, as checkout uses it: one run per (account, scope, key);
// the stored answer replayed; other content refused; a concurrent request
// waits for the first or is told it is in progress; a failure frees the key;
// expired keys and abandoned claims run again.

import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson, withIdempotency } from '../idempotency/index.ts';
import { startPayments } from './payments-helpers.ts';

function deferred() {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

describe('idempotency keys', async () => {
  const t = await startPayments();
  afterAll(() => t.close());
  const ctx = t.shop;
  const db = () => t.meadow.kernel.db.kysely();
  const ts = (d: Date) => (t.meadow.kernel.db.dialect === 'sqlite' ? d.getTime() : d);

  it('runs once and replays the stored answer (JSON, also to the first caller)', async () => {
    let runs = 0;
    const run = () => withIdempotency(ctx, { accountId: 1, key: 'k1', scope: 'checkout', request: { cart: [1, 2] } }, async () => ({ order: ++runs, at: new Date(0) }));
    expect(await run()).toEqual({ result: { order: 1, at: '1970-01-01T00:00:00.000Z' }, replayed: false });
    expect(await run()).toEqual({ result: { order: 1, at: '1970-01-01T00:00:00.000Z' }, replayed: true });
    expect(runs).toBe(1);
  });

  it('the same key with another cart is CONFLICT IDEMPOTENCY_KEY_REUSED; key order in the content does not matter', async () => {
    await withIdempotency(ctx, { accountId: 1, key: 'cart-key', scope: 'checkout', request: { items: [{ v: 1, q: 2 }], note: 'x' } }, async () => 'order-1');
    const same = await withIdempotency(ctx, { accountId: 1, key: 'cart-key', scope: 'checkout', request: { note: 'x', items: [{ q: 2, v: 1 }] } }, async () => 'order-2');
    expect(same).toEqual({ result: 'order-1', replayed: true });
    await expect(
      withIdempotency(ctx, { accountId: 1, key: 'cart-key', scope: 'checkout', request: { items: [{ v: 1, q: 3 }], note: 'x' } }, async () => 'order-3'),
    ).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'IDEMPOTENCY_KEY_REUSED' } });
    // Another account or another scope with the same key is a different key.
    expect((await withIdempotency(ctx, { accountId: 2, key: 'cart-key', scope: 'checkout', request: {} }, async () => 'theirs')).replayed).toBe(false);
    expect((await withIdempotency(ctx, { accountId: 1, key: 'cart-key', scope: 'pay', request: {} }, async () => 'pay')).replayed).toBe(false);
    expect(canonicalJson({ b: [1, { d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[1,{"c":2,"d":1}]}');
  });

  it('concurrent requests with one key: one runs; the other waits for its answer, or is told it is in progress', async () => {
    const gate = deferred();
    let runs = 0;
    const req = { accountId: 3, key: 'concurrent', scope: 'checkout', request: { cart: 'a' } };
    const first = withIdempotency(ctx, req, async () => {
      runs++;
      await gate.promise;
      return { order: 42 };
    });
    // Let the first claim the key.
    while (!(await db().selectFrom('shop_idempotency_keys').select('id').where('key', '=', 'concurrent').executeTakeFirst())) await new Promise((r) => setImmediate(r));

    await expect(withIdempotency(ctx, req, async () => ({ order: -1 }), { waitMs: 0 })).rejects.toMatchObject({
      code: 'CONFLICT', details: { reason: 'IDEMPOTENCY_KEY_IN_PROGRESS' },
    });
    const waiting = withIdempotency(ctx, req, async () => ({ order: -2 }), { waitMs: 60_000 });
    gate.release();
    expect(await first).toEqual({ result: { order: 42 }, replayed: false });
    expect(await waiting).toEqual({ result: { order: 42 }, replayed: true });
    expect(runs).toBe(1);
  });

  it('a failed run frees the key: the retry runs again', async () => {
    const req = { accountId: 4, key: 'flaky', scope: 'checkout', request: { cart: 'b' } };
    await expect(withIdempotency(ctx, req, async () => { throw new Error('stock service down'); })).rejects.toThrow('stock service down');
    expect(await withIdempotency(ctx, req, async () => 'ok')).toEqual({ result: 'ok', replayed: false });
  });

  it('an expired key runs again (and may carry other content); an abandoned claim is taken over', async () => {
    const req = { accountId: 5, key: 'old', scope: 'checkout', request: { cart: 'c' } };
    await withIdempotency(ctx, req, async () => 'yesterday');
    await db().updateTable('shop_idempotency_keys').set({ expires_at: ts(new Date(Date.now() - 1000)) }).where('key', '=', 'old').execute();
    expect(await withIdempotency(ctx, { ...req, request: { cart: 'd' } }, async () => 'today')).toEqual({ result: 'today', replayed: false });

    // A claim whose process died (never finished, locked long ago).
    const gate = deferred();
    const stuck = withIdempotency(ctx, { accountId: 5, key: 'stuck', scope: 'checkout', request: {} }, async () => {
      await gate.promise;
      return 'never stored';
    });
    while (!(await db().selectFrom('shop_idempotency_keys').select('id').where('key', '=', 'stuck').executeTakeFirst())) await new Promise((r) => setImmediate(r));
    await db().updateTable('shop_idempotency_keys').set({ locked_at: ts(new Date(Date.now() - 120_000)) }).where('key', '=', 'stuck').execute();
    expect(await withIdempotency(ctx, { accountId: 5, key: 'stuck', scope: 'checkout', request: {} }, async () => 'taken over')).toEqual({ result: 'taken over', replayed: false });
    // The first run finishing late does not overwrite the answer given, and hears it.
    gate.release();
    expect(await stuck).toEqual({ result: 'taken over', replayed: true });
    expect(await withIdempotency(ctx, { accountId: 5, key: 'stuck', scope: 'checkout', request: {} }, async () => 'third')).toEqual({ result: 'taken over', replayed: true });
  });

  it('refuses keys that are empty, too long or not visible ASCII', async () => {
    for (const key of ['', ' ', 'a b', 'é', 'x'.repeat(256)]) {
      await expect(withIdempotency(ctx, { accountId: 1, key, scope: 'checkout', request: {} }, async () => 1)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
  });
});
