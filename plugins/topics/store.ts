// The topics store: tags, note links, trending buckets, follows and
// curation. Everything here reads and writes the topics plugin's own tables;
// notes are ids plus the facts the notes events carried. One store per
// plugin context (see storeOf).

import { sql, type Kysely } from 'kysely';
import {
  badInput, notFound, scanHashtags, timestampValue, toDate,
  type MeadowContext, type PluginContext,
} from '../../core/index.ts';
import { NotesServiceRef, type FeedEntry, type FeedPosition, type NoteRecord } from '../notes/contracts.ts';
import { TopicFollowed, TopicsMerged, type TopicRecord, type TopicsService, type TrendingTopic } from './contracts.ts';
import { displayNameOf, topicKeyOf } from './names.ts';
import type { TopicsSettings } from './settings.ts';
import {
  BUCKET_RETENTION_HOURS, TREND_WEIGHTS, bucketOf, decayFactors, hotScore, relatedScore,
} from './trending.ts';

export const TOPIC_COLUMNS = [
  'id', 'key', 'name', 'canonical_id', 'description', 'featured', 'hidden', 'note_count', 'follower_count', 'created_at',
] as const;

export function toTopic(row: any): TopicRecord {
  return {
    id: Number(row.id),
    key: row.key,
    name: row.name,
    canonicalId: row.canonical_id == null ? null : Number(row.canonical_id),
    description: row.description ?? '',
    featured: Boolean(Number(row.featured)),
    hidden: Boolean(Number(row.hidden)),
    noteCount: Number(row.note_count),
    followerCount: Number(row.follower_count),
    createdAt: toDate(row.created_at)!,
  };
}

export type NoteOrder = 'NEWEST' | 'HOTTEST';

/** A position in a topic's note list: [publishedAt ms | hot, noteId]. */
export type NotePosition = [number, number];

export interface LinkedNote {
  noteId: number;
  publishedAt: number;
  hot: number;
}

/** Visibilities that may show in topic pages and communities. */
const LISTED = ['public'];
/** Visibilities that join a follower's FOLLOWING feed through a followed tag. */
const FEED_VISIBILITIES = ['public', 'unlisted'];

export class TopicsStore implements TopicsService {
  private readonly ctx: PluginContext<TopicsSettings>;
  /** The clock trending reads; tests replace it to move through time. */
  now: () => number = () => Date.now();
  private lastPrunedBucket = 0;

  constructor(ctx: PluginContext<TopicsSettings>) {
    this.ctx = ctx;
  }

  get db(): Kysely<any> {
    return this.ctx.db.kysely();
  }

  private ts(ms: number) {
    return timestampValue(this.ctx.db.dialect, new Date(ms));
  }

  private get notes() {
    return this.ctx.services.get(NotesServiceRef);
  }

  // ---- topics ------------------------------------------------------------

