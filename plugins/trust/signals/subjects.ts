// Notes and comments as the detectors see them (SignalSubject), built from
// what the notes contract hands over: a draft under review, a stored note
// or a comment. Links come from the markup source (plain text loses the
// targets of [text](url) links) and from checklist items.

import { AccountsServiceRef, extractHashtags, type PluginContext } from '../../../core/index.ts';
import type { CommentRecord, NoteDraft, NoteRecord } from '../../notes/contracts.ts';
import { extractLinks } from './text.ts';
import type { SignalSubject } from './types.ts';

export interface Author {
  id: number;
  handle: string;
  /** Null for accounts of other instances: how old they are there is unknown. */
  createdAt: number | null;
}

function draftLinks(draft: Pick<NoteDraft, 'body' | 'blocks'>, text: string): string[] {
  const links = [...extractLinks(draft.body), ...extractLinks(text)];
  for (const block of draft.blocks) {
    if (block.kind === 'checklist') for (const item of block.items) if (item.link) links.push(item.link);
  }
  return [...new Set(links)];
}

function productRefs(draft: Pick<NoteDraft, 'blocks'>): string[] {
  const refs = draft.blocks.flatMap((b) => (b.kind === 'tutorial' ? b.steps.map((s) => s.productRef ?? null) : []));
  return [...new Set(refs.filter((r): r is string => !!r))];
}

export function noteSubject(author: Author, draft: NoteDraft, text: string, noteId: number | null, at: number): SignalSubject {
  return {
    type: 'Note', id: noteId, authorId: author.id, authorHandle: author.handle, authorCreatedAt: author.createdAt, at, text,
    links: draftLinks(draft, text), hashtags: extractHashtags(text), productRefs: productRefs(draft), disclosure: draft.disclosure,
  };
}

export function storedNoteSubject(author: Author, note: NoteRecord, text: string): SignalSubject {
  const at = note.publishedAt ? new Date(note.publishedAt).getTime() : Date.now();
  return { ...noteSubject(author, note, text, note.id, at), hashtags: note.hashtags };
}

export function commentSubject(author: Author, comment: CommentRecord): SignalSubject {
  return {
    type: 'Comment', id: comment.id, authorId: author.id, authorHandle: author.handle, authorCreatedAt: author.createdAt, at: new Date(comment.createdAt).getTime(),
    text: comment.body, links: extractLinks(comment.body), hashtags: comment.hashtags, productRefs: [], disclosure: null,
  };
}

/** The author as the detectors need them; accounts of other instances count as not young. */
export async function authorOf(ctx: PluginContext, accountId: number): Promise<Author> {
  const account = await ctx.services.get(AccountsServiceRef).getById(accountId);
  return {
    id: accountId,
    handle: account?.handle ?? String(accountId),
    createdAt: account && !account.remote ? new Date(account.createdAt).getTime() : null,
  };
}
