// A local account's outbox: Create activities of its public notes, newest
// first, a page at a time (core's /users/{handle}/outbox asks through the
// FederationOutboxItems filter). The cursor is "<publishedAt ms>.<note id>"
// of the last note of the previous page.

import { FederationOutboxItems, FederationServiceRef, filter, type HookSpec, type OutboxPage, type PluginContext } from '../../../core/index.ts';
import type { NotesSettings } from '../service/deps.ts';
import { notesOf } from '../service/index.ts';
import { noteActivity } from './outbound.ts';

type Ctx = PluginContext<NotesSettings>;

function parseCursor(cursor: string | null): { at: number; id: number } | null {
  const m = cursor ? /^(\d{1,16})\.(\d{1,16})$/.exec(cursor) : null;
  return m ? { at: Number(m[1]), id: Number(m[2]) } : null;
}

async function outboxPage(ctx: Ctx, page: OutboxPage, accountId: number, cursor: string | null, limit: number): Promise<OutboxPage> {
  const db = notesOf(ctx).deps.db();
  // Public notes only: unlisted ones are not listed anywhere, followers-only ones go to followers alone.
  const mine = db.selectFrom('notes_note').where('author_id', '=', accountId).where('status', '=', 'published')
    .where('visibility', '=', 'public').where('remote_uri', 'is', null);
  const counted = await mine.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const totalItems = page.totalItems + Number(counted?.n ?? 0);
  const fctx = ctx.services.maybe(FederationServiceRef)?.context();
  if (limit <= 0 || !fctx) return { ...page, totalItems };
  const after = parseCursor(cursor);
  let q = mine.select(['id', 'published_at']);
  if (after) q = q.where((eb) => eb.or([eb('published_at', '<', after.at), eb.and([eb('published_at', '=', after.at), eb('id', '<', after.id)])]));
  const rows = await q.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
  const notes = (await notesOf(ctx).reader.getByIds(rows.slice(0, limit).map((r) => Number(r.id)))).filter((n) => n !== null);
  const items = [...page.items];
  for (const note of notes) {
    const made = await noteActivity(ctx, fctx, note, 'create');
    if (made) items.push(made.activity);
  }
  const last = rows[Math.min(rows.length, limit) - 1];
  const nextCursor = rows.length > limit && last ? `${Number(last.published_at)}.${Number(last.id)}` : page.nextCursor;
  return { items, nextCursor, totalItems };
}

export const collectionHooks: HookSpec[] = [
  filter(FederationOutboxItems, (page, { accountId, cursor, limit }, ctx) => outboxPage(ctx as Ctx, page, accountId, cursor, limit)),
];
