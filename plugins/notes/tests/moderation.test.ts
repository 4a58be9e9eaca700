// What notes does with a moderation plugin's decisions: holds before a note
// is public, hidden and limited notes, required labels, removal and
// restore, comment policies and per-person feed filters — driven here by a
// small test plugin through notes' public contract only.

import { afterAll, describe, expect, it } from 'vitest';
import { badInput, definePlugin, filter, fromGlobalId, on, PLUGIN_API_VERSION } from '../../../core/index.ts';
import { CommentValidate, FeedForViewer, NoteHeld, NotePublished, NoteReview, NotesServiceRef } from '../contracts.ts';
import { code, startNotes } from './helpers.ts';

const published: string[] = [];
const held: string[] = [];
const muted = new Map<number, string>();

const moderator = definePlugin({
  name: 'test-moderator',
  apiVersion: PLUGIN_API_VERSION,
  dependsOn: ['notes'],
  hooks: [
    filter(NoteReview, (verdict, { text }) => (text.includes('buy now') ? { holds: [...verdict.holds, { plugin: 'test-moderator', reason: 'looks like an ad' }] } : verdict)),
    filter(CommentValidate, (value) => {
      if (value.body.includes('spam')) throw badInput('Comments with spam are refused');
      return value;
    }),
    filter(FeedForViewer, (list, { viewerId }) => (muted.has(viewerId) ? list.filter((n) => !n.title.includes(muted.get(viewerId)!)) : list)),
    on(NotePublished, (p) => void published.push(p.note.title)),
    on(NoteHeld, (p) => void held.push(`${p.note.title}: ${p.holds.map((h) => h.reason).join(', ')}`)),
  ],
});

const FIELDS = 'id title status disclosure sensitive commentPolicy viewerCanComment moderation { state sensitive reachLimited disclosureRequired }';
const NOTE = `query($id: ID!) { note(id: $id) { ${FIELDS} } }`;

