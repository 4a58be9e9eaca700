// People and topics as search results (the answer's `people` and `topics`):
// people from the plugin's copy of names and handles (search_people, kept
// from account events) checked through AccountsService (blocks and mutes);
// topics from the tags of indexed notes (search_tags), resolved through the
// topics plugin's service when it is enabled (hidden topics left out,
// merged tags shown as the one they were merged into).

import { sql } from 'kysely';
import { AccountsServiceRef, type PluginContext } from '../../core/index.ts';
import { TopicsServiceRef } from '../topics/contracts.ts';
import type { QueryPlan } from './query/understand.ts';

export interface PersonResult {
  accountId: number;
  reason: string;
}

export interface TopicResult {
  /** Without `#`. */
  name: string;
  noteCount: number;
  followerCount: number;
  description: string;
  reason: string;
}

const HAN = /\p{Script=Han}/u;
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Typed words worth looking up as names: Latin of 2+ letters, Chinese of 2+ characters. */
function nameWords(plan: QueryPlan): string[] {
  return [...new Set(plan.typedWords.filter((w) => !w.startsWith('#') && [...w].length >= 2))].slice(0, 4);
}

export async function findPeople(ctx: PluginContext, plan: QueryPlan, viewerId: number | null, limit: number): Promise<PersonResult[]> {
  const words = nameWords(plan);
  // A handle typed whole ("@ann_li", "ann_li") is one word to the segmenter only sometimes.
  const handle = plan.normalized.replace(/^@/, '');
  if (/^[a-z0-9_]{2,30}$/.test(handle) && !words.includes(handle)) words.unshift(handle);
  if (!words.length) return [];
  const rows = await ctx.db.kysely().selectFrom('search_people').select(['account_id', 'handle', 'folded'])
    .where((eb) => eb.or(words.map((w) => (HAN.test(w)
      ? sql<boolean>`folded like ${`%${likeEscape(w)}%`} escape '\\'`
      : sql<boolean>`(folded like ${`${likeEscape(w)}%`} escape '\\' or folded like ${`% ${likeEscape(w)}%`} escape '\\' or folded like ${`%_${likeEscape(w)}%`} escape '\\')`))))
    .limit(50).execute();
  if (!rows.length) return [];
  const accounts = ctx.services.get(AccountsServiceRef);
  const hidden = new Set(viewerId ? await accounts.hiddenAccountIds(viewerId) : []);
  const records = await accounts.getByIds(rows.map((r) => Number(r.account_id)));
  const scored = [];
  for (const [i, r] of rows.entries()) {
    const account = records[i];
    if (!account || hidden.has(account.id) || (viewerId && (await accounts.isBlocked(viewerId, account.id)))) continue;
    const exact = r.handle === handle;
    const matched = words.filter((w) => (r.folded as string).includes(w));
    const inHandle = matched.filter((w) => (r.handle as string).includes(w));
    const reason = exact ? `handle is @${r.handle}` : inHandle.length ? `handle matches ${inHandle.join(', ')}` : `name matches ${matched.join(', ')}`;
    scored.push({ accountId: account.id, reason, rank: (exact ? 100 : 0) + matched.length * 10 + Math.log1p(account.followersCount) });
  }
  return scored.sort((a, b) => b.rank - a.rank || a.accountId - b.accountId).slice(0, limit).map(({ accountId, reason }) => ({ accountId, reason }));
}

export async function findTopics(ctx: PluginContext, plan: QueryPlan, limit: number): Promise<TopicResult[]> {
  // Tags the query names (typed words and hashtags), and tags its lexicon entries expand to.
  const wanted = new Map<string, string>();
  for (const w of plan.typedWords) {
    const tag = w.startsWith('#') ? w : `#${w}`;
    if ([...tag].length >= 3 || !HAN.test(tag)) wanted.set(tag, `topic matches ${tag.slice(1)}`);
  }
  for (const t of plan.terms) {
    if (t.source === 'expansion' && t.term.startsWith('#') && !wanted.has(t.term)) {
      const entry = plan.entries.find((e) => e.id === t.entryId);
      wanted.set(t.term, `related to ${entry?.label ?? t.term}`);
    }
  }
  if (!wanted.size) return [];
  const db = ctx.db.kysely();
  const exact = await db.selectFrom('search_tags').select(['tag', 'notes']).where('tag', 'in', [...wanted.keys()].slice(0, 30)).execute();
  // "露营" also finds #露营装备, #露营地 … (prefix of the first typed word).
  const first = nameWords(plan)[0];
  const prefixed = first
    ? await db.selectFrom('search_tags').select(['tag', 'notes']).where(sql<boolean>`tag like ${`#${likeEscape(first)}%`} escape '\\'`)
      .orderBy('notes', 'desc').limit(limit * 2).execute()
    : [];
  const rows = [...exact, ...prefixed.filter((p) => !exact.some((e) => e.tag === p.tag))];
  const topics = ctx.services.maybe(TopicsServiceRef);
  const out = new Map<string, TopicResult>();
  for (const r of rows.sort((a, b) => Number(b.notes) - Number(a.notes))) {
    const tag = r.tag as string;
    const reason = wanted.get(tag) ?? `topic starts with ${first}`;
    let result: TopicResult = { name: tag.slice(1), noteCount: Number(r.notes), followerCount: 0, description: '', reason };
    if (topics) {
      let topic = await topics.findByName(tag.slice(1));
      if (topic?.canonicalId) topic = (await topics.getByIds([topic.canonicalId]))[0] ?? null;
      if (!topic || topic.hidden) continue;
      result = { name: topic.name, noteCount: topic.noteCount, followerCount: topic.followerCount, description: topic.description, reason };
    }
    if (!out.has(result.name)) out.set(result.name, result);
    if (out.size >= limit) break;
  }
  return [...out.values()];
}
