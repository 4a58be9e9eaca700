// Bad input everywhere a query goes (search with its people and topics,
// autocomplete, history, learning): empty, FTS/SQL syntax, emoji only,
// control characters, mixed scripts, 10,000 characters. Each answers without
// error or with a clear BAD_USER_INPUT, and the stored data stays intact.

import { describe, it, expect, afterAll } from 'vitest';
import { expectCode, expectOk, startSearch } from './helpers.ts';

const SEARCH = `query($q: String!) { search(query: $q) { queryId intents context people { reason } topics { name } notes { totalCount edges { node { id } } } } }`;
const AC = `query($p: String!) { autocomplete(prefix: $p) { kind text } }`;

const ODD = [
  '', ' ', '\t\n', '"', '""', '*', 'NEAR', 'OR', 'AND', 'NOT', ':', 'NEAR(a b)', '"露营', '露营"', 'title:露营', 'tags:#露营', '-露营', '^露营', '露营 AND',
  '()', '(((', "'", "'; drop table search_docs; --", '%', '_', '\\', '\\\\x', '&|!', '<->', 'a:*', '😀😀', '🏕️⛺', '👨‍👩‍👧', '#', '##', '@', '@@',
  '露营 camping キャンプ 캠핑 кемпинг تخييم', 'ｃａｍｐｉｎｇ　露營', '\u0000', 'a\u0000b', '\u200d', '\u202e露营', '\ud83d', 'ゔ'.repeat(300),
];

describe('search: bad input', async () => {
  const t = await startSearch();
  afterAll(() => t.close());
  const ann = await t.person('ann');
  const admin = await t.person('site_admin', 'admin');
  const camping = await t.post(ann, { title: '露营装备清单', body: '帐篷 #露营 camping' });
  const count = async (table: string) => Number((await t.ctx.db.kysely().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('answers odd queries without error, for anonymous and signed-in people, and changes no data', async () => {
    const docs = await count('search_docs');
    for (const q of ODD) {
      for (const who of [t, ann]) {
        const res = await who.gql(SEARCH, { q });
        expect(res.errors, JSON.stringify([q, res.errors])).toBeUndefined();
      }
      const ac = await ann.gql(AC, { p: q });
      if (q.length > 100) expectCode(ac, 'BAD_USER_INPUT');
      else expect(ac.errors, JSON.stringify([q, ac.errors])).toBeUndefined();
    }
    expect(await count('search_docs')).toBe(docs);
    // Mixed scripts still find what they share.
    expect(expectOk(await t.gql(SEARCH, { q: 'ｃａｍｐｉｎｇ　露營' })).search.notes.edges.map((e: any) => e.node.id)).toEqual([camping.gid]);
    // The history holds what was typed, never a NUL (PostgreSQL refuses those in text).
    const history = expectOk(await ann.gql(`{ searchHistory(first: 100) { query } }`)).searchHistory.map((h: any) => h.query);
    for (const h of history) expect(h).not.toContain('\u0000');
  });

  it('refuses 10,000 characters by default and answers them when the admin allows it', async () => {
    const long = '露营camping🏕️ 周末去哪儿玩 '.repeat(500).slice(0, 10_000);
    expect(long.length).toBe(10_000);
    const refused = await t.gql(SEARCH, { q: long });
    expectCode(refused, 'BAD_USER_INPUT');
    expect(refused.errors![0]!.message).toBe('The query is too long: at most 500 characters');
    expectOk(await admin.gql(`mutation { updatePluginSettings(plugin: "search", settings: { maxQueryLength: 10000 }) { name } }`));
    const started = performance.now();
    const data = expectOk(await ann.gql(SEARCH, { q: long })).search;
    expect(performance.now() - started).toBeLessThan(5000);
    expect(data.notes.edges[0].node.id).toBe(camping.gid);
    expectCode(await t.gql(SEARCH, { q: `${long}x` }), 'BAD_USER_INPUT');
    expectCode(await t.gql(AC, { p: long }), 'BAD_USER_INPUT');
  });

  it('refuses bad arguments with clear errors', async () => {
    expectCode(await t.gql(`{ search(query: "露营", first: -1) { query } }`), 'BAD_USER_INPUT');
    expectCode(await t.gql(`{ search(query: "露营", first: 101) { query } }`), 'BAD_USER_INPUT');
    expectCode(await t.gql(`{ search(query: "露营", after: "%%%") { query } }`), 'BAD_USER_INPUT');
    expectCode(await t.gql(`{ searchHistory(first: 0) { query } }`), 'UNAUTHENTICATED');
    expectCode(await ann.gql(`{ searchHistory(first: -5) { query } }`), 'BAD_USER_INPUT');
  });
});
