// notes' `feed.for-viewer` filter: takes out of a person's lists (following,
// discovery, topics, search) the notes that contain a word they muted, carry
// a topic they muted, or that they hid. One query per call reads all three
// (a UNION ALL over the person's rows, hidden notes limited to the notes in
// the list), so someone with nothing muted pays one indexed probe per table
// and the list comes back untouched.

import { sql } from 'kysely';
import { timestampValue, type PluginContext } from '../../../core/index.ts';
import { NotesServiceRef, type NoteRecord } from '../../notes/contracts.ts';
import { compileWords, foldText, type WordMatcher } from './matching.ts';

const WORD = 1;
const TOPIC = 2;
const HIDDEN = 3;

interface PersonalFilters {
  words: WordMatcher[];
  topics: Set<string>;
  hidden: Set<number>;
}

async function filtersOf(ctx: PluginContext, viewerId: number, noteIds: number[]): Promise<PersonalFilters> {
  const db = ctx.db.kysely();
  const now = timestampValue(ctx.db.dialect, new Date());
  // The first branch gives the columns their types; a bare NULL bigint is cast so PostgreSQL can unite them.
  const words = db.selectFrom('trust_muted_words')
    .select([sql.lit(WORD).as('kind'), 'word_key as value', 'whole_word', sql<number | null>`cast(null as bigint)`.as('note_id')])
    .where('account_id', '=', viewerId)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]));
  const topics = db.selectFrom('trust_muted_topics')
    .select([sql.lit(TOPIC).as('kind'), 'tag as value', sql<null>`null`.as('whole_word'), sql<number | null>`cast(null as bigint)`.as('note_id')])
    .where('account_id', '=', viewerId);
  const hidden = db.selectFrom('trust_hidden_notes')
    .select([sql.lit(HIDDEN).as('kind'), sql<null>`null`.as('value'), sql<null>`null`.as('whole_word'), 'note_id'])
    .where('account_id', '=', viewerId).where('note_id', 'in', noteIds);
  const rows = await words.unionAll(topics).unionAll(hidden).execute();
  const out: PersonalFilters = { words: [], topics: new Set(), hidden: new Set() };
  for (const row of rows as any[]) {
    const kind = Number(row.kind);
    if (kind === WORD) out.words.push({ key: row.value, wholeWord: Boolean(row.whole_word) });
    else if (kind === TOPIC) out.topics.add(row.value);
    else if (kind === HIDDEN) out.hidden.add(Number(row.note_id));
  }
  return out;
}

/**
 * Folded texts of recently filtered notes, per instance, by id and last
 * change: rendering a note's plain text is most of the filter's cost, and
 * the same notes pass through a person's feeds again and again.
 */
const TEXT_CACHE_SIZE = 2000;
const textCaches = new WeakMap<object, Map<string, string>>();

/** What muted words are looked for in: title, body, blocks, content warning and hashtags, folded. */
function searchableText(ctx: PluginContext, note: NoteRecord): string {
  let cache = textCaches.get(ctx);
  if (!cache) textCaches.set(ctx, (cache = new Map()));
  const key = `${note.id}:${note.updatedAt.getTime()}`;
  let text = cache.get(key);
  if (text === undefined) {
    const notes = ctx.services.get(NotesServiceRef);
    text = foldText([notes.plainText(note), note.contentWarning ?? '', ...note.hashtags.map((t) => `#${t}`)].join('\n'));
    if (cache.size >= TEXT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(key, text);
  }
  return text;
}

/** The notes of `list` that pass the person's own filters, in their order. */
export async function filterForViewer(ctx: PluginContext, list: NoteRecord[], viewerId: number): Promise<NoteRecord[]> {
  if (!list.length) return list;
  const filters = await filtersOf(ctx, viewerId, [...new Set(list.map((n) => n.id))]);
  if (!filters.words.length && !filters.topics.size && !filters.hidden.size) return list;
  const words = filters.words.length ? compileWords(filters.words) : null;
  return list.filter((note) => {
    if (filters.hidden.has(note.id)) return false;
    if (note.hashtags.some((tag) => filters.topics.has(tag))) return false;
    return !words?.matches(searchableText(ctx, note));
  });
}
