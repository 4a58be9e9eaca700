// The personal tools' API: signed-in people only, each sees and changes only
// their own lists; clear BAD_USER_INPUT for empty, too long or too many
// words and for bad topics; muting again returns the existing entry; hidden
// notes are paged newest first, and only notes one can read can be hidden.

import { afterAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../../core/index.ts';
import { MAX_MUTED_WORDS } from '../personal/mutes.ts';
import { expectCode, expectOk, startPersonal } from './personal-helpers.ts';

const MUTE_WORD = `mutation($input: MuteWordInput!) { muteWord(input: $input) { id word wholeWord expiresAt } }`;

describe('personal tools API', async () => {
  const t = await startPersonal();
  afterAll(() => t.close());
  const ana = await t.person('ana');
  const ben = await t.person('ben');

  it('is for signed-in people only', async () => {
    for (const query of [
      `{ mutedWords { id } }`, `{ mutedTopics { tag } }`, `{ hiddenNotes { edges { cursor } } }`,
      `mutation { muteWord(input: { word: "x" }) { id } }`, `mutation { muteTopic(tag: "x") { tag } }`,
    ]) expectCode(await t.meadow.gql(query), 'UNAUTHENTICATED');
    const note = await t.post(ben, { body: 'hello' });
    expect((await t.meadow.gql(`query($id: ID!) { note(id: $id) { viewerHidden } }`, { id: note })).data.note.viewerHidden).toBe(false);
  });

  it('refuses empty and too long words with a clear message, and keeps nothing', async () => {
    for (const word of ['', '   ', '\u3000']) {
      const res = await ana.gql(MUTE_WORD, { input: { word } });
      expectCode(res, 'BAD_USER_INPUT');
      expect(res.errors![0]!.message).toBe('A muted word cannot be empty');
    }
    const long = await ana.gql(MUTE_WORD, { input: { word: '长'.repeat(101) } });
    expectCode(long, 'BAD_USER_INPUT');
    expect(long.errors![0]!.message).toBe('A muted word has at most 100 characters');
    expectOk(await ana.gql(MUTE_WORD, { input: { word: '长'.repeat(100) } }));
    const past = await ana.gql(MUTE_WORD, { input: { word: 'yesterday', expiresAt: new Date(Date.now() - 60_000).toISOString() } });
    expectCode(past, 'BAD_USER_INPUT');
    expect(past.errors![0]!.message).toMatch(/expiresAt must be a time in the future/);
    expect(expectOk(await ana.gql(`{ mutedWords { word } }`)).mutedWords).toEqual([{ word: '长'.repeat(100) }]);
  });

  it('muting a word again (any case or width) returns the one already muted', async () => {
    const first = expectOk(await ana.gql(MUTE_WORD, { input: { word: 'Fast  Fashion', wholeWord: false } })).muteWord;
    expect(first).toMatchObject({ word: 'Fast Fashion', wholeWord: false, expiresAt: null });
    const again = expectOk(await ana.gql(MUTE_WORD, { input: { word: 'ＦＡＳＴ fashion', wholeWord: true } })).muteWord;
    expect(again).toEqual(first);
    expect(expectOk(await ana.gql(`{ mutedWords { word } }`)).mutedWords.map((w: any) => w.word)).toEqual(['Fast Fashion', '长'.repeat(100)]);
  });

  it('one person’s words are theirs alone: others cannot list or unmute them', async () => {
    const mine = expectOk(await ana.gql(MUTE_WORD, { input: { word: 'spoiler' } })).muteWord;
    expect(expectOk(await ben.gql(`{ mutedWords { id } }`)).mutedWords).toEqual([]);
    expect(expectOk(await ben.gql(`mutation($id: ID!) { unmuteWord(id: $id) }`, { id: mine.id })).unmuteWord).toBe(false);
    expect(expectOk(await ana.gql(`{ mutedWords { id } }`)).mutedWords.map((w: any) => w.id)).toContain(mine.id);
    expectCode(await ana.gql(`mutation($id: ID!) { unmuteWord(id: $id) }`, { id: toGlobalId('Note', 1) }), 'BAD_USER_INPUT');
  });

  it(`allows ${MAX_MUTED_WORDS} words per person, then says to unmute some first`, async () => {
    const have = expectOk(await ana.gql(`{ mutedWords { id } }`)).mutedWords.length;
    for (let i = have; i < MAX_MUTED_WORDS; i++) expectOk(await ana.gql(MUTE_WORD, { input: { word: `word${i}` } }));
    const over = await ana.gql(MUTE_WORD, { input: { word: 'one too many' } });
    expectCode(over, 'BAD_USER_INPUT');
    expect(over.errors![0]!.message).toBe(`You can mute at most ${MAX_MUTED_WORDS} words; unmute some first`);
    // An already muted word is still answered (nothing new is added).
    expectOk(await ana.gql(MUTE_WORD, { input: { word: 'spoiler' } }));
    expect(expectOk(await ana.gql(`{ mutedWords { id } }`)).mutedWords).toHaveLength(MAX_MUTED_WORDS);
    // Someone else's limit is their own.
    expectOk(await ben.gql(MUTE_WORD, { input: { word: 'one too many' } }));
  });

  it('topics: normalized like hashtags, a repeat returns the same, bad ones refused', async () => {
    expect(expectOk(await ben.gql(`mutation { muteTopic(tag: "#OOTD") { tag } }`)).muteTopic).toEqual({ tag: 'ootd' });
    expect(expectOk(await ben.gql(`mutation { muteTopic(tag: "ｏｏｔｄ") { tag } }`)).muteTopic).toEqual({ tag: 'ootd' });
    for (const tag of ['', '#', '123', 'two words', 'x'.repeat(65)]) expectCode(await ben.gql(`mutation($t: String!) { muteTopic(tag: $t) { tag } }`, { t: tag }), 'BAD_USER_INPUT');
    expectCode(await ben.gql(`mutation { unmuteTopic(tag: "") }`), 'BAD_USER_INPUT');
    expect(expectOk(await ben.gql(`mutation { unmuteTopic(tag: "nevermuted") }`)).unmuteTopic).toBe(false);
    expect(expectOk(await ben.gql(`{ mutedTopics { tag } }`)).mutedTopics).toEqual([{ tag: 'ootd' }]);
  });

  it('hides only notes one can read and not one’s own; hidden notes are paged newest first', async () => {
    const writer = await t.person('writer');
    const notes: string[] = [];
    for (let i = 1; i <= 5; i++) notes.push(await t.post(writer, { title: `Note ${i}`, body: `body ${i}` }));
    const secret = await t.post(writer, { title: 'Private', body: 'mine', visibility: 'private' });
    expectCode(await ana.gql(`mutation($id: ID!) { hideNote(noteId: $id) { id } }`, { id: secret }), 'NOT_FOUND');
    expectCode(await ana.gql(`mutation($id: ID!) { hideNote(noteId: $id) { id } }`, { id: toGlobalId('Note', 999_999) }), 'NOT_FOUND');
    expectCode(await writer.gql(`mutation($id: ID!) { hideNote(noteId: $id) { id } }`, { id: notes[0] }), 'BAD_USER_INPUT');

    for (const id of notes) expectOk(await ana.gql(`mutation($id: ID!) { hideNote(noteId: $id) { id } }`, { id }));
    // Hiding again changes nothing.
    expectOk(await ana.gql(`mutation($id: ID!) { hideNote(noteId: $id) { id } }`, { id: notes[0] }));
    const PAGE = `query($after: String) { hiddenNotes(first: 2, after: $after) { edges { hiddenAt node { title } } pageInfo { hasNextPage endCursor } } }`;
    const titles: string[] = [];
    let after: string | null = null;
    for (let round = 0; round < 5; round++) {
      const page: any = expectOk(await ana.gql(PAGE, { after })).hiddenNotes;
      titles.push(...page.edges.map((e: any) => e.node.title));
      expect(page.edges.every((e: any) => !Number.isNaN(Date.parse(e.hiddenAt)))).toBe(true);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(titles).toEqual(['Note 5', 'Note 4', 'Note 3', 'Note 2', 'Note 1']);
    expect(expectOk(await ben.gql(`{ hiddenNotes { edges { cursor } } }`)).hiddenNotes.edges).toEqual([]);
    expectCode(await ana.gql(PAGE, { after: 'not-a-cursor' }), 'BAD_USER_INPUT');
  });
});
