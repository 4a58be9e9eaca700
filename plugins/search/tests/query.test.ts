// Query understanding: intents, slots and expansions from the shipped
// lexicon, answer sections with reasons, admin lexicon additions through
// plugin settings, and hostile or odd input answered without error.

import { describe, it, expect, afterAll } from 'vitest';
import { isMeadowError } from '../../../core/index.ts';
import { engineOf } from '../engine.ts';
import { LEXICON } from '../query/lexicon.ts';
import { compileLexicon, understand } from '../query/understand.ts';
import { expectCode, expectOk, startSearch } from './helpers.ts';

const lexicon = compileLexicon(LEXICON);
const slotsOf = (q: string) => understand(q, lexicon).slots.map((s) => `${s.slot}:${s.value}`).sort();

describe('query understanding (shipped lexicon)', () => {
  it('turns vague queries into intents and slots', () => {
    expect(slotsOf('周末去哪儿玩')).toEqual(['activity:outing', 'time:weekend']);
    expect(understand('周末去哪儿玩', lexicon).intents).toEqual(['find-places']);
    expect(slotsOf('where to go this weekend')).toEqual(['activity:outing', 'time:weekend']);
    expect(slotsOf('敏感肌面霜推荐')).toEqual(['activity:skincare', 'audience:sensitive-skin', 'need:recommendation']);
    expect(understand('敏感肌面霜推荐', lexicon).intents).toEqual(['product-recommendation']);
    expect(slotsOf('rainy day with kids')).toEqual(['activity:indoor', 'audience:kids']);
    expect(slotsOf('週末帶娃去上海')).toEqual(['audience:kids', 'place:shanghai', 'time:weekend']);
    expect(slotsOf('cheap eats near me tonight')).toEqual(['activity:food', 'budget:cheap', 'place:near-me', 'time:tonight']);
    expect(understand('露营避坑', lexicon).intents).toContain('avoid-pitfalls');
    expect(understand('化妆教程', lexicon).intents).toContain('how-to');
  });

  it('expands with weaker related terms and keeps typed words strongest', () => {
    const plan = understand('rainy day with kids', lexicon);
    const weight = (term: string) => plan.terms.find((x) => x.term === term)?.weight;
    expect(weight('kid')).toBe(1);
    expect(weight('亲子')).toBeLessThan(1);
    expect(weight('室内')).toBeLessThan(1);
    // The plain plan has the typed words only.
    expect(understand('rainy day with kids', lexicon, { expand: false }).terms.map((x) => x.term)).toEqual(['rainy', 'day', 'kid']);
  });
});

describe('answers, admin lexicon and odd input', async () => {
  const t = await startSearch();
  afterAll(() => t.close());
  const ann = await t.person('ann');
  const admin = await t.person('site_admin', 'admin');
  const playground = await t.post(ann, { title: '室内乐园', body: '下雨天的亲子好去处，小朋友玩疯了 #遛娃' });
  const cafe = await t.post(ann, { title: 'Cozy café', body: 'A photogenic coffee shop, great light for photos' });
  const ski = await t.post(ann, { title: '崇礼雪场', body: '单板初学者的第一天 snowboard' });
  const run = (q: string) => engineOf(t.ctx).run(q, { first: 20 });

  it('answers in sections that say why they matched', async () => {
    const answer = await run('rainy day with kids');
    expect(answer.hits.map((h) => h.noteId)).toContain(playground.id);
    const kids = answer.sections.find((s) => s.title.startsWith('Kid-friendly'));
    expect(kids?.noteIds).toEqual([playground.id]);
    expect(kids?.reason).toMatch(/遛娃 \/ kids/);
    const hit = answer.hits.find((h) => h.noteId === playground.id)!;
    expect(hit.reasons.join(' | ')).toMatch(/遛娃 \/ kids: .*亲子/);
    const photo = await run('拍照好看的咖啡馆');
    expect(photo.sections.map((s) => s.title)).toEqual(expect.arrayContaining(['Cafés / 咖啡馆', 'Photo-friendly spots / 出片地']));
    expect(photo.hits[0]?.noteId).toBe(cafe.id);
  });

  it('takes lexicon additions from an admin through plugin settings (validated)', async () => {
    expect((await run('去滑雪')).hits.map((h) => h.noteId)).toEqual([]);
    const update = `mutation($s: JSON!) { updatePluginSettings(plugin: "search", settings: $s) { name } }`;
    const entry = { id: 'skiing', slot: 'activity', label: '滑雪 / skiing', triggers: ['滑雪', 'ski'], expand: ['雪场', 'snowboard'], section: 'Ski resorts / 雪场' };
    expectCode(await admin.gql(update, { s: { lexicon: [{ ...entry, slot: 'mood' }] } }), 'BAD_USER_INPUT');
    expectCode(await ann.gql(update, { s: { lexicon: [entry] } }), 'FORBIDDEN');
    expectOk(await admin.gql(update, { s: { lexicon: [entry] } }));
    const answer = await run('去滑雪');
    expect(answer.hits.map((h) => h.noteId)).toEqual([ski.id]);
    expect(answer.sections[0]).toMatchObject({ title: 'Ski resorts / 雪场', noteIds: [ski.id] });
    expect((await run('ski trip')).hits.map((h) => h.noteId)).toEqual([ski.id]);
  });

  it.each([
    ['"', []], ['*', []], ['NEAR', []], ['OR', []], [':', []], ['(', []], [')', []], ['"camping', []],
    ['NEAR(coffee shop, 2)', ['cafe']], ['coffee OR', ['cafe']], ['title:coffee', ['cafe']], ['coffee* AND -shop^2', ['cafe']],
    ["'; drop table search_docs; --", []], ['\\', []], ['{}[]<>&|!~', []],
  ])('treats FTS and SQL syntax as text: %s', async (query, expected) => {
    const answer = await run(query);
    const want = (expected as string[]).map((k) => ({ cafe: cafe.id } as Record<string, number>)[k]);
    for (const id of want) expect(answer.hits.map((h) => h.noteId)).toContain(id);
    if (!want.length) expect(answer.hits).toEqual([]);
  });

  it('answers empty, blank, emoji-only and mixed-script queries; refuses over-long ones clearly', async () => {
    expect((await run('')).hits).toEqual([]);
    expect((await run('   \n\t ')).hits).toEqual([]);
    expect((await run('🎉🔥')).hits).toEqual([]);
    expect((await run('☕')).hits).toEqual([]);
    expect((await run('周末 coffee 雪场 ☕ café')).hits.map((h) => h.noteId).sort()).toEqual([cafe.id, ski.id].sort());
    expect((await run('x'.repeat(500))).hits).toEqual([]);
    const long = await run('露营'.repeat(5000)).catch((err) => err);
    expect(isMeadowError(long) && long.code).toBe('BAD_USER_INPUT');
    // Nothing was touched.
    const rows = await t.ctx.db.kysely().selectFrom('search_docs').select('note_id').execute();
    expect(rows).toHaveLength(3);
  });
});