describe('notes: moderation decisions and personal filters', async () => {
  const h = await startNotes([moderator]);
  afterAll(() => h.close());
  const service = () => h.meadow.kernel.contextOf('notes').services.get(NotesServiceRef);
  const [amy, ben, cat] = [await h.account('amy'), await h.account('ben'), await h.account('cat')];
  const post = async (author: typeof amy, input: Record<string, unknown>) => {
    const res = await h.as(author)(`mutation($input: NoteInput!) { createNote(input: $input) { ${FIELDS} } }`, { input: { images: [{ mediaId: await h.image(author) }], ...input } });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return (res.data as any).createNote;
  };
  const settle = async () => {
    await h.meadow.kernel.bus.drain();
    await h.runJobs();
  };
  const idOf = (gid: string) => Number(fromGlobalId(gid).id);

  it('a review hold keeps a note from everyone but its author until released; then it is published', async () => {
    const note = await post(amy, { title: 'Serum — buy now', body: 'buy now!' });
    expect(note.moderation.state).toBe('held');
    expect((await h.as(ben)(NOTE, { id: note.id })).data.note).toBeNull();
    expect((await h.as(null)(NOTE, { id: note.id })).data.note).toBeNull();
    await settle();
    expect(held).toContain('Serum — buy now: looks like an ad');
    // Its author reads why.
    expect((await h.as(amy)(`query($id: ID!) { note(id: $id) { moderation { holdReasons } } }`, { id: note.id })).data.note.moderation.holdReasons).toEqual(['looks like an ad']);
    expect(published).not.toContain('Serum — buy now');
    // Not on the profile for others, still for the author.
    const profile = `query($h: String!) { account(handle: $h) { notes(first: 10) { edges { node { title } } } } }`;
    expect((await h.as(ben)(profile, { h: 'amy' })).data.account.notes.edges).toEqual([]);
    expect((await h.as(amy)(profile, { h: 'amy' })).data.account.notes.edges.map((e: any) => e.node.title)).toEqual(['Serum — buy now']);

    await service().moderate(idOf(note.id), { state: 'visible' });
    await settle();
    expect(published).toContain('Serum — buy now');
    expect((await h.as(ben)(NOTE, { id: note.id })).data.note.title).toBe('Serum — buy now');
  });

  it('hidden notes are the author’s alone; moderation is readable by the author and staff only; sensitive shows to all', async () => {
    const note = await post(amy, { title: 'hide me' });
    const id = idOf(note.id);
    await service().moderate(id, { state: 'hidden', sensitive: true });
    expect((await h.as(ben)(NOTE, { id: note.id })).data.note).toBeNull();
    const mine = (await h.as(amy)(NOTE, { id: note.id })).data.note;
    expect(mine.moderation).toEqual({ state: 'hidden', sensitive: true, reachLimited: false, disclosureRequired: null });
    await service().moderate(id, { state: 'visible' });
    const seen = (await h.as(ben)(NOTE, { id: note.id })).data.note;
    expect(seen).toMatchObject({ sensitive: true, moderation: null });
  });

  it('a required label is carried at once and the author cannot remove or change it', async () => {
    const note = await post(amy, { title: 'a face cream I was sent' });
    await service().moderate(idOf(note.id), { disclosureRequired: 'sponsored' });
    expect((await h.as(ben)(NOTE, { id: note.id })).data.note.disclosure).toBe('sponsored');
    const update = `mutation($id: ID!, $input: NoteInput!) { updateNote(id: $id, input: $input) { disclosure } }`;
    const removed = await h.as(amy)(update, { id: note.id, input: { disclosure: null } });
    expect(code(removed)).toBe('FORBIDDEN');
    expect(removed.errors![0]!.message).toMatch(/requires this note to carry the "sponsored" label/);
    expect(code(await h.as(amy)(update, { id: note.id, input: { disclosure: 'promoted' } }))).toBe('FORBIDDEN');
    // Other edits keep it.
    expect((await h.as(amy)(update, { id: note.id, input: { title: 'a face cream I was sent (edited)' } })).data.updateNote.disclosure).toBe('sponsored');
    // The author's own label is theirs to change while nothing is required.
    const own = await post(amy, { title: 'my label', disclosure: 'promoted' });
    expect(own.disclosure).toBe('promoted');
    expect((await h.as(amy)(update, { id: own.id, input: { disclosure: null } })).data.updateNote.disclosure).toBeNull();
  });

  it('removed notes and comments disappear and can be restored; counts follow', async () => {
    const note = await post(amy, { title: 'to be removed' });
    const comment = (await h.as(ben)(`mutation($n: ID!) { addComment(noteId: $n, body: "rude words") { id } }`, { n: note.id })).data.addComment;
    const commentId = idOf(comment.id);
    await service().removeComment(commentId);
    const count = `query($id: ID!) { note(id: $id) { commentsCount comments { edges { node { body } } } } }`;
    expect((await h.as(cat)(count, { id: note.id })).data.note).toEqual({ commentsCount: 0, comments: { edges: [] } });
    expect(await service().restoreComment(commentId)).toBe(true);
    expect((await h.as(cat)(count, { id: note.id })).data.note).toEqual({ commentsCount: 1, comments: { edges: [{ node: { body: 'rude words' } }] } });

    await service().removeNote(idOf(note.id));
    expect((await h.as(cat)(NOTE, { id: note.id })).data.note).toBeNull();
    expect(await service().restoreNote(idOf(note.id))).toBe(true);
    expect((await h.as(cat)(NOTE, { id: note.id })).data.note.title).toBe('to be removed');
    expect(await service().restoreNote(idOf(note.id))).toBe(false);
  });

  it('comment policies: nobody, followers, following; comment.validate can refuse', async () => {
    const add = `mutation($n: ID!, $b: String!) { addComment(noteId: $n, body: $b) { id } }`;
    const closed = await post(amy, { title: 'no comments please', commentPolicy: 'nobody' });
    expect((await h.as(ben)(NOTE, { id: closed.id })).data.note.viewerCanComment).toBe(false);
    const refused = await h.as(ben)(add, { n: closed.id, b: 'hi' });
    expect(code(refused)).toBe('FORBIDDEN');
    expect(refused.errors![0]!.message).toBe('The author turned comments off for this note');
    expect(code(await h.as(amy)(add, { n: closed.id, b: 'my own note' }))).toBeUndefined();

    const followers = await post(amy, { title: 'followers may comment', commentPolicy: 'followers' });
    expect(code(await h.as(cat)(add, { n: followers.id, b: 'hi' }))).toBe('FORBIDDEN');
    await h.follow(cat, amy);
    expect(code(await h.as(cat)(add, { n: followers.id, b: 'hi' }))).toBeUndefined();

    const following = await post(amy, { title: 'people I follow may comment', commentPolicy: 'following' });
    expect(code(await h.as(ben)(add, { n: following.id, b: 'hi' }))).toBe('FORBIDDEN');
    await h.follow(amy, ben);
    expect((await h.as(ben)(NOTE, { id: following.id })).data.note.viewerCanComment).toBe(true);
    expect(code(await h.as(ben)(add, { n: following.id, b: 'hi' }))).toBeUndefined();

    const open = await post(amy, { title: 'open' });
    const spam = await h.as(ben)(add, { n: open.id, b: 'spam spam' });
    expect(code(spam)).toBe('BAD_USER_INPUT');
    expect((await h.as(ben)(`query($id: ID!) { note(id: $id) { commentsCount } }`, { id: open.id })).data.note.commentsCount).toBe(0);
  });

  it('feed.for-viewer removes notes from one person’s following feed only', async () => {
    await post(amy, { title: 'camping gear list' });
    await post(amy, { title: 'knitting pattern' });
    muted.set(cat.id, 'camping');
    const feed = `{ followingFeed(first: 20) { edges { node { title } } } }`;
    const titles = (who: typeof amy) => h.as(who)(feed).then((r: any) => r.data.followingFeed.edges.map((e: any) => e.node.title));
    const forCat = await titles(cat);
    expect(forCat).toContain('knitting pattern');
    expect(forCat).not.toContain('camping gear list');
    await h.follow(ben, amy);
    expect(await titles(ben)).toContain('camping gear list');
  });
});
