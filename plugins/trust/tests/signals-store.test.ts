// The signals' tables on a real database (SQLite or PostgreSQL): the index
// answers lookups by band and key within a time window, replaces a text on
// re-indexing, forgets deleted and old ones; recorded signals are replaced
// by a new evaluation of their target but only raised by findings about
// another post; the instance files one open report per target; a dismissed
// report ends the demotion.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PluginContext } from '../../../core/index.ts';
import { DbSignalIndex } from '../signals/db-index.ts';
import { fingerprint } from '../signals/evaluate.ts';
import { signalQueueOf } from '../signals/queue.ts';
import { defaultSignalSettings } from '../signals/settings.ts';
import type { SignalSubject } from '../signals/types.ts';
import { expectOk, localIdOf, startTrust, type Person, type TrustTestInstance } from './helpers.ts';

const DAY = 86_400_000;
let t: TrustTestInstance;
let ctx: PluginContext<any>;
let index: DbSignalIndex;
let mod: Person;

const TEXT = '周末和朋友去了西湖边，燕麦拿铁很顺口，店员会推荐豆子，下午阳光照进来很舒服，插座很多适合办公，下次还会再来 https://shop.example.com/p/1';
const subject = (id: number, at: number, over: Partial<SignalSubject> = {}): SignalSubject => ({
  type: 'Note', id, authorId: id, authorHandle: `p${id}`, authorCreatedAt: at - DAY, at, text: TEXT, links: ['https://shop.example.com/p/1'], hashtags: [], productRefs: [], disclosure: null, ...over,
});

beforeAll(async () => {
  t = await startTrust();
  ctx = t.meadow.kernel.contextOf('trust');
  index = new DbSignalIndex(ctx);
  mod = await t.person('ming', 'moderator');
});

afterAll(() => t?.close());

describe('the signal index in the database', () => {
  const settings = defaultSignalSettings();
  const now = Date.now();

  it('finds lookalikes and key uses within the window, with what the detectors need', async () => {
    await index.add(fingerprint(subject(1001, now - 2 * DAY), settings));
    await index.add(fingerprint(subject(1002, now - 40 * DAY), settings));
    const probe = fingerprint(subject(1003, now), settings);
    const found = await index.lookalikes(probe.bands, now - 10 * DAY);
    expect(found.map((f) => f.id)).toEqual([1001]);
    expect(found[0]).toMatchObject({ type: 'Note', authorId: 1001, authorHandle: 'p1001', at: now - 2 * DAY });
    expect(Array.from(found[0]!.signature)).toEqual(Array.from(probe.signature!));
    const uses = await index.keyUses(['link:shop.example.com/p/1'], now - 100 * DAY);
    expect(uses.map((u) => u.id).sort()).toEqual([1001, 1002]);
    expect(uses.find((u) => u.id === 1001)).toMatchObject({ key: 'link:shop.example.com/p/1', authorCreatedAt: now - 3 * DAY });
  });

  it('replaces a text indexed again, and forgets deleted and old ones', async () => {
    await index.add(fingerprint(subject(1001, now - DAY, { text: 'Something else entirely, written again from the start with new words and no link at all here', links: [] }), settings));
    expect((await index.keyUses(['link:shop.example.com/p/1'], 0)).map((u) => u.id)).toEqual([1002]);
    await index.remove('Note', 1001);
    expect(await index.lookalikes(fingerprint(subject(1004, now), settings).bands, 0)).toHaveLength(1);
    expect(await index.prune(now - 30 * DAY)).toBe(1);
    expect(await index.lookalikes(fingerprint(subject(1004, now), settings).bands, 0)).toEqual([]);
    expect(await index.prune(now - 30 * DAY)).toBe(0);
  });
});

describe('recorded signals and the instance’s reports', () => {
  it('keeps one row per kind: a new evaluation replaces, a finding from another post only raises', async () => {
    const author = await t.person('writer');
    const gid = await t.post(author, '一条普通的笔记，没有什么特别的');
    const id = localIdOf(gid);
    const queue = signalQueueOf(ctx);
    const target = { type: 'Note' as const, id, accountId: author.id };
    await queue.record(target, [{ kind: 'undisclosed-ad', score: 0.7, explanation: 'first' }], null);
    await queue.record(target, [{ kind: 'coordinated-burst', score: 0.8, explanation: 'burst' }], 'Note:99');
    await queue.record(target, [{ kind: 'coordinated-burst', score: 0.7, explanation: 'weaker' }], 'Note:98');
    expect((await queue.signalsOf('Note', id)).map((s) => [s.kind, s.explanation])).toEqual([['coordinated-burst', 'burst'], ['undisclosed-ad', 'first']]);
    // The author edited: the ad signal is gone, the burst (found elsewhere) stays.
    await queue.record(target, [], null);
    expect((await queue.signalsOf('Note', id)).map((s) => s.kind)).toEqual(['coordinated-burst']);

    const first = await queue.fileIfDue(target);
    const again = await queue.fileIfDue(target);
    expect(again).toBe(first);
    expect((await queue.demotions([id])).get(id)?.kind).toBe('coordinated-burst');
    const reportGid = expectOk(await mod.gql(`{ moderationQueue(first: 50) { edges { node { id targetId signals { kind } } } } }`)).moderationQueue.edges
      .map((e: any) => e.node).find((n: any) => n.targetId === gid);
    expect(reportGid.signals).toEqual([{ kind: 'COORDINATED_BURST' }]);
    expectOk(await mod.gql(`mutation($r: ID!) { moderate(reportId: $r, action: DISMISS, reason: "a coincidence") { id } }`, { r: reportGid.id }));
    expect((await queue.demotions([id])).size).toBe(0);
  });
});
