// What the instance learns from how people search (issue 6, "learning from
// behaviour"), all of it per person so it can be cleared with history:
// - reformulations: a person searches A, then B within a short window →
//   B's words expand A for everyone, once enough different people did so
//   ("people who searched A also searched B");
// - opens and collects of results: a note opened (searchResultOpened) or
//   collected shortly after being opened from a search ranks higher for that
//   query ("opened by 3 people who searched this").
// Nothing is recorded while the person has personalization switched off.

import type { Kysely } from 'kysely';
import type { PluginContext } from '../../core/index.ts';
import type { SearchSettings } from './settings.ts';
import { normalizeText } from './text/tokenize.ts';

/** Query B counts as a reformulation of A when searched within this long after A. */
export const REFORMULATION_WINDOW_MS = 120_000;
/** A collect counts for a search when it follows opening the note from it within this long. */
export const COLLECT_AFTER_OPEN_MS = 30 * 60_000;
const MAX_LEARNT = 3;

export const queryKey = (query: string) => normalizeText(query).replace(/\s+/g, ' ').trim().slice(0, 200);

export interface LearntQuery {
  query: string;
  people: number;
}

export interface ResultBehaviour {
  opens: number;
  collects: number;
}

export class SearchBehaviour {
  private readonly ctx: PluginContext<SearchSettings>;

  constructor(ctx: PluginContext<SearchSettings>) {
    this.ctx = ctx;
  }

  private get db(): Kysely<any> {
    return this.ctx.db.kysely();
  }

  /** Called before a search is added to history: the person's previous search, if recent and different, was reformulated. */
  async noteReformulation(accountId: number, query: string, now: number): Promise<void> {
    const to = queryKey(query);
    const last = await this.db.selectFrom('search_history').select(['query', 'searched_at']).where('account_id', '=', accountId)
      .orderBy('searched_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
    if (!last || !to || last.query === to || now - Number(last.searched_at) > REFORMULATION_WINDOW_MS) return;
    // Once per person and pair: many retries by one person are one voice.
    await this.db.deleteFrom('search_reformulations').where('account_id', '=', accountId).where('from_query', '=', last.query).where('to_query', '=', to).execute();
    await this.db.insertInto('search_reformulations').values({ account_id: accountId, from_query: last.query, to_query: to, at: now }).execute();
  }

  /** Queries people went on to search after this one, by how many people did. */
  async learntFor(query: string): Promise<LearntQuery[]> {
    const from = queryKey(query);
    if (!from) return [];
    const min = this.ctx.settings().learnMinPeople;
    const rows = await this.db.selectFrom('search_reformulations').select(['to_query', (eb) => eb.fn.count('account_id').distinct().as('people')])
      .where('from_query', '=', from).groupBy('to_query').orderBy('people', 'desc').orderBy('to_query').limit(20).execute();
    return rows.filter((r) => Number(r.people) >= min).slice(0, MAX_LEARNT).map((r) => ({ query: r.to_query as string, people: Number(r.people) }));
  }

  async recordOpen(accountId: number, query: string, noteId: number, now = Date.now()): Promise<void> {
    const key = queryKey(query);
    await this.db.deleteFrom('search_opens').where('account_id', '=', accountId).where('query', '=', key).where('note_id', '=', noteId).where('kind', '=', 'open').execute();
    await this.db.insertInto('search_opens').values({ account_id: accountId, query: key, note_id: noteId, kind: 'open', at: now }).execute();
  }

  /** A collect right after opening the note from a search counts for that search. */
  async recordCollect(accountId: number, noteId: number, now = Date.now()): Promise<void> {
    const opened = await this.db.selectFrom('search_opens').select(['query']).where('account_id', '=', accountId).where('note_id', '=', noteId)
      .where('kind', '=', 'open').where('at', '>', now - COLLECT_AFTER_OPEN_MS).orderBy('at', 'desc').limit(1).executeTakeFirst();
    if (!opened) return;
    await this.db.deleteFrom('search_opens').where('account_id', '=', accountId).where('query', '=', opened.query).where('note_id', '=', noteId).where('kind', '=', 'collect').execute();
    await this.db.insertInto('search_opens').values({ account_id: accountId, query: opened.query, note_id: noteId, kind: 'collect', at: now }).execute();
  }

  /** Distinct people who opened or collected each note from this query. */
  async behaviourFor(query: string): Promise<Map<number, ResultBehaviour>> {
    const rows = await this.db.selectFrom('search_opens').select(['note_id', 'kind', (eb) => eb.fn.count('account_id').distinct().as('people')])
      .where('query', '=', queryKey(query)).groupBy(['note_id', 'kind']).execute();
    const out = new Map<number, ResultBehaviour>();
    for (const r of rows) {
      const b = out.get(Number(r.note_id)) ?? { opens: 0, collects: 0 };
      if (r.kind === 'collect') b.collects = Number(r.people);
      else b.opens = Number(r.people);
      out.set(Number(r.note_id), b);
    }
    return out;
  }

  async clear(accountId: number): Promise<void> {
    await this.db.deleteFrom('search_reformulations').where('account_id', '=', accountId).execute();
    await this.db.deleteFrom('search_opens').where('account_id', '=', accountId).execute();
  }
}

const behaviours = new WeakMap<PluginContext, SearchBehaviour>();
export function behaviourOf(ctx: PluginContext): SearchBehaviour {
  let b = behaviours.get(ctx);
  if (!b) behaviours.set(ctx, (b = new SearchBehaviour(ctx as PluginContext<SearchSettings>)));
  return b;
}
