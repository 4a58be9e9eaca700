// The search plugin's public face: its service (for the CLI, web and other
// plugins) and the hooks other plugins use to adjust ranking (trust) and to
// fill promoted slots (monetization). Everything else stays private.

import { defineFilter, defineService } from '../../core/index.ts';

/** A slot of the understood query, e.g. { slot: 'audience', value: 'kids', label: '遛娃 / kids' }. */
export interface QuerySlot {
  slot: 'activity' | 'audience' | 'time' | 'place' | 'budget' | 'need';
  /** Stable id of the lexicon entry. */
  value: string;
  /** Shown to people ("kids / 遛娃"). */
  label: string;
}

export interface SearchHit {
  noteId: number;
  authorId: number;
  score: number;
  /** Why it matched, shown to people ("title matches 露营", "kid-friendly"). */
  reasons: string[];
  /** Set for promoted results: always shown with a label. */
  promoted?: { label: string; by: string } | null;
}

export interface SearchOutcome {
  /** Intents recognised in the query, e.g. "outing", "product-recommendation". */
  intents: string[];
  slots: QuerySlot[];
  sections: { title: string; reason: string; noteIds: number[] }[];
  hits: SearchHit[];
  /** Notes that matched before the page was cut. */
  total: number;
  /** How where and when the person searches shaped the answer ("Places near 上海 / Shanghai, from your shared location"). */
  context: string[];
  /** People whose handle or name matches (first page only). */
  people: { accountId: number; reason: string }[];
  /** Topics the query names or implies (first page only); `name` without `#`. */
  topics: { name: string; noteCount: number; followerCount: number; description: string; reason: string }[];
}

export interface SearchService {
  /** Searches as `viewerId` may see; `offset`/`first` page through the ranked list. */
  search(query: string, options: {
    viewerId: number | null; first: number; offset?: number;
    /** Shared location (both or neither) and IANA time zone; the home city the person set is used otherwise. */
    context?: { latitude?: number | null; longitude?: number | null; timeZone?: string | null };
    /** Default relevance; newest orders what matched by publication date. */
    sort?: 'relevance' | 'newest';
  }): Promise<SearchOutcome>;
  /** Rebuilds the index from every published note; `progress` hears notes done of the total. */
  reindex(progress?: (done: number, total: number) => void): Promise<{ indexed: number; removed: number; total: number }>;
}

export const SearchServiceRef = defineService<SearchService>('search.search', 'Search: query notes, rebuild the index');

export interface AdjustScoreContext {
  query: string;
  viewerId: number | null;
}

/**
 * Trust and quality signals: rewrite `score` (e.g. multiply by 0.2 for a
 * reported or undisclosed-ad note) and add a reason. Runs on every ranked
 * page of search results before diversity is applied.
 */
export const SearchAdjustScore = defineFilter<SearchHit[], AdjustScoreContext>('search.adjust-score', {
  description: 'Adjusts search scores (trust: reported, limited or undisclosed-ad notes sink). Rewrite `score`, add to `reasons`.',
});

/**
 * Promoted slots: add hits with `promoted: { label, by }` set; search puts
 * them at the positions given by the order they come in, after the first
 * organic result, and always shows the label. Hits without a label are dropped.
 */
export const SearchPromoted = defineFilter<SearchHit[], AdjustScoreContext>('search.promoted', {
  description: 'Fills promoted search slots (monetization); each hit must carry promoted.label, which is always shown.',
});
