// Demotion by automatic signals, observed through search and the discovery
// feed of a real instance with the search plugin: an undisclosed ad ranks
// below honest notes and says why; with signals switched off it does not;
// once its author adds the paid-promotion label, the signal and the
// demotion are gone.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Tests may boot the real search plugin; plugin code may not import it.
// eslint-disable-next-line meadow/plugin-boundaries
import searchPlugin from '../../search/index.ts';
import { expectOk, startTrust, type Person, type TrustTestInstance } from './helpers.ts';

let t: TrustTestInstance;
let admin: Person;
let mod: Person;
let honestIds: string[] = [];
let adId = '';

const SEARCH = `query($q: String!) { search(query: $q, first: 10) { notes { edges { node { id } reasons } } } }`;
const FEED = `query { discoverFeed(first: 10) { reasons note { id } } }`;
const AD_BODY = '露营必备！Lumiere 防晒喷雾，露营一整天都不晒黑，露营党闭眼入，use code CAMP30 for 20% off';

async function setSignals(signals: Record<string, unknown>) {
  expectOk(await admin.gql(`mutation($s: JSON!) { updatePluginSettings(plugin: "trust", settings: $s) { name } }`, { s: { signals } }));
}

async function post(author: Person, title: string, body: string, extra: Record<string, unknown> = {}) {
  const data = expectOk(await author.gql(`mutation($input: NoteInput!) { createNote(input: $input) { id moderation { state } } }`, {
    input: { title, body, images: [{ mediaId: author.imageId }], visibility: 'public', ...extra },
  }));
  await t.settle();
  return data.createNote.id as string;
}

const searchOrder = async () => expectOk(await mod.gql(SEARCH, { q: '露营' })).search.notes.edges as { node: { id: string }; reasons: string[] }[];
const feedOrder = async () => expectOk(await mod.gql(FEED)).discoverFeed as { note: { id: string }; reasons: string[] }[];

beforeAll(async () => {
  t = await startTrust(undefined, [searchPlugin]);
  admin = await t.person('boss', 'admin');
  mod = await t.person('ming', 'moderator');
  await setSignals({ commercial: { brands: ['Lumiere'] } });
  const campers = await Promise.all(['lin', 'wei'].map((h) => t.person(h)));
  honestIds = [
    await post(campers[0]!, '湖边的周末', '周末去湖边露营，晚上有点冷，早上起来雾很美'),
    await post(campers[1]!, '山里的星空', '第一次在山里露营，星空特别好看，山风很凉快'),
  ];
  // Posted last: the newest, and the strongest match for 露营.
  adId = await post(await t.person('sunny'), '露营必备防晒', AD_BODY);
});

afterAll(() => t?.close());

describe('demotion by automatic signals', () => {
  it('queues the ad without holding it', async () => {
    const signals = expectOk(await mod.gql(`query($id: ID!) { trustSignals(targetId: $id) { kind score explanation } }`, { id: adId })).trustSignals;
    expect(signals.map((s: any) => s.kind)).toEqual(['UNDISCLOSED_AD']);
    expect(signals[0].score).toBeGreaterThanOrEqual(0.6);
    expect(signals[0].score).toBeLessThan(0.9);
    expect(signals[0].explanation).toBe('commercial wording ("闭眼入" and "use code") with brand Lumiere and code CAMP30; no paid-promotion label');
  });

  it('ranks the ad below honest notes in search and the feed, with a reason', async () => {
    const hits = await searchOrder();
    const ids = hits.map((h) => h.node.id);
    expect(ids).toEqual(expect.arrayContaining([...honestIds, adId]));
    expect(ids.indexOf(adId)).toBeGreaterThan(Math.max(...honestIds.map((id) => ids.indexOf(id))));
    expect(hits.find((h) => h.node.id === adId)!.reasons).toContain('shown lower: reads like an ad without a paid-promotion label');
    const feed = await feedOrder();
    const at = feed.findIndex((i) => i.note.id === adId);
    expect(at).toBeGreaterThan(Math.max(...honestIds.map((id) => feed.findIndex((i) => i.note.id === id))));
    expect(feed[at]!.reasons).toContain('shown lower: reads like an ad without a paid-promotion label');
  });

  it('does not demote with signals switched off', async () => {
    await setSignals({ enabled: false, commercial: { brands: ['Lumiere'] } });
    try {
      const hits = await searchOrder();
      expect(hits[0]!.node.id).toBe(adId);
      expect(hits[0]!.reasons.some((r) => r.startsWith('shown lower'))).toBe(false);
      const feed = await feedOrder();
      expect(feed[0]!.note.id).toBe(adId);
    } finally {
      await setSignals({ commercial: { brands: ['Lumiere'] } });
    }
  });

  it('drops the signal and the demotion once the author adds the label', async () => {
    const sunny = await t.person('sunny2');
    const labelled = await post(sunny, '新买的帐篷', '这顶 Lumiere 帐篷两分钟就能搭好，下雨也不漏，周末带去山里试了试，use code TENT15 for 15% off');
    expect((await feedOrder()).find((i) => i.note.id === labelled)!.reasons.some((r) => r.startsWith('shown lower'))).toBe(true);
    expectOk(await sunny.gql(`mutation($id: ID!, $input: NoteInput!) { updateNote(id: $id, input: $input) { id } }`, { id: labelled, input: { disclosure: 'sponsored' } }));
    await t.settle();
    expect(expectOk(await mod.gql(`query($id: ID!) { trustSignals(targetId: $id) { kind } }`, { id: labelled })).trustSignals).toEqual([]);
    expect((await feedOrder()).find((i) => i.note.id === labelled)!.reasons.some((r) => r.startsWith('shown lower'))).toBe(false);
  });
});
