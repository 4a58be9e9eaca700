// Hashtags go from notes and comments to topics: CJK-aware boundaries,
// full-width punctuation, case and width folding, dedupe; edits, deletes,
// visibility and the maxTagsPerNote setting.

import { describe, it, expect, afterAll } from 'vitest';
import { NotePublished, NotesServiceRef } from '../../notes/contracts.ts';
import { expectCode, expectOk, startTopics } from './helpers.ts';

const NOTE_TOPICS = `query($id: ID!) { note(id: $id) { topics { name key tag } } }`;
const TOPIC = `query($name: String!) { topic(name: $name) { id name key noteCount notes { edges { node { id } } } } }`;

describe('hashtags from notes and comments', async () => {
  const t = await startTopics();
  afterAll(() => t.close());
  const alice = await t.person('alice');
  const admin = await t.person('root_admin', 'admin');

  it('extracts CJK tags ended by full-width punctuation, folds case and width, and dedupes', async () => {
    const note = await t.post(alice, '周末去 #露营，太开心了！#OOTD #ootd ＃ＯＯＴＤ 还有 #Plog。#咖啡探店！好喝 #露营#');
    const data = expectOk(await alice.gql(NOTE_TOPICS, { id: note.gid }));
    expect(data.note.topics.map((x: any) => x.key).sort()).toEqual(['ootd', 'plog', '咖啡探店', '露营'].sort());
    const ootd = data.note.topics.find((x: any) => x.key === 'ootd');
    expect(ootd).toEqual({ name: 'OOTD', key: 'ootd', tag: '#OOTD' });

    // Any spelling reaches the same topic.
    const a = expectOk(await t.gql(TOPIC, { name: 'ootd' })).topic;
    const b = expectOk(await t.gql(TOPIC, { name: '#ＯＯＴＤ' })).topic;
    const c = expectOk(await t.gql(TOPIC, { name: '＃OoTd' })).topic;
    expect(b.id).toBe(a.id);
    expect(c.id).toBe(a.id);
    expect(a.noteCount).toBe(1);
    expect(a.notes.edges.map((e: any) => e.node.id)).toEqual([note.gid]);
    // The tag ended at the full-width comma: no "露营，太开心了" topic.
    expectCode(await t.gql(TOPIC, { name: '露营太开心了' }), 'NOT_FOUND');
  });

  it('follows edits (tags added and removed) and deletes', async () => {
    const note = await t.post(alice, '今天 #徒步 和 #山野');
    expect(expectOk(await t.gql(TOPIC, { name: '山野' })).topic.noteCount).toBe(1);

    const edit = await alice.gql(`mutation($id: ID!, $input: NoteInput!) { updateNote(id: $id, input: $input) { id } }`, {
      id: note.gid, input: { title: 'A note', body: '今天 #徒步 和 #溪流', images: [{ mediaId: alice.imageId }], visibility: 'public' },
    });
    expectOk(edit);
    await t.settle();
    expect(expectOk(await t.gql(TOPIC, { name: '山野' })).topic.noteCount).toBe(0);
    expect(expectOk(await t.gql(TOPIC, { name: '溪流' })).topic.notes.edges).toHaveLength(1);
    expect(expectOk(await t.gql(NOTE_TOPICS, { id: note.gid })).note.topics.map((x: any) => x.name).sort()).toEqual(['徒步', '溪流'].sort());

    expectOk(await alice.gql(`mutation($id: ID!) { deleteNote(id: $id) }`, { id: note.gid }));
    await t.settle();
    const after = expectOk(await t.gql(TOPIC, { name: '徒步' })).topic;
    expect(after.noteCount).toBe(0);
    expect(after.notes.edges).toEqual([]);
  });

  it('ends in the current state when an old event arrives late (redelivery, reordering)', async () => {
    const note = await t.post(alice, '原来是 #旧标签');
    const ctx = t.meadow.kernel.contextOf('topics');
    const stale = (await ctx.services.get(NotesServiceRef).getById(note.id))!;
    expectOk(await alice.gql(`mutation($id: ID!, $input: NoteInput!) { updateNote(id: $id, input: $input) { id } }`, {
      id: note.gid, input: { title: 'A note', body: '现在是 #新标签', images: [{ mediaId: alice.imageId }], visibility: 'public' },
    }));
    await t.settle();
    await ctx.hooks.emit(NotePublished, { note: stale, text: '原来是 #旧标签' });
    await t.settle();
    expect(expectOk(await t.gql(NOTE_TOPICS, { id: note.gid })).note.topics.map((x: any) => x.name)).toEqual(['新标签']);
    expect(expectOk(await t.gql(TOPIC, { name: '旧标签' })).topic.noteCount).toBe(0);
  });

  it('lists only public notes under a tag; followers-only and private notes stay out', async () => {
    await t.post(alice, '#私密标签 for followers', { visibility: 'followers' });
    await t.post(alice, '#私密标签 just me', { visibility: 'private' });
    const topic = expectOk(await t.gql(TOPIC, { name: '私密标签' })).topic;
    expect(topic.noteCount).toBe(0);
    expect(topic.notes.edges).toEqual([]);
  });

  it('creates topics from comment hashtags without filing the note under them', async () => {
    const note = await t.post(alice, 'no tags here');
    const bob = await t.person('bob_comments');
    expectOk(await bob.gql(`mutation($id: ID!) { addComment(noteId: $id, body: "好看！#评论标签") { id } }`, { id: note.gid }));
    await t.settle();
    const topic = expectOk(await t.gql(TOPIC, { name: '评论标签' })).topic;
    expect(topic.noteCount).toBe(0);
    expect(expectOk(await t.gql(NOTE_TOPICS, { id: note.gid })).note.topics).toEqual([]);
  });

  it('keeps at most maxTagsPerNote tags per note (an admin setting)', async () => {
    expectCode(await alice.gql(`mutation { updatePluginSettings(plugin: "topics", settings: { maxTagsPerNote: 2 }) { name } }`), 'FORBIDDEN');
    expectCode(await admin.gql(`mutation { updatePluginSettings(plugin: "topics", settings: { maxTagsPerNote: 0 }) { name } }`), 'BAD_USER_INPUT');
    expectOk(await admin.gql(`mutation { updatePluginSettings(plugin: "topics", settings: { maxTagsPerNote: 2 }) { settings } }`));
    const note = await t.post(alice, '#一号 #二号 #三号');
    expect(expectOk(await t.gql(NOTE_TOPICS, { id: note.gid })).note.topics.map((x: any) => x.name).sort()).toEqual(['一号', '二号'].sort());
    expectOk(await admin.gql(`mutation { updatePluginSettings(plugin: "topics", settings: { maxTagsPerNote: 10 }) { name } }`));
  });

  it('answers bad topic names with BAD_USER_INPUT and unknown ones with NOT_FOUND', async () => {
    expectCode(await t.gql(TOPIC, { name: '' }), 'BAD_USER_INPUT');
    expectCode(await t.gql(TOPIC, { name: '#  ' }), 'BAD_USER_INPUT');
    expectCode(await t.gql(TOPIC, { name: 'x'.repeat(65) }), 'BAD_USER_INPUT');
    expectCode(await t.gql(TOPIC, { name: 'two words' }), 'BAD_USER_INPUT');
    expectCode(await t.gql(TOPIC, { name: '<script>' }), 'BAD_USER_INPUT');
    expectCode(await t.gql(TOPIC, { name: 'never_used_tag' }), 'NOT_FOUND');
  });
});
