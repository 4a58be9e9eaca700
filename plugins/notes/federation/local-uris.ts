// Which local note, comment or account one of this instance's own URIs
// names. The URIs are whatever the outbound half serves (its object
// dispatchers), so they are read back through Fedify's router
// (context.parseUri); a plain /notes/<id> or /comments/<id> path is
// understood too, so inbound works whatever the outbound layout is.

import type { Context } from '@fedify/fedify';

export type LocalTarget = { kind: 'note'; id: number } | { kind: 'comment'; id: number };

const positive = (v: unknown): number | null => {
  const n = Number(v);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
};

/** The local note or comment at `uri`, or null when it is not one of ours. */
export function localTarget(context: Context<void>, uri: URL | string | null | undefined): LocalTarget | null {
  if (!uri) return null;
  let url: URL;
  try {
    url = typeof uri === 'string' ? new URL(uri) : uri;
  } catch {
    return null;
  }
  if (url.origin !== context.origin) return null;
  const parsed = context.parseUri(url);
  if (parsed?.type === 'object') {
    const v = parsed.values as Record<string, string>;
    const commentId = positive(v.commentId);
    if (commentId) return { kind: 'comment', id: commentId };
    // One dispatcher may serve both kinds under a {kind} variable.
    if (v.kind === 'comment' || v.kind === 'comments') {
      const id = positive(v.id);
      return id ? { kind: 'comment', id } : null;
    }
    const template = /comment/i.test(url.pathname) && !v.noteId ? 'comment' : 'note';
    const id = positive(v.noteId ?? v.id);
    if (id) return { kind: template, id };
  }
  const m = /^\/(notes|comments)\/(\d+)\/?$/.exec(url.pathname);
  const id = m ? positive(m[2]) : null;
  return m && id ? { kind: m[1] === 'notes' ? 'note' : 'comment', id } : null;
}

/** The local account handle an actor URI names (people only), or null. */
export function localActorHandle(context: Context<void>, uri: URL | null | undefined): string | null {
  if (!uri || uri.origin !== context.origin) return null;
  const parsed = context.parseUri(uri);
  return parsed?.type === 'actor' ? parsed.identifier : null;
}
