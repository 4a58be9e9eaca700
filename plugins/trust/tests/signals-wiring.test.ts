// Automatic signals on a real instance, through GraphQL: a fake-seeding
// ring of new accounts is queued and its third post held for review, with
// explanations a moderator can read; an honest note is left alone; spam
// comments are queued; dismissing releases a held note; thresholds are
// admin settings and bad ones are refused.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCode, expectOk, localIdOf, startTrust, type Person, type TrustTestInstance } from './helpers.ts';

let t: TrustTestInstance;
let admin: Person;
let mod: Person;

const POST = `mutation($input: NoteInput!) { createNote(input: $input) { id moderation { state } } }`;
const QUEUE = `{ moderationQueue(first: 50) { edges { node { id reason comment targetType targetId reporter { handle } reporterDomain signals { kind score explanation } } } } }`;
const SIGNALS = `query($id: ID!) { trustSignals(targetId: $id) { kind score explanation } }`;

async function post(author: Person, title: string, body: string, extra: Record<string, unknown> = {}) {
  const data = expectOk(await author.gql(POST, { input: { title, body, images: [{ mediaId: author.imageId }], visibility: 'public', ...extra } }));
  await t.settle();
  return { gid: data.createNote.id as string, state: data.createNote.moderation?.state as string };
}

async function queue() {
  return expectOk(await mod.gql(QUEUE)).moderationQueue.edges.map((e: any) => e.node);
}

const RING_LINK = 'https://item.taobao.com/item.htm?id=662211';
const ring = [
  '用了一周Lumiere修护精华，皮肤明显变好了，质地很轻薄一点都不黏，身边朋友都在问我用的什么，真的是闭眼入不踩雷，成分很安心孕妇也能用',
  '才用了一周Lumiere修护精华，皮肤明显变好了，质地轻薄一点都不黏，朋友们都在问我用的什么，闭眼入不踩雷，成分很安心孕妇也能用',
  '坚持用了一周Lumiere修护精华，皮肤明显变好，质地很轻薄一点也不黏，同事都在问我用的什么，真的是闭眼入不踩雷，成分安心孕妇也能用',
];

beforeAll(async () => {
  t = await startTrust();
  admin = await t.person('boss', 'admin');
  mod = await t.person('ming', 'moderator');
  expectOk(await admin.gql(`mutation($s: JSON!) { updatePluginSettings(plugin: "trust", settings: $s) { name } }`, {
    s: { signals: { commercial: { brands: ['Lumiere'] }, wordLists: [{ name: 'diversion', terms: ['加微信'], score: 0.7 }] } },
  }));
});

afterAll(() => t?.close());

