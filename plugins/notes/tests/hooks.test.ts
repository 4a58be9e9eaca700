import { afterAll, describe, expect, it } from 'vitest';
import { definePlugin, filter, HookVeto, on, PLUGIN_API_VERSION } from '../../../core/index.ts';
import { CommentCreated, CommentDeleted, FeedCandidates, NoteUncollected, FeedRank, NoteCollected, NoteDeleted, NoteLiked, NotePublished, NoteRender, NoteUpdated, NoteValidate } from '../contracts.ts';
import { mergeStreams } from '../feed.ts';
import { CREATE, code, startNotes } from './helpers.ts';

const events: [string, any][] = [];
const promoted: number[] = [];
const listener = definePlugin({
  name: 'listener',
  apiVersion: PLUGIN_API_VERSION,
  dependsOn: ['notes'],
  hooks: [
    filter(NoteValidate, (draft, { isEdit }) => {
      if (draft.title.includes('forbidden words')) throw new HookVeto('This title breaks the rules', { plugin: 'listener' });
      return isEdit ? draft : { ...draft, title: draft.title.replace('SHOUT', 'shout') };
    }),
    filter(NoteRender, (value, { note }) => ({
      ...value,
      sections: [...value.sections, { plugin: 'listener', kind: 'product-card', html: `<aside>card for ${note.id}</aside>` }, { plugin: 'listener', kind: 'place-card', html: '<aside>place</aside>', position: 'after-body' as const }],
    })),
    filter(FeedCandidates, (list) => [...list, ...promoted.map((noteId) => ({ noteId, publishedAt: 0, source: 'test.promoted', score: 100, reasons: ['because you like tests'] }))]),
    // A ranker that keeps the order but never shows two notes by the same title in a row.
    filter(FeedRank, (list) => list.map((c) => ({ ...c, score: c.score + 1 }))),
    on(NotePublished, (p) => void events.push(['published', { title: p.note.title, text: p.text, hashtags: p.note.hashtags }])),
    on(NoteUpdated, (p) => void events.push(['updated', { title: p.note.title, previous: p.previous }])),
    on(NoteDeleted, (p) => void events.push(['deleted', p])),
    on(NoteLiked, (p) => void events.push(['liked', { liked: p.liked, likesCount: p.likesCount }])),
    on(NoteCollected, (p) => void events.push(['collected', { collectsCount: p.collectsCount, boardVisibility: p.boardVisibility }])),
    on(CommentCreated, (p) => void events.push(['comment', { text: p.text, hashtags: p.comment.hashtags, noteVisibility: p.noteVisibility }])),
    on(NoteUncollected, (p) => void events.push(['uncollected', { collectsCount: p.collectsCount }])),
    on(CommentDeleted, (p) => void events.push(['comment-deleted', { commentsCount: p.commentsCount }])),
  ],
});