  async getByIds(ids: readonly number[]): Promise<(TopicRecord | null)[]> {
    const wanted = [...new Set(ids.filter((id) => Number.isSafeInteger(id)))];
    if (wanted.length === 0) return ids.map(() => null);
    const rows = await this.db.selectFrom('topics_topics').select(TOPIC_COLUMNS).where('id', 'in', wanted).execute();
    const byId = new Map(rows.map((r) => [Number(r.id), toTopic(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async getById(id: number): Promise<TopicRecord | null> {
    return (await this.getByIds([id]))[0] ?? null;
  }

  loader(gctx: Pick<MeadowContext, 'loaders'>) {
    return gctx.loaders.get<number, TopicRecord>('topics.byId', (ids) => this.getByIds(ids));
  }

  /** The topic a key means, following a merge to the canonical topic. */
  async findByKey(key: string): Promise<TopicRecord | null> {
    const row = await this.db.selectFrom('topics_topics').select(TOPIC_COLUMNS).where('key', '=', key).executeTakeFirst();
    if (!row) return null;
    const topic = toTopic(row);
    return topic.canonicalId ? this.getById(topic.canonicalId) : topic;
  }

  /** Throws BAD_USER_INPUT for names that cannot be tags. */
  async findByName(name: string): Promise<TopicRecord | null> {
    return this.findByKey(topicKeyOf(name));
  }

  async requireByName(name: string): Promise<TopicRecord> {
    const topic = await this.findByName(name);
    if (!topic) throw notFound(`The topic "${displayNameOf(String(name))}"`);
    return topic;
  }

  /** Creates missing tags; returns key → canonical topic id. */
  async ensureTopics(db: Kysely<any>, tags: { key: string; name: string }[]): Promise<Map<string, number>> {
    if (tags.length === 0) return new Map();
    const createdAt = this.ts(Date.now());
    await db
      .insertInto('topics_topics')
      .values(tags.map((t) => ({ key: t.key, name: t.name.slice(0, 200), description: '', featured: 0, hidden: 0, note_count: 0, follower_count: 0, created_at: createdAt })))
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const rows = await db.selectFrom('topics_topics').select(['id', 'key', 'canonical_id']).where('key', 'in', tags.map((t) => t.key)).execute();
    return new Map(rows.map((r) => [r.key as string, Number(r.canonical_id ?? r.id)]));
  }

  async ensureTopicByName(name: string): Promise<TopicRecord> {
    const key = topicKeyOf(name);
    const ids = await this.ensureTopics(this.db, [{ key, name: displayNameOf(name) }]);
    return (await this.getById(ids.get(key)!))!;
  }

  private async recountNotes(db: Kysely<any>, topicIds: number[]): Promise<void> {
    if (topicIds.length === 0) return;
    await db
      .updateTable('topics_topics')
      .set((eb: any) => ({
        note_count: eb
          .selectFrom('topics_note_topics as l')
          .select(eb.fn.countAll().as('n'))
          .whereRef('l.topic_id', '=', 'topics_topics.id')
          .where('l.visibility', 'in', LISTED),
      }))
      .where('id', 'in', topicIds)
      .execute();
  }

  private async recountFollowers(db: Kysely<any>, topicIds: number[]): Promise<void> {
    if (topicIds.length === 0) return;
    await db
      .updateTable('topics_topics')
      .set((eb: any) => ({
        follower_count: eb.selectFrom('topics_follows as f').select(eb.fn.countAll().as('n')).whereRef('f.topic_id', '=', 'topics_topics.id'),
      }))
      .where('id', 'in', topicIds)
      .execute();
  }

  // ---- note links (driven by the notes events) -----------------------------

  /**
   * Makes the links of a note match its current tags, visibility and
   * engagement. Idempotent: running it twice for the same note changes
   * nothing the second time, so redelivered events are harmless.
   */
  async syncNote(note: NoteRecord, text: string): Promise<void> {
    const live = note.status === 'published' && !note.deletedAt && note.publishedAt;
    if (!live) return this.removeNote(note.id);
    const keys = [...new Set(note.hashtags)].slice(0, this.ctx.settings().maxTagsPerNote);
    // The display form of a new tag is the form its first writer used.
    const written = new Map<string, string>();
    for (const m of scanHashtags(text)) if (!written.has(m.tag)) written.set(m.tag, displayNameOf(m.raw));
    const publishedAt = note.publishedAt!.getTime();
    const hot = hotScore({ likes: note.likesCount, collects: note.collectsCount, comments: note.commentsCount }, publishedAt);

    await this.ctx.db.transaction(async ({ db }) => {
      const idsByKey = await this.ensureTopics(db, keys.map((key) => ({ key, name: written.get(key) ?? key })));
      // Remote notes posted to a topic's Group without its tag are filed under it too (federation/groups.ts).
      const filed = await db.selectFrom('topics_fed_filed').select('topic_id').where('note_id', '=', note.id).execute();
      const wanted = [...new Set([...keys.map((k) => idsByKey.get(k)!), ...filed.map((f) => Number(f.topic_id))])];
      const existing = await db.selectFrom('topics_note_topics').select(['topic_id', 'visibility']).where('note_id', '=', note.id).execute();
      const had = new Map(existing.map((r) => [Number(r.topic_id), r.visibility as string]));
      const removed = [...had.keys()].filter((id) => !wanted.includes(id));
      const added = wanted.filter((id) => !had.has(id));
      if (removed.length) await db.deleteFrom('topics_note_topics').where('note_id', '=', note.id).where('topic_id', 'in', removed).execute();
      if (added.length) {
        await db
          .insertInto('topics_note_topics')
          .values(added.map((topicId) => ({
            note_id: note.id, topic_id: topicId, author_id: note.authorId, visibility: note.visibility, published_at: this.ts(publishedAt), hot,
          })))
          .onConflict((oc) => oc.columns(['note_id', 'topic_id']).doNothing())
          .execute();
      }
      await db
        .updateTable('topics_note_topics')
        .set({ author_id: note.authorId, visibility: note.visibility, published_at: this.ts(publishedAt), hot })
        .where('note_id', '=', note.id)
        .execute();
      await this.recountNotes(db, [...new Set([...removed, ...wanted])]);
      // Usage counts once per tag and note: when a public note gains the tag
      // or a tagged note becomes public.
      if (note.visibility === 'public') {
        const fresh = wanted.filter((id) => had.get(id) !== 'public');
        await this.addUsage(db, fresh, TREND_WEIGHTS.notePublished, publishedAt);
      }
    });
  }

  /**
   * Re-reads the note from the notes service and syncs it. Events are only
   * the trigger: two events for one note may finish in either order, and
   * whichever runs last still writes the note's current state.
   */
  async syncNoteById(noteId: number): Promise<void> {
    const notes = this.notes;
    const note = await notes.getById(noteId);
    return note ? this.syncNote(note, notes.plainText(note)) : this.removeNote(noteId);
  }

  async removeNote(noteId: number): Promise<void> {
    await this.ctx.db.transaction(async ({ db }) => {
      const rows = await db.selectFrom('topics_note_topics').select('topic_id').where('note_id', '=', noteId).execute();
      if (rows.length === 0) return;
      await db.deleteFrom('topics_note_topics').where('note_id', '=', noteId).execute();
      await this.recountNotes(db, rows.map((r) => Number(r.topic_id)));
    });
  }

  /** Likes, collects and comments: refresh the note's hot score and add to its tags' trend. */
  async noteEngaged(noteId: number, weight: number): Promise<void> {
    const links = await this.db.selectFrom('topics_note_topics').select(['topic_id', 'visibility']).where('note_id', '=', noteId).execute();
    if (links.length === 0) return;
    const note = await this.notes.getById(noteId);
    if (!note || !note.publishedAt) return;
    const hot = hotScore({ likes: note.likesCount, collects: note.collectsCount, comments: note.commentsCount }, note.publishedAt.getTime());
    await this.db.updateTable('topics_note_topics').set({ hot }).where('note_id', '=', noteId).execute();
    if (links[0]!.visibility === 'public') await this.addUsage(this.db, links.map((l) => Number(l.topic_id)), weight, this.now());
  }

  /** A comment's own hashtags count towards trending (they do not file the note under the tag). */
  async commentTagged(keys: string[], text: string): Promise<void> {
    if (keys.length === 0) return;
    const written = new Map<string, string>();
    for (const m of scanHashtags(text)) if (!written.has(m.tag)) written.set(m.tag, displayNameOf(m.raw));
    const limited = [...new Set(keys)].slice(0, this.ctx.settings().maxTagsPerNote);
    const ids = await this.ensureTopics(this.db, limited.map((key) => ({ key, name: written.get(key) ?? key })));
    await this.addUsage(this.db, [...new Set(ids.values())], TREND_WEIGHTS.commentMention, this.now());
  }

  // ---- trending ------------------------------------------------------------

  /** Adds `weight` to each topic's bucket for `atMs` (ignored past the retention). */
  async addUsage(db: Kysely<any>, topicIds: number[], weight: number, atMs: number): Promise<void> {
    if (topicIds.length === 0 || !(weight > 0)) return;
    const current = bucketOf(this.now());
    const bucket = bucketOf(atMs);
    if (bucket < current - BUCKET_RETENTION_HOURS) return;
    await db
      .insertInto('topics_trend_buckets')
      .values([...new Set(topicIds)].map((topic_id) => ({ topic_id, bucket, weight })))
      .onConflict((oc) => oc.columns(['topic_id', 'bucket']).doUpdateSet((eb: any) => ({ weight: eb('topics_trend_buckets.weight', '+', eb.ref('excluded.weight')) })))
      .execute();
    if (current !== this.lastPrunedBucket) {
      // Once an hour per process: old buckets can never count again.
      this.lastPrunedBucket = current;
      await db.deleteFrom('topics_trend_buckets').where('bucket', '<', current - BUCKET_RETENTION_HOURS).execute();
    }
  }

  async trending(first: number): Promise<TrendingTopic[]> {
    const { trendingWindowHours, trendingHalfLifeHours } = this.ctx.settings();
    const factors = decayFactors(this.now(), trendingWindowHours, trendingHalfLifeHours);
    // The decay factors are numbers we computed, written as literals.
    const values = sql.join(factors.map((f) => sql`(${sql.raw(String(f.bucket))}, cast(${sql.raw(f.factor.toExponential(15))} as double precision))`));
    const { rows } = await sql<{ topic_id: unknown; score: unknown }>`
      with d(bucket, factor) as (values ${values})
      select b.topic_id as topic_id, sum(b.weight * d.factor) as score
      from topics_trend_buckets b
      join d on d.bucket = b.bucket
      join topics_topics t on t.id = b.topic_id
      where t.hidden = 0 and t.canonical_id is null
      group by b.topic_id
      order by score desc, b.topic_id asc
      limit ${first}`.execute(this.db);
    const topics = await this.getByIds(rows.map((r) => Number(r.topic_id)));
    return rows.flatMap((r, i) => (topics[i] ? [{ topic: topics[i]!, score: Number(r.score) }] : []));
  }

  /** For tests and imports: usage at a given time. */
  async recordUsage(topicId: number, weight: number, at: Date): Promise<void> {
    await this.addUsage(this.db, [topicId], weight, at.getTime());
  }

  // ---- lists ---------------------------------------------------------------

  /** One page of a topic's public notes, newest or hottest first. */
  async notePage(topicId: number, order: NoteOrder, limit: number, after: NotePosition | null): Promise<LinkedNote[]> {
    const sortColumn = order === 'HOTTEST' ? 'hot' : 'published_at';
    let q = this.db
      .selectFrom('topics_note_topics')
      .select(['note_id', 'published_at', 'hot'])
      .where('topic_id', '=', topicId)
      .where('visibility', 'in', LISTED);
    if (after) {
      const pivot = order === 'HOTTEST' ? after[0] : this.ts(after[0]);
      q = q.where((eb) => eb.or([eb(sortColumn, '<', pivot), eb.and([eb(sortColumn, '=', pivot), eb('note_id', '<', after[1])])]));
    }
    const rows = await q.orderBy(sortColumn, 'desc').orderBy('note_id', 'desc').limit(limit).execute();
    return rows.map(toLinked);
  }

  /** The notes of followed tags, for the FOLLOWING feed (one sorted stream). */
  async followedTagsFeed(viewerId: number, after: FeedPosition | null, limit: number): Promise<FeedEntry[]> {
    let q = this.db
      .selectFrom('topics_note_topics as l')
      .innerJoin('topics_follows as f', (j) => j.onRef('f.topic_id', '=', 'l.topic_id').on('f.account_id', '=', viewerId))
      .innerJoin('topics_topics as t', 't.id', 'l.topic_id')
      .select((eb) => ['l.note_id', 'l.published_at', eb.fn.min('t.name').as('tag')])
      .where('l.visibility', 'in', FEED_VISIBILITIES)
      .where('t.hidden', '=', 0);
    if (after) {
      const at = this.ts(after.publishedAt);
      q = q.where((eb) => eb.or([eb('l.published_at', '<', at), eb.and([eb('l.published_at', '=', at), eb('l.note_id', '<', after.noteId)])]));
    }
    const rows = await q.groupBy(['l.note_id', 'l.published_at']).orderBy('l.published_at', 'desc').orderBy('l.note_id', 'desc').limit(limit).execute();
    return rows.map((r) => ({ noteId: Number(r.note_id), publishedAt: toDate(r.published_at)!.getTime(), reason: `tag:${r.tag}` }));
  }

  /** Topics of each note (canonical; hidden ones only when asked), batched. */
  async topicsOfNotes(noteIds: readonly number[], includeHidden = false): Promise<TopicRecord[][]> {
    if (noteIds.length === 0) return [];
    let q = this.db
      .selectFrom('topics_note_topics as l')
      .innerJoin('topics_topics as t', 't.id', 'l.topic_id')
      .select(['l.note_id', ...TOPIC_COLUMNS.map((c) => `t.${c}` as const)])
      .where('l.note_id', 'in', [...new Set(noteIds)]);
    if (!includeHidden) q = q.where('t.hidden', '=', 0);
    const rows = await q.orderBy('t.name').execute();
    const byNote = new Map<number, TopicRecord[]>();
    for (const r of rows) {
      const list = byNote.get(Number(r.note_id)) ?? [];
      list.push(toTopic(r));
      byNote.set(Number(r.note_id), list);
    }
    return noteIds.map((id) => byNote.get(id) ?? []);
  }

  /** Names merged into each topic, batched. */
  async synonymsOf(topicIds: readonly number[]): Promise<string[][]> {
    const rows = await this.db.selectFrom('topics_topics').select(['canonical_id', 'name']).where('canonical_id', 'in', [...new Set(topicIds)]).orderBy('name').execute();
    return topicIds.map((id) => rows.filter((r) => Number(r.canonical_id) === id).map((r) => r.name as string));
  }

  /** Related topics of each topic from co-occurrence on public notes, batched. */
  async relatedOf(topicIds: readonly number[], limit: number): Promise<TopicRecord[][]> {
    const ids = [...new Set(topicIds)];
    const pairs = await this.db
      .selectFrom('topics_note_topics as a')
      .innerJoin('topics_note_topics as b', (j) => j.onRef('b.note_id', '=', 'a.note_id').onRef('b.topic_id', '<>', 'a.topic_id'))
      .select((eb) => ['a.topic_id as topic_id', 'b.topic_id as other_id', eb.fn.countAll().as('co')])
      .where('a.topic_id', 'in', ids)
      .where('a.visibility', 'in', LISTED)
      .where('b.visibility', 'in', LISTED)
      .groupBy(['a.topic_id', 'b.topic_id'])
      .execute();
    const topics = new Map<number, TopicRecord>();
    const involved = [...new Set([...ids, ...pairs.map((p) => Number(p.other_id))])];
    for (const t of await this.getByIds(involved)) if (t) topics.set(t.id, t);
    return topicIds.map((id) => {
      const self = topics.get(id);
      if (!self) return [];
      return pairs
        .filter((p) => Number(p.topic_id) === id)
        .map((p) => ({ topic: topics.get(Number(p.other_id)), co: Number(p.co) }))
        .filter((x): x is { topic: TopicRecord; co: number } => !!x.topic && !x.topic.hidden && x.topic.canonicalId == null)
        .map((x) => ({ ...x, score: relatedScore(x.co, self.noteCount, x.topic.noteCount) }))
        .sort((a, b) => b.score - a.score || b.co - a.co || a.topic.id - b.topic.id)
        .slice(0, limit)
        .map((x) => x.topic);
    });
  }

  async featured(limit: number): Promise<TopicRecord[]> {
    const rows = await this.db.selectFrom('topics_topics').select(TOPIC_COLUMNS)
      .where('featured', '=', 1).where('hidden', '=', 0).where('canonical_id', 'is', null)
      .orderBy('note_count', 'desc').orderBy('id').limit(limit).execute();
    return rows.map(toTopic);
  }

  // ---- follows -------------------------------------------------------------

  /** Idempotent; `topic.followed` fires only when the follow is new. */
  async follow(accountId: number, topicId: number): Promise<void> {
    await this.ctx.db.transaction(async (tx) => {
      const res = await tx.db
        .insertInto('topics_follows')
        .values({ account_id: accountId, topic_id: topicId, created_at: this.ts(Date.now()) })
        .onConflict((oc) => oc.columns(['account_id', 'topic_id']).doNothing())
        .executeTakeFirst();
      await this.recountFollowers(tx.db, [topicId]);
      if (Number(res.numInsertedOrUpdatedRows ?? 0) > 0) await this.ctx.hooks.emit(TopicFollowed, { accountId, topicId }, tx);
    });
  }

  async unfollow(accountId: number, topicId: number): Promise<void> {
    await this.ctx.db.transaction(async ({ db }) => {
      await db.deleteFrom('topics_follows').where('account_id', '=', accountId).where('topic_id', '=', topicId).execute();
      await this.recountFollowers(db, [topicId]);
    });
  }

  /** Which of these topics `accountId` follows. */
  async followedAmong(accountId: number, topicIds: readonly number[]): Promise<Set<number>> {
    if (topicIds.length === 0) return new Set();
    const rows = await this.db.selectFrom('topics_follows').select('topic_id').where('account_id', '=', accountId).where('topic_id', 'in', [...new Set(topicIds)]).execute();
    return new Set(rows.map((r) => Number(r.topic_id)));
  }

  async followedTopicIds(accountId: number): Promise<number[]> {
    const rows = await this.db.selectFrom('topics_follows').select('topic_id').where('account_id', '=', accountId).execute();
    return rows.map((r) => Number(r.topic_id));
  }

  /** Topics an account follows, newest follow first. */
  async followedPage(accountId: number, limit: number, after: NotePosition | null, includeHidden: boolean): Promise<{ topic: TopicRecord; followedAt: number }[]> {
    let q = this.db
      .selectFrom('topics_follows as f')
      .innerJoin('topics_topics as t', 't.id', 'f.topic_id')
      .select(['f.created_at as followed_at', ...TOPIC_COLUMNS.map((c) => `t.${c}` as const)])
      .where('f.account_id', '=', accountId);
    if (!includeHidden) q = q.where('t.hidden', '=', 0);
    if (after) {
      const at = this.ts(after[0]);
      q = q.where((eb) => eb.or([eb('f.created_at', '<', at), eb.and([eb('f.created_at', '=', at), eb('f.topic_id', '<', after[1])])]));
    }
    const rows = await q.orderBy('f.created_at', 'desc').orderBy('f.topic_id', 'desc').limit(limit).execute();
    return rows.map((r) => ({ topic: toTopic(r), followedAt: toDate(r.followed_at)!.getTime() }));
  }

  // ---- curation ------------------------------------------------------------

  async setFlag(topicId: number, flag: 'featured' | 'hidden', value: boolean): Promise<TopicRecord> {
    await this.db.updateTable('topics_topics').set({ [flag]: value ? 1 : 0 }).where('id', '=', topicId).execute();
    return (await this.getById(topicId))!;
  }

  /**
   * Merges the tag `fromName` into `into` (a synonym): its notes, followers,
   * trend and communities move to the canonical topic, and later uses of
   * the synonym link there. A synonym not used yet is created as one.
   */
  async merge(fromName: string, into: TopicRecord): Promise<TopicRecord> {
    const fromKey = topicKeyOf(fromName, 'from');
    if (fromKey === into.key) throw badInput('A topic cannot be merged into itself', { field: 'from' });
    const target = into.canonicalId ? (await this.getById(into.canonicalId))! : into;
    const existing = await this.db.selectFrom('topics_topics').select(TOPIC_COLUMNS).where('key', '=', fromKey).executeTakeFirst();
    const from = existing ? toTopic(existing) : await this.ensureTopicByName(fromName);
    if ((from.canonicalId ?? from.id) === target.id) {
      throw badInput(`"${from.name}" is already the same topic as "${target.name}"`, { field: 'from' });
    }
    if (from.canonicalId) throw badInput(`"${from.name}" is already merged into another topic; merge that topic instead`, { field: 'from' });
    const fromId = from.id;
    const intoId = target.id;
    await this.ctx.db.transaction(async (tx) => {
      const { db } = tx;
      // Synonyms of the synonym now point at the canonical topic too.
      await db.updateTable('topics_topics').set({ canonical_id: intoId, featured: 0, note_count: 0, follower_count: 0 })
        .where((eb) => eb.or([eb('id', '=', fromId), eb('canonical_id', '=', fromId)])).execute();
      await db.insertInto('topics_note_topics')
        .columns(['note_id', 'topic_id', 'author_id', 'visibility', 'published_at', 'hot'])
        .expression((eb: any) => eb.selectFrom('topics_note_topics').select(['note_id', sql.lit(intoId).as('topic_id'), 'author_id', 'visibility', 'published_at', 'hot']).where('topic_id', '=', fromId))
        .onConflict((oc) => oc.columns(['note_id', 'topic_id']).doNothing())
        .execute();
      await db.deleteFrom('topics_note_topics').where('topic_id', '=', fromId).execute();
      await db.insertInto('topics_follows')
        .columns(['account_id', 'topic_id', 'created_at'])
        .expression((eb: any) => eb.selectFrom('topics_follows').select(['account_id', sql.lit(intoId).as('topic_id'), 'created_at']).where('topic_id', '=', fromId))
        .onConflict((oc) => oc.columns(['account_id', 'topic_id']).doNothing())
        .execute();
      await db.deleteFrom('topics_follows').where('topic_id', '=', fromId).execute();
      await db.insertInto('topics_trend_buckets')
        .columns(['topic_id', 'bucket', 'weight'])
        .expression((eb: any) => eb.selectFrom('topics_trend_buckets').select([sql.lit(intoId).as('topic_id'), 'bucket', 'weight']).where('topic_id', '=', fromId))
        .onConflict((oc) => oc.columns(['topic_id', 'bucket']).doUpdateSet((eb: any) => ({ weight: eb('topics_trend_buckets.weight', '+', eb.ref('excluded.weight')) })))
        .execute();
      await db.deleteFrom('topics_trend_buckets').where('topic_id', '=', fromId).execute();
      await db.insertInto('topics_community_topics')
        .columns(['community_id', 'topic_id'])
        .expression((eb: any) => eb.selectFrom('topics_community_topics').select(['community_id', sql.lit(intoId).as('topic_id')]).where('topic_id', '=', fromId))
        .onConflict((oc) => oc.columns(['community_id', 'topic_id']).doNothing())
        .execute();
      await db.deleteFrom('topics_community_topics').where('topic_id', '=', fromId).execute();
      await this.recountNotes(db, [intoId]);
      await this.recountFollowers(db, [intoId]);
      await this.ctx.hooks.emit(TopicsMerged, { fromId, intoId }, tx);
    });
    return (await this.getById(intoId))!;
  }
}

function toLinked(r: any): LinkedNote {
  return { noteId: Number(r.note_id), publishedAt: toDate(r.published_at)!.getTime(), hot: Number(r.hot) };
}

const stores = new WeakMap<PluginContext, TopicsStore>();

export function storeOf(ctx: PluginContext<any>): TopicsStore {
  let store = stores.get(ctx);
  if (!store) {
    store = new TopicsStore(ctx);
    stores.set(ctx, store);
  }
  return store;
}
