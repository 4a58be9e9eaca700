// Autocomplete: note titles (through the engine's prefix lookup, then a
// containment check on the normalized title so CJK prefixes work), tags of
// indexed notes, and people by handle or display name; a prefix of 2–12
// latin letters is also read as pinyin initials ("lyzb" → 露营装备清单).

import { sql } from 'kysely';
import { badInput, type PluginContext } from '../../core/index.ts';
import { indexerOf } from './indexer.ts';
import { looksLikeInitials } from './text/pinyin.ts';
import { normalizeText, segment } from './text/tokenize.ts';

export const MAX_PREFIX = 100;

export interface Suggestion {
  kind: 'TITLE' | 'TOPIC' | 'PERSON';
  text: string;
  noteId?: number;
  accountId?: number;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Rows whose initials (either reading) start with `prefix`, as a range both engines answer from an index. */
function initialsStartWith(eb: any, prefix: string) {
  const upper = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return eb.or([
    eb.and([eb('initials', '>=', prefix), eb('initials', '<', upper)]),
    eb.and([eb('initials_alt', '>=', prefix), eb('initials_alt', '<', upper)]),
  ]);
}

/** Pinyin-initials matches: tags, titles and people, best first. */
async function byInitials(ctx: PluginContext, prefix: string, first: number): Promise<Suggestion[]> {
  const db = ctx.db.kysely();
  const tags = await db.selectFrom('search_tags').select(['tag']).where((eb) => initialsStartWith(eb, prefix))
    .orderBy('notes', 'desc').orderBy('tag').limit(first).execute();
  const titles = await db.selectFrom('search_docs').select(['note_id', 'title']).where((eb) => initialsStartWith(eb, prefix))
    .orderBy('collects', 'desc').orderBy('note_id', 'desc').limit(first).execute();
  const people = await db.selectFrom('search_people').select(['account_id', 'handle']).where((eb) => initialsStartWith(eb, prefix))
    .orderBy('handle').limit(first).execute();
  return [
    ...tags.map((r): Suggestion => ({ kind: 'TOPIC', text: r.tag as string })),
    ...titles.map((r): Suggestion => ({ kind: 'TITLE', text: r.title as string, noteId: Number(r.note_id) })),
    ...people.map((r): Suggestion => ({ kind: 'PERSON', text: `@${r.handle}`, accountId: Number(r.account_id) })),
  ];
}

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
  if (looksLikeInitials(folded)) {
    const seen = new Set(out.map((x) => `${x.kind}:${x.text}:${x.noteId ?? ''}`));
    for (const x of await byInitials(ctx, folded, first)) if (!seen.has(`${x.kind}:${x.text}:${x.noteId ?? ''}`)) out.push(x);
  }
  return out.slice(0, first * 3);
}