describe('notes: hooks other plugins use', async () => {
  const h = await startNotes([listener]);
  afterAll(() => h.close());
  const amy = await h.account('amy');
  const ben = await h.account('ben');
  const img = await h.image(amy);

  it('note.validate can adjust or veto; note.render adds sections; events carry what listeners need', async () => {
    const vetoed = await h.as(amy)(CREATE, { input: { title: 'forbidden words', images: [{ mediaId: img }] } });
    expect(code(vetoed)).toBe('VETOED');
    const note = (await h.as(amy)(CREATE, { input: { title: 'SHOUT #OOTD', body: '今天的 #每日穿搭', images: [{ mediaId: img }], blocks: [{ kind: 'pitfalls', entries: [{ warning: 'w #避坑', reason: 'r' }] }] } })).data.createNote;
    expect(note.title).toBe('shout #OOTD');
    expect(note.html).toMatch(/^<p>今天的.*<\/p><aside>place<\/aside><section class="note-block note-pitfalls">.*<\/section><aside>card for \d+<\/aside>$/);
    await h.as(amy)(`mutation($id: ID!) { updateNote(id: $id, input: { visibility: unlisted }) { id } }`, { id: note.id });
    await h.as(ben)(`mutation($id: ID!) { likeNote(id: $id) { id } }`, { id: note.id });
    const board = (await h.as(ben)(`mutation { createBoard(input: { name: "b", visibility: private }) { id } }`)).data.createBoard;
    await h.as(ben)(`mutation($n: ID!, $b: ID!) { collectNote(noteId: $n, boardId: $b) { id } }`, { n: note.id, b: board.id });
    const comment = (await h.as(ben)(`mutation($n: ID!) { addComment(noteId: $n, body: "nice #OOTD") { id } }`, { n: note.id })).data.addComment;
    await h.as(ben)(`mutation($n: ID!, $b: ID!) { uncollectNote(noteId: $n, boardId: $b) { id } }`, { n: note.id, b: board.id });
    await h.as(ben)(`mutation($n: ID!, $b: ID!) { uncollectNote(noteId: $n, boardId: $b) { id } }`, { n: note.id, b: board.id });
    await h.as(ben)(`mutation($id: ID!) { deleteComment(id: $id) }`, { id: comment.id });
    await h.as(amy)(`mutation($id: ID!) { deleteNote(id: $id) }`, { id: note.id });
    // note.published, note.updated and note.deleted are durable: they reach
    // listeners through the job queue; the rest right after the commit.
    await h.meadow.kernel.bus.drain();
    await h.runJobs();
    const of = (kind: string) => events.find(([k]) => k === kind)![1];
    const kinds = events.map(([k]) => k);
    // Durable deliveries run through the job queue in parallel: their order is not promised.
    expect(kinds.filter((k) => ['published', 'updated', 'deleted'].includes(k)).sort()).toEqual(['deleted', 'published', 'updated']);
    // Taking back a collect twice sends one event: only a real change is announced.
    expect(kinds.filter((k) => !['published', 'updated', 'deleted'].includes(k))).toEqual(['liked', 'collected', 'comment', 'uncollected', 'comment-deleted']);
    expect(of('uncollected')).toEqual({ collectsCount: 0 });
    expect(of('comment-deleted')).toEqual({ commentsCount: 0 });
    expect(of('published')).toEqual({ title: 'shout #OOTD', text: 'shout #OOTD\n\n今天的 #每日穿搭\n\n- w #避坑: r', hashtags: ['ootd', '每日穿搭', '避坑'] });
    expect(of('updated').previous).toEqual({ visibility: 'public', hashtags: ['ootd', '每日穿搭', '避坑'] });
    expect(of('liked')).toEqual({ liked: true, likesCount: 1 });
    expect(of('collected')).toEqual({ collectsCount: 1, boardVisibility: 'private' });
    expect(of('comment')).toEqual({ text: 'nice #OOTD', hashtags: ['ootd'], noteVisibility: 'unlisted' });
    expect(of('deleted')).toMatchObject({ visibility: 'unlisted', hashtags: ['ootd', '每日穿搭', '避坑'] });
  });

  it('discovery feed: candidates from plugins are ranked and explained; non-public notes never show', async () => {
    const old = (await h.as(ben)(CREATE, { input: { title: 'old but promoted', images: [{ mediaId: await h.image(ben) }] } })).data.createNote;
    const hidden = (await h.as(ben)(CREATE, { input: { title: 'followers only', visibility: 'followers', images: [{ mediaId: await h.image(ben) }] } })).data.createNote;
    for (let i = 0; i < 3; i++) await h.as(amy)(CREATE, { input: { title: `fresh ${i}`, images: [{ mediaId: img }] } });
    const local = (id: string) => Number(Buffer.from(id, 'base64url').toString().split(':')[1]);
    promoted.push(local(old.id), local(hidden.id));
    const res = await h.as(null)(`{ discoverFeed(first: 3) { reasons note { title } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.discoverFeed).toEqual([
      { reasons: ['because you like tests'], note: { title: 'old but promoted' } },
      { reasons: ['new'], note: { title: 'fresh 2' } },
      { reasons: ['new'], note: { title: 'fresh 1' } },
    ]);
    const skip = await h.as(null)(`query($x: [ID!]) { discoverFeed(first: 1, exclude: $x) { note { title } } }`, { x: [old.id] });
    expect(skip.data.discoverFeed).toEqual([{ note: { title: 'fresh 2' } }]);
  });

  it('merges sorted streams newest first and drops duplicates', () => {
    const e = (noteId: number, publishedAt: number, reason = 'a') => ({ noteId, publishedAt, reason });
    expect(mergeStreams([[e(5, 50), e(3, 30)], [e(5, 50, 'b'), e(4, 40, 'b'), e(1, 10, 'b')], []]).map((x) => [x.noteId, x.reason])).toEqual([[5, 'a'], [4, 'b'], [3, 'a'], [1, 'b']]);
    expect(mergeStreams([[e(2, 10)], [e(1, 10)]]).map((x) => x.noteId)).toEqual([2, 1]);
  });
});