describe('automatic signals', () => {
  const ids: string[] = [];
  const ringAuthors: Person[] = [];

  it('queues a ring of new accounts pushing one product, holds its third post, and explains why', async () => {
    for (const [i, body] of ring.entries()) {
      const author = await t.person(`ring${i + 1}`);
      ringAuthors.push(author);
      const { gid, state } = await post(author, '好物分享', `${body} ${RING_LINK}`);
      ids.push(gid);
      // The first two are public; the third completes the burst and waits for a moderator.
      expect(state).toBe(i < 2 ? 'visible' : 'held');
    }
    const reports = await queue();
    for (const gid of ids) {
      const report = reports.find((r: any) => r.targetId === gid);
      expect(report, `a report about ${gid}`).toBeTruthy();
      // Filed by the instance itself: no reporter, no other instance.
      expect(report.reporter).toBeNull();
      expect(report.reporterDomain).toBeNull();
      expect(report.reason).toBe('FAKE_SEEDING');
      const burst = report.signals.find((s: any) => s.kind === 'COORDINATED_BURST');
      expect(burst.explanation).toMatch(/^3 accounts younger than 30 days pushed the same (link item\.taobao\.com|brand Lumiere).* within 6 h \(@ring3, @ring\d and @ring\d\)/);
      expect(burst.score).toBeGreaterThanOrEqual(0.7);
    }
    const third = reports.find((r: any) => r.targetId === ids[2]);
    expect(third.signals.map((s: any) => s.kind)).toContain('NEAR_DUPLICATE');
    expect(third.signals.find((s: any) => s.kind === 'NEAR_DUPLICATE').explanation).toMatch(new RegExp(`^near-duplicate of note (${localIdOf(ids[0]!)}|${localIdOf(ids[1]!)}) by @ring[12] \\(similarity 0\\.\\d\\d\\)`));
    expect(third.comment).toContain('coordinated-burst');
  });

  it('keeps a held note from everyone but its author', async () => {
    const read = `query($id: ID!) { node(id: $id) { ... on Note { id moderation { state } } } }`;
    expect((await t.gql(read, { id: ids[2] })).data?.node ?? null).toBeNull();
    expect((await (await t.person('stranger')).gql(read, { id: ids[2] })).data?.node ?? null).toBeNull();
    expect(expectOk(await ringAuthors[2]!.gql(read, { id: ids[2] })).node).toEqual({ id: ids[2], moderation: { state: 'held' } });
  });

  it('leaves an honest note by a new account alone', async () => {
    const newcomer = await t.person('newcomer');
    const { gid, state } = await post(newcomer, '周末露营', '第一次带孩子去湖边露营，晚上有点冷，早上起来雾很美，营地厕所很干净，下次还想去');
    expect(state).toBe('visible');
    expect((await queue()).some((r: any) => r.targetId === gid)).toBe(false);
    expect(expectOk(await mod.gql(SIGNALS, { id: gid })).trustSignals).toEqual([]);
  });

  it('queues spam comments and listed words, without removing them', async () => {
    const note = ids[0]!;
    const spammer = await t.person('spammer');
    const spam = await t.comment(spammer, note, '免费领取 https://t.cn/A6xYz1 还有 https://bit.ly/3aBcD');
    const listed = await t.comment(spammer, note, '想要的 加 微 信 私聊');
    const reports = await queue();
    const spamReport = reports.find((r: any) => r.targetId === spam);
    expect(spamReport.reason).toBe('SPAM');
    expect(spamReport.signals[0].explanation).toBe('spam link evidence: 2 shortened links (t.cn/A6xYz1 and bit.ly/3aBcD)');
    const listedReport = reports.find((r: any) => r.targetId === listed);
    expect(listedReport.signals[0]).toEqual({ kind: 'WORD_LIST', score: 0.7, explanation: 'word list "diversion" matched "加微信"' });
    const comments = expectOk(await t.gql(`query($id: ID!) { node(id: $id) { ... on Note { commentsCount } } }`, { id: note })).node;
    expect(comments.commentsCount).toBe(2);
  });

  it('releases a held note when a moderator dismisses its report; the signals stay as history', async () => {
    const report = (await queue()).find((r: any) => r.targetId === ids[2]);
    expectOk(await mod.gql(`mutation($r: ID!) { moderate(reportId: $r, action: DISMISS, reason: "a real customer after all") { id } }`, { r: report.id }));
    await t.settle();
    const seen = expectOk(await t.gql(`query($id: ID!) { node(id: $id) { ... on Note { id } } }`, { id: ids[2] })).node;
    expect(seen?.id).toBe(ids[2]);
    const kept = expectOk(await mod.gql(SIGNALS, { id: ids[2] })).trustSignals.map((s: any) => s.kind);
    expect(kept).toEqual(expect.arrayContaining(['COORDINATED_BURST', 'NEAR_DUPLICATE']));
  });

  it('shows signals to staff only, on notes and comments only', async () => {
    const person = await t.person('curious');
    expectCode(await person.gql(SIGNALS, { id: ids[0] }), 'FORBIDDEN');
    expectCode(await mod.gql(SIGNALS, { id: person.gid }), 'BAD_USER_INPUT');
  });

  it('takes thresholds from the admin and refuses bad ones, keeping the old settings', async () => {
    const set = (s: unknown) => admin.gql(`mutation($s: JSON!) { updatePluginSettings(plugin: "trust", settings: $s) { settings } }`, { s });
    expectCode(await set({ signals: { thresholds: { nearDuplicate: { queueAt: 2 } } } }), 'BAD_USER_INPUT');
    expectCode(await set({ signals: { wordLists: [{ name: '', terms: ['x'] }] } }), 'BAD_USER_INPUT');
    const plugins = expectOk(await admin.gql(`{ plugins { name settings } }`)).plugins;
    expect(plugins.find((p: any) => p.name === 'trust').settings.signals.commercial.brands).toEqual(['Lumiere']);
    // Holding nothing: another wave of the ring is queued, but nothing waits.
    expectOk(await set({ signals: { commercial: { brands: ['Lumiere'] }, thresholds: { coordinatedBurst: { holdAt: null }, nearDuplicate: { holdAt: null } } } }));
    const wave: { gid: string; state: string }[] = [];
    for (const [i, body] of ring.entries()) wave.push(await post(await t.person(`wave${i + 1}`), '好物', `${body} 链接 https://shop.example.com/p/9`));
    expect(wave.map((w) => w.state)).toEqual(['visible', 'visible', 'visible']);
    const reports = await queue();
    for (const w of wave) expect(reports.some((r: any) => r.targetId === w.gid)).toBe(true);
  });
});
