// Personal data of search: the personalization switch, topic affinities
// learnt from likes, collects and comments, search history, and trending
// searches (hour buckets, decayed). Everything is per account and clearable.

import type { Kysely } from 'kysely';
import type { PluginContext } from '../../core/index.ts';
import { behaviourOf } from './behaviour.ts';
import { normalizeText } from './text/tokenize.ts';

/** How much one action says about a person's taste; `pick` is a topic chosen at sign-up (cold start). */
export const AFFINITY_SIGNALS = { pick: 3, collect: 3, comment: 2, like: 1 } as const;
export type AffinitySignal = keyof typeof AFFINITY_SIGNALS;
const VERBS: Record<string, string> = { pick: 'picked', collect: 'collect', comment: 'comment on', like: 'like' };

/** The explanation of an affinity: "because you collect #露营", "because you picked #咖啡". */
export const becauseYou = (signal: string, tag: string) => `because you ${VERBS[signal] ?? signal} ${tag}`;
export const MAX_PICKS = 20;
const HISTORY_KEEP = 50;
const HOUR = 3_600_000;
const TRENDING_WINDOW_HOURS = 72;
const TRENDING_HALF_LIFE_HOURS = 12;

export class SearchPersonal {
  private readonly ctx: PluginContext;
  /** Clock for trending (tests move it). */
  now: () => number = () => Date.now();

  constructor(ctx: PluginContext) {
    this.ctx = ctx;
  }

  private get db(): Kysely<any> {
    return this.ctx.db.kysely();
  }

  async personalizationOn(accountId: number): Promise<boolean> {
    const row = await this.db.selectFrom('search_profiles').select('personalization').where('account_id', '=', accountId).executeTakeFirst();
    return row ? Boolean(Number(row.personalization === true ? 1 : row.personalization)) : true;
  }

  async setPersonalization(accountId: number, on: boolean): Promise<void> {
    const value = this.ctx.db.dialect === 'postgres' ? on : on ? 1 : 0;
    await this.db.insertInto('search_profiles').values({ account_id: accountId, personalization: value, updated_at: Date.now() })
      .onConflict((oc) => oc.column('account_id').doUpdateSet({ personalization: value, updated_at: Date.now() })).execute();
    // Off means off: what was learnt goes too.
    if (!on) {
      await this.db.deleteFrom('search_affinities').where('account_id', '=', accountId).execute();
      await behaviourOf(this.ctx).clear(accountId);
    }
  }

  /** Learns from an action on a note with these tags (only while personalization is on). */
  async learn(accountId: number, tags: string[], signal: AffinitySignal, sign = 1): Promise<void> {
    if (!tags.length || !(await this.personalizationOn(accountId))) return;
    const delta = AFFINITY_SIGNALS[signal] * sign;
    const now = Date.now();
    const wanted = tags.slice(0, 10);
    const existing = new Map((await this.db.selectFrom('search_affinities').select(['tag', 'weight', 'signal'])
      .where('account_id', '=', accountId).where('tag', 'in', wanted).execute()).map((r) => [r.tag as string, r]));
    for (const tag of wanted) {
      const old = existing.get(tag);
      if (!old) {
        if (delta > 0) await this.db.insertInto('search_affinities').values({ account_id: accountId, tag, weight: delta, signal, updated_at: now }).execute();
        continue;
      }
      // The explanation names the strongest signal seen ("collect" over "like").
      const strongest = AFFINITY_SIGNALS[signal] >= (AFFINITY_SIGNALS[old.signal as AffinitySignal] ?? 0) && delta > 0 ? signal : old.signal;
      await this.db.updateTable('search_affinities').set({ weight: Number(old.weight) + delta, signal: strongest, updated_at: now })
        .where('account_id', '=', accountId).where('tag', '=', tag).execute();
    }
    await this.db.deleteFrom('search_affinities').where('account_id', '=', accountId).where('weight', '<=', 0).execute();
  }

  /**
   * Cold start: topics a person picks (at sign-up or later) become affinities
   * as strong as a collect, replacing earlier picks. Tags are given as
   * normalized "#tag" terms.
   */
  async pickInterests(accountId: number, tags: string[]): Promise<void> {
    const now = Date.now();
    await this.ctx.db.transaction(async (tx) => {
      // Earlier picks go; what was learnt from actions stays.
      await tx.db.deleteFrom('search_affinities').where('account_id', '=', accountId).where('signal', '=', 'pick').execute();
      const learnt = new Set((await tx.db.selectFrom('search_affinities').select('tag').where('account_id', '=', accountId)
        .where('tag', 'in', tags.length ? tags : ['']).execute()).map((r) => r.tag as string));
      for (const tag of tags) {
        if (learnt.has(tag)) {
          await tx.db.updateTable('search_affinities').set((eb: any) => ({ weight: eb('weight', '+', AFFINITY_SIGNALS.pick), updated_at: now }))
            .where('account_id', '=', accountId).where('tag', '=', tag).execute();
        } else {
          await tx.db.insertInto('search_affinities').values({ account_id: accountId, tag, weight: AFFINITY_SIGNALS.pick, signal: 'pick', updated_at: now }).execute();
        }
      }
    });
  }

