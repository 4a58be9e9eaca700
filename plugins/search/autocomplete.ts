// Autocomplete: note titles (through the engine's prefix lookup, then a
// containment check on the normalized title so CJK prefixes work), tags of
// indexed notes, and people by handle or display name.

import { sql } from 'kysely';
import { badInput, type PluginContext } from '../../core/index.ts';
import { indexerOf } from './indexer.ts';
import { normalizeText, segment } from './text/tokenize.ts';

export const MAX_PREFIX = 100;

export interface Suggestion {
  kind: 'TITLE' | 'TOPIC' | 'PERSON';
  text: string;
  noteId?: number;
  accountId?: number;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function autocomplete(ctx: PluginContext, prefix: string, first: number): Promise<Suggestion[]> {
  if (prefix.length > MAX_PREFIX) throw badInput(`The prefix is too long: at most ${MAX_PREFIX} characters`);
  const normalized = normalizeText(prefix).replace(/\s+/g, ' ').trim();
  // "#露" asks for topics only.
  const topicsOnly = normalized.startsWith('#');
  const folded = normalized.replace(/^#+/, '');
  if (!folded) return [];
  const db = ctx.db.kysely();
  const s = segment(folded);
  const firstTerm = [...s.words, ...s.emoji][0];
  const out: Suggestion[] = [];

  // Tags: "#露" → #露营, #露营装备 …
  const tags = await db.selectFrom('search_tags').select(['tag', 'notes'])
    .where(sql<boolean>`tag like ${`#${likeEscape(folded)}%`} escape '\\'`).orderBy('notes', 'desc').orderBy('tag').limit(first).execute();
  out.push(...tags.map((r): Suggestion => ({ kind: 'TOPIC', text: r.tag as string })));
  if (topicsOnly) return out;

  if (firstTerm) {
    const ids = await indexerOf(ctx).backend.titlePrefix(db, firstTerm, 200);
    if (ids.length) {
      const rows = await db.selectFrom('search_docs').select(['note_id', 'title', 'collects']).where('note_id', 'in', ids).execute();
      const titles = rows.filter((r) => normalizeText(r.title).includes(folded))
        .sort((a, b) => Number(b.collects) - Number(a.collects) || Number(b.note_id) - Number(a.note_id)).slice(0, first);
      out.push(...titles.map((r): Suggestion => ({ kind: 'TITLE', text: r.title, noteId: Number(r.note_id) })));
    }
  }

  const pattern = likeEscape(folded.replace(/^@/, ''));
  const people = await db.selectFrom('search_people').select(['account_id', 'handle'])
    .where(sql<boolean>`(folded like ${`${pattern}%`} escape '\\' or folded like ${`% ${pattern}%`} escape '\\')`)
    .orderBy('handle').limit(first).execute();
  out.push(...people.map((r): Suggestion => ({ kind: 'PERSON', text: `@${r.handle}`, accountId: Number(r.account_id) })));
  return out.slice(0, first * 3);
}
