// What the notes plugin tells people through core's notifications: a like
// of their note, a comment on it, a reply to their comment, a mention in a
// note or comment. Remote actors (cached accounts) count like local ones, so
// likes and comments arriving by federation notify too. Core skips repeats,
// self-acts, blocks and mutes; here we only skip people who may not read the
// note, and tell each person about one comment once.

import { NotificationsServiceRef, on, type PluginContext } from '../../core/index.ts';
import { CommentCreated, CommentDeleted, NoteDeleted, NoteLiked, NotePublished, NotesServiceRef, NoteUpdated, type NoteRecord } from './contracts.ts';

const notifications = (ctx: PluginContext) => ctx.services.get(NotificationsServiceRef);

async function notifyMentions(ctx: PluginContext, note: NoteRecord): Promise<void> {
  const notes = ctx.services.get(NotesServiceRef);
  const told = new Set<number>();
  for (const mention of note.mentions) {
    const accountId = mention.accountId;
    if (accountId == null || told.has(accountId)) continue;
    told.add(accountId);
    if (!(await notes.canRead(note.id, accountId))) continue;
    await notifications(ctx).notify({ accountId, kind: 'mention', actorId: note.authorId, subject: { type: 'Note', id: note.id }, data: { noteId: note.id } });
  }
}

export const notesNotificationHooks = [
  on(NoteLiked, async ({ noteId, noteAuthorId, accountId, liked }, ctx) => {
    if (!liked) return;
    await notifications(ctx).notify({ accountId: noteAuthorId, kind: 'like', actorId: accountId, subject: { type: 'Note', id: noteId }, data: { noteId } });
  }),
  on(CommentCreated, async ({ comment, noteAuthorId }, ctx) => {
    const notes = ctx.services.get(NotesServiceRef);
    const subject = { type: 'Comment', id: comment.id };
    const data = { noteId: comment.noteId, ...(comment.parentId ? { parentId: comment.parentId } : {}) };
    const told = new Set<number>([comment.authorId]);
    const tell = async (accountId: number, kind: string) => {
      if (told.has(accountId)) return;
      told.add(accountId);
      if (!(await notes.canRead(comment.noteId, accountId))) return;
      await notifications(ctx).notify({ accountId, kind, actorId: comment.authorId, subject, data });
    };
    // A reply tells the comment's author first; the note's author hears of it once.
    if (comment.parentId) {
      const parent = await notes.getComment(comment.parentId);
      if (parent && !parent.deletedAt) await tell(parent.authorId, 'reply');
    }
    await tell(noteAuthorId, 'comment');
    for (const mention of comment.mentions) if (mention.accountId != null) await tell(mention.accountId, 'mention');
  }),
  // Mentions: on publishing, and on an edit that adds some (repeats are skipped by core).
  on(NotePublished, ({ note }, ctx) => notifyMentions(ctx, note)),
  on(NoteUpdated, ({ note }, ctx) => notifyMentions(ctx, note)),
  on(NoteDeleted, ({ noteId }, ctx) => notifications(ctx).removeForSubject({ type: 'Note', id: noteId })),
  on(CommentDeleted, ({ commentId }, ctx) => notifications(ctx).removeForSubject({ type: 'Comment', id: commentId })),
];