  /** Tag → weight in 0..1 (relative to the strongest), or nothing when personalization is off. */
  async affinitiesFor(accountId: number, limit = 30): Promise<Map<string, { weight: number; signal: string }> | undefined> {
    if (!(await this.personalizationOn(accountId))) return undefined;
    const rows = await this.db.selectFrom('search_affinities').select(['tag', 'weight', 'signal']).where('account_id', '=', accountId)
      .orderBy('weight', 'desc').orderBy('tag').limit(limit).execute();
    if (!rows.length) return undefined;
    const top = Number(rows[0]!.weight) || 1;
    return new Map(rows.map((r) => [r.tag as string, { weight: Number(r.weight) / top, signal: r.signal as string }]));
  }

  async topAffinities(accountId: number, limit: number): Promise<{ tag: string; weight: number; signal: string }[]> {
    const m = await this.affinitiesFor(accountId, limit);
    return m ? [...m].map(([tag, v]) => ({ tag, ...v })) : [];
  }

  /**
   * Records a search in the person's history (and, while personalization is
   * on, a reformulation of their previous search); searches that found
   * something count for trending.
   */
  async recordSearch(accountId: number | null, query: string, found = true): Promise<void> {
    const q = normalizeText(query).replace(/\s+/g, ' ').trim().slice(0, 200);
    if (!q) return;
    const now = this.now();
    if (accountId) {
      if (await this.personalizationOn(accountId)) await behaviourOf(this.ctx).noteReformulation(accountId, q, now);
      await this.db.deleteFrom('search_history').where('account_id', '=', accountId).where('query', '=', q).execute();
      await this.db.insertInto('search_history').values({ account_id: accountId, query: q, searched_at: now }).execute();
      const old = await this.db.selectFrom('search_history').select('id').where('account_id', '=', accountId)
        .orderBy('searched_at', 'desc').orderBy('id', 'desc').offset(HISTORY_KEEP).limit(1000).execute();
      if (old.length) await this.db.deleteFrom('search_history').where('id', 'in', old.map((r) => r.id)).execute();
    }
    if (found && q.length <= 60) {
      const bucket = Math.floor(now / HOUR);
      await this.db.insertInto('search_query_buckets').values({ query: q, bucket, hits: 1 })
        .onConflict((oc) => oc.columns(['query', 'bucket']).doUpdateSet({ hits: (eb: any) => eb('search_query_buckets.hits', '+', 1) })).execute();
    }
  }

  async history(accountId: number, limit: number): Promise<{ query: string; searchedAt: Date }[]> {
    const rows = await this.db.selectFrom('search_history').select(['query', 'searched_at']).where('account_id', '=', accountId)
      .orderBy('searched_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({ query: r.query, searchedAt: new Date(Number(r.searched_at)) }));
  }

  /** Clears search history, learnt affinities, and the person's reformulations, opens and collects. */
  async clearHistory(accountId: number): Promise<void> {
    await behaviourOf(this.ctx).clear(accountId);
    await this.db.deleteFrom('search_history').where('account_id', '=', accountId).execute();
    await this.db.deleteFrom('search_affinities').where('account_id', '=', accountId).execute();
  }

  /** Trending searches: hour buckets in a sliding window, halved every 12 hours. */
  async trending(limit: number): Promise<{ query: string; score: number }[]> {
    const nowBucket = Math.floor(this.now() / HOUR);
    const rows = await this.db.selectFrom('search_query_buckets').select(['query', 'bucket', 'hits'])
      .where('bucket', '>', nowBucket - TRENDING_WINDOW_HOURS).execute();
    const scores = new Map<string, number>();
    for (const r of rows) {
      const age = nowBucket - Number(r.bucket);
      scores.set(r.query, (scores.get(r.query) ?? 0) + Number(r.hits) * Math.pow(0.5, age / TRENDING_HALF_LIFE_HOURS));
    }
    return [...scores].map(([query, score]) => ({ query, score })).sort((a, b) => b.score - a.score || a.query.localeCompare(b.query)).slice(0, limit);
  }
}

const personals = new WeakMap<PluginContext, SearchPersonal>();
export function personalOf(ctx: PluginContext): SearchPersonal {
  let p = personals.get(ctx);
  if (!p) personals.set(ctx, (p = new SearchPersonal(ctx)));
  return p;
}
