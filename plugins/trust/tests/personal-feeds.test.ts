// Personal tools in a person's lists: a muted word (Chinese by substring,
// English by whole word or inside words), a muted topic and a hidden note
// leave the following feed, discovery, topic pages and search of the person
// who set them — and nobody else's; their own notes always stay; a word
// that expired stops muting.

import { afterAll, describe, expect, it } from 'vitest';
import { localId } from '../../../core/index.ts';
import { FeedForViewer, NotesServiceRef } from '../../notes/contracts.ts';
import { expectOk, startPersonal } from './personal-helpers.ts';

const MUTE_WORD = `mutation($input: MuteWordInput!) { muteWord(input: $input) { id word wholeWord expiresAt } }`;

describe('personal filters in feeds, topics and search', async () => {
  const t = await startPersonal();
  afterAll(() => t.close());
  const reader = await t.person('reader');
  const other = await t.person('other');
  const author = await t.person('author');
  await t.follow(reader, author);
  await t.follow(other, author);

  const daigou = await t.post(author, { title: '海外代购面霜', body: '找我代购，价格美丽 #护肤' });
  // Full-width letters and another case: folded to the same text as "art".
  const artShow = await t.post(author, { title: 'Weekend ＡＲＴ show', body: 'Paintings and prints downtown #gallery' });
  const party = await t.post(author, { title: 'Garden party', body: 'Lanterns and lemonade for everyone #gallery' });
  const camping = await t.post(author, { title: '周末露营清单', body: '帐篷、睡袋、头灯 #露营' });
  const plain = await t.post(author, { title: 'Sourdough notes', body: 'Flour, water, salt and time #gallery' });
  const mine = await t.post(reader, { title: '我的代购经历', body: '自己写的 #露营' });
  const all = ['海外代购面霜', 'Weekend ＡＲＴ show', 'Garden party', '周末露营清单', 'Sourdough notes', '我的代购经历'];

  it('shows everything before anything is muted', async () => {
    expect(new Set(await t.following(reader))).toEqual(new Set(all));
    expect(await t.discover(reader)).toEqual(expect.arrayContaining(all));
  });

  it('muting 代购 hides notes containing it (substring) in every list, but not the reader’s own', async () => {
    expectOk(await reader.gql(MUTE_WORD, { input: { word: '代购' } }));
    const following = await t.following(reader);
    expect(following).not.toContain('海外代购面霜');
    expect(following).toContain('我的代购经历');
    expect(await t.discover(reader)).not.toContain('海外代购面霜');
    expect(await t.search(reader, '面霜')).not.toContain('海外代购面霜');
    expect(await t.topic(reader, '护肤')).not.toContain('海外代购面霜');
    // Someone else still sees it everywhere.
    expect(await t.following(other)).toContain('海外代购面霜');
    expect(await t.discover(other)).toContain('海外代购面霜');
    expect(await t.search(other, '面霜')).toContain('海外代购面霜');
    expect(await t.topic(other, '护肤')).toContain('海外代购面霜');
    // The note's own page stays reachable by link.
    expect(expectOk(await reader.gql(`query($id: ID!) { note(id: $id) { title } }`, { id: daigou })).note.title).toBe('海外代购面霜');
  });

  it('a whole word "art" hides "ＡＲＴ show" (full-width, upper case) but not "party"', async () => {
    expectOk(await reader.gql(MUTE_WORD, { input: { word: 'Art', wholeWord: true } }));
    const following = await t.following(reader);
    expect(following).not.toContain('Weekend ＡＲＴ show');
    expect(following).toContain('Garden party');
    expect(await t.search(reader, 'paintings')).not.toContain('Weekend ＡＲＴ show');
    expect(await t.topic(reader, 'gallery')).toEqual(expect.arrayContaining(['Garden party', 'Sourdough notes']));
    expect(await t.topic(reader, 'gallery')).not.toContain('Weekend ＡＲＴ show');
  });

  it('without wholeWord a word matches inside words too', async () => {
    const res = expectOk(await other.gql(MUTE_WORD, { input: { word: 'lemon', wholeWord: false } }));
    expect(res.muteWord).toMatchObject({ word: 'lemon', wholeWord: false });
    expect(await t.following(other)).not.toContain('Garden party');
    expect(await t.following(reader)).toContain('Garden party');
    expectOk(await other.gql(`mutation($id: ID!) { unmuteWord(id: $id) }`, { id: res.muteWord.id }));
    expect(await t.following(other)).toContain('Garden party');
  });

  it('a muted topic (typed as ＃露营) hides notes tagged with it, except the reader’s own', async () => {
    const topic = expectOk(await reader.gql(`mutation { muteTopic(tag: "＃露营") { tag } }`)).muteTopic;
    expect(topic.tag).toBe('露营');
    const following = await t.following(reader);
    expect(following).not.toContain('周末露营清单');
    expect(following).toContain('我的代购经历');
    expect(await t.discover(reader)).not.toContain('周末露营清单');
    expect(await t.search(reader, '帐篷')).not.toContain('周末露营清单');
    expect(await t.topic(reader, '露营')).toEqual(['我的代购经历']);
    expect(await t.topic(other, '露营')).toEqual(expect.arrayContaining(['周末露营清单', '我的代购经历']));
  });

  it('a hidden note leaves the reader’s lists and comes back when unhidden', async () => {
    const hidden = expectOk(await reader.gql(`mutation($id: ID!) { hideNote(noteId: $id) { id viewerHidden } }`, { id: plain })).hideNote;
    expect(hidden).toEqual({ id: plain, viewerHidden: true });
    expect(await t.following(reader)).not.toContain('Sourdough notes');
    expect(await t.discover(reader)).not.toContain('Sourdough notes');
    expect(await t.search(reader, 'sourdough')).not.toContain('Sourdough notes');
    expect(await t.topic(reader, 'gallery')).not.toContain('Sourdough notes');
    expect(await t.following(other)).toContain('Sourdough notes');
    expect(expectOk(await other.gql(`query($id: ID!) { note(id: $id) { viewerHidden } }`, { id: plain })).note.viewerHidden).toBe(false);

    expect(expectOk(await reader.gql(`mutation($id: ID!) { unhideNote(noteId: $id) }`, { id: plain })).unhideNote).toBe(true);
    expect(expectOk(await reader.gql(`mutation($id: ID!) { unhideNote(noteId: $id) }`, { id: plain })).unhideNote).toBe(false);
    expect(await t.following(reader)).toContain('Sourdough notes');
  });

  it('a muted word that has expired no longer mutes (and is no longer listed)', async () => {
    const muted = expectOk(await other.gql(MUTE_WORD, { input: { word: 'Sourdough', expiresAt: new Date(Date.now() + 60_000).toISOString() } })).muteWord;
    expect(muted.expiresAt).not.toBeNull();
    expect(await t.following(other)).not.toContain('Sourdough notes');
    // Let the minute pass (the row's end moved into the past).
    const db = t.meadow.kernel.db;
    const past = db.dialect === 'sqlite' ? Date.now() - 1000 : new Date(Date.now() - 1000);
    await db.kysely().updateTable('trust_muted_words').set({ expires_at: past }).where('account_id', '=', other.id).execute();
    expect(await t.following(other)).toContain('Sourdough notes');
    expect(expectOk(await other.gql(`{ mutedWords { word } }`)).mutedWords).toEqual([]);
  });

  it('reads a person’s words, topics and hidden notes in one query per list, muted or not', async () => {
    const ctx = t.meadow.kernel.contextOf('trust');
    const notes = ctx.services.get(NotesServiceRef);
    const list = (await notes.getByIds([daigou, artShow, party, camping, plain].map((id) => localId(id, 'Note')))).filter((n) => n !== null);
    const db = t.meadow.kernel.db;
    // The reader mutes 代购, art and #露营 (two titles are left); the other person nothing that is still in force.
    for (const [viewer, kept] of [[reader, ['Garden party', 'Sourdough notes']], [other, list.map((n) => n.title)]] as const) {
      const before = db.queryCount;
      const out = await ctx.hooks.applyFilter(FeedForViewer, list, { viewerId: viewer.id, surface: 'following' });
      expect(db.queryCount - before).toBe(1);
      expect(out.map((n) => n.title)).toEqual(kept);
    }
  });

  it('unmuting brings notes back; the lists show what is muted', async () => {
    const { mutedWords, mutedTopics } = expectOk(await reader.gql(`{ mutedWords { id word wholeWord } mutedTopics { tag } }`));
    expect(mutedWords.map((w: any) => w.word)).toEqual(['Art', '代购']);
    expect(mutedTopics).toEqual([{ tag: '露营' }]);
    for (const w of mutedWords) expect(expectOk(await reader.gql(`mutation($id: ID!) { unmuteWord(id: $id) }`, { id: w.id })).unmuteWord).toBe(true);
    expect(expectOk(await reader.gql(`mutation { unmuteTopic(tag: "#露营") }`)).unmuteTopic).toBe(true);
    expect(new Set(await t.following(reader))).toEqual(new Set(all));
    void mine;
  });
});
