// Vertical communities: a name, a description and rules around one or more
// tags, with moderators and members. A community's notes are its members'
// public notes under its tags, read from the topics link table.

import type { Kysely } from 'kysely';
import { conflict, notFound, timestampValue, toDate, type PluginContext } from '../../core/index.ts';
import { checkRules, checkSlug, checkText, checkTopicNames, topicKeyOf, displayNameOf } from './names.ts';
import { storeOf, type LinkedNote, type NotePosition } from './store.ts';

export interface CommunityRecord {
  id: number;
  slug: string;
  name: string;
  description: string;
  rules: string[];
  memberCount: number;
  createdBy: number;
  createdAt: Date;
}

export type MemberRole = 'member' | 'moderator';

export interface CommunityInput {
  slug?: unknown;
  name?: unknown;
  description?: unknown;
  rules?: unknown;
  topics?: unknown;
}

const COLUMNS = ['id', 'slug', 'name', 'description', 'rules', 'member_count', 'created_by', 'created_at'] as const;

function toCommunity(row: any): CommunityRecord {
  let rules: string[] = [];
  try {
    rules = JSON.parse(row.rules ?? '[]');
  } catch {
    rules = [];
  }
  return {
    id: Number(row.id),
    slug: row.slug,
    name: row.name,
    description: row.description ?? '',
    rules,
    memberCount: Number(row.member_count),
    createdBy: Number(row.created_by),
    createdAt: toDate(row.created_at)!,
  };
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || String(e?.code ?? '').startsWith('SQLITE_CONSTRAINT') || /unique constraint/i.test(e?.message ?? '');
}

export class CommunitiesStore {
  private readonly ctx: PluginContext;

  constructor(ctx: PluginContext) {
    this.ctx = ctx;
  }

  private get db(): Kysely<any> {
    return this.ctx.db.kysely();
  }

  private ts(ms: number) {
    return timestampValue(this.ctx.db.dialect, new Date(ms));
  }

  async getByIds(ids: readonly number[]): Promise<(CommunityRecord | null)[]> {
    const wanted = [...new Set(ids.filter((id) => Number.isSafeInteger(id)))];
    if (wanted.length === 0) return ids.map(() => null);
    const rows = await this.db.selectFrom('topics_communities').select(COLUMNS).where('id', 'in', wanted).execute();
    const byId = new Map(rows.map((r) => [Number(r.id), toCommunity(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async getBySlug(raw: string): Promise<CommunityRecord | null> {
    const slug = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
    if (!slug) return null;
    const row = await this.db.selectFrom('topics_communities').select(COLUMNS).where('slug', '=', slug).executeTakeFirst();
    return row ? toCommunity(row) : null;
  }

  async requireBySlug(slug: string): Promise<CommunityRecord> {
    const community = await this.getBySlug(slug);
    if (!community) throw notFound(`The community "${String(slug).slice(0, 60)}"`);
    return community;
  }

  /** Biggest first; position is [memberCount, id]. */
  async page(limit: number, after: NotePosition | null): Promise<CommunityRecord[]> {
    let q = this.db.selectFrom('topics_communities').select(COLUMNS);
    if (after) q = q.where((eb) => eb.or([eb('member_count', '<', after[0]), eb.and([eb('member_count', '=', after[0]), eb('id', '<', after[1])])]));
    const rows = await q.orderBy('member_count', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map(toCommunity);
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('topics_communities').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async create(input: CommunityInput, creatorId: number): Promise<CommunityRecord> {
    const slug = checkSlug(input.slug);
    const name = checkText(input.name, 'name', 100, { min: 1 });
    const description = checkText(input.description ?? '', 'description', 2000, { multiline: true });
    const rules = checkRules(input.rules ?? []);
    const topicNames = checkTopicNames(input.topics);
    if (await this.getBySlug(slug)) throw conflict(`The slug "${slug}" is already taken`, { field: 'slug' });
    const topics = storeOf(this.ctx);
    try {
      return await this.ctx.db.transaction(async ({ db }) => {
        const row = await db
          .insertInto('topics_communities')
          .values({ slug, name, description, rules: JSON.stringify(rules), member_count: 1, created_by: creatorId, created_at: this.ts(Date.now()) })
          .returning(COLUMNS)
          .executeTakeFirstOrThrow();
        const community = toCommunity(row);
        await this.setTopics(db, community.id, topicNames, topics);
        await db.insertInto('topics_community_members').values({ community_id: community.id, account_id: creatorId, role: 'moderator', joined_at: this.ts(Date.now()) }).execute();
        return community;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`The slug "${slug}" is already taken`, { field: 'slug' });
      throw err;
    }
  }

  async update(community: CommunityRecord, input: CommunityInput): Promise<CommunityRecord> {
    const patch: Record<string, unknown> = {};
    if (input.name != null) patch.name = checkText(input.name, 'name', 100, { min: 1 });
    if (input.description != null) patch.description = checkText(input.description, 'description', 2000, { multiline: true });
    if (input.rules != null) patch.rules = JSON.stringify(checkRules(input.rules));
    const topicNames = input.topics != null ? checkTopicNames(input.topics) : null;
    await this.ctx.db.transaction(async ({ db }) => {
      if (Object.keys(patch).length) await db.updateTable('topics_communities').set(patch).where('id', '=', community.id).execute();
      if (topicNames) await this.setTopics(db, community.id, topicNames, storeOf(this.ctx));
    });
    return (await this.getByIds([community.id]))[0]!;
  }

  private async setTopics(db: Kysely<any>, communityId: number, names: string[], topics: ReturnType<typeof storeOf>) {
    const ids = await topics.ensureTopics(db, names.map((n) => ({ key: topicKeyOf(n, 'topics'), name: displayNameOf(n) })));
    await db.deleteFrom('topics_community_topics').where('community_id', '=', communityId).execute();
    await db.insertInto('topics_community_topics')
      .values([...new Set(ids.values())].map((topic_id) => ({ community_id: communityId, topic_id })))
      .execute();
  }

  /** Topic ids of each community, batched. */
  async topicIdsOf(communityIds: readonly number[]): Promise<number[][]> {
    const rows = await this.db.selectFrom('topics_community_topics').select(['community_id', 'topic_id'])
      .where('community_id', 'in', [...new Set(communityIds)]).orderBy('topic_id').execute();
    return communityIds.map((id) => rows.filter((r) => Number(r.community_id) === id).map((r) => Number(r.topic_id)));
  }

  /** Communities gathering each topic, batched. */
  async communitiesOfTopics(topicIds: readonly number[]): Promise<CommunityRecord[][]> {
    const rows = await this.db.selectFrom('topics_community_topics as ct')
      .innerJoin('topics_communities as c', 'c.id', 'ct.community_id')
      .select(['ct.topic_id', ...COLUMNS.map((c) => `c.${c}` as const)])
      .where('ct.topic_id', 'in', [...new Set(topicIds)]).orderBy('c.member_count', 'desc').orderBy('c.id').execute();
    return topicIds.map((id) => rows.filter((r) => Number(r.topic_id) === id).map(toCommunity));
  }

  /** Moderator account ids of each community, batched. */
  async moderatorIdsOf(communityIds: readonly number[]): Promise<number[][]> {
    const rows = await this.db.selectFrom('topics_community_members').select(['community_id', 'account_id'])
      .where('community_id', 'in', [...new Set(communityIds)]).where('role', '=', 'moderator').orderBy('joined_at').orderBy('account_id').execute();
    return communityIds.map((id) => rows.filter((r) => Number(r.community_id) === id).map((r) => Number(r.account_id)));
  }

  /** The viewer's role in each community (null when not a member), batched. */
  async rolesOf(accountId: number, communityIds: readonly number[]): Promise<(MemberRole | null)[]> {
    const rows = await this.db.selectFrom('topics_community_members').select(['community_id', 'role'])
      .where('account_id', '=', accountId).where('community_id', 'in', [...new Set(communityIds)]).execute();
    const byId = new Map(rows.map((r) => [Number(r.community_id), r.role as MemberRole]));
    return communityIds.map((id) => byId.get(id) ?? null);
  }

  async roleOf(accountId: number, communityId: number): Promise<MemberRole | null> {
    return (await this.rolesOf(accountId, [communityId]))[0] ?? null;
  }

  /** Idempotent: joining twice changes nothing. */
  async join(communityId: number, accountId: number): Promise<void> {
    await this.ctx.db.transaction(async ({ db }) => {
      await db.insertInto('topics_community_members')
        .values({ community_id: communityId, account_id: accountId, role: 'member', joined_at: this.ts(Date.now()) })
        .onConflict((oc) => oc.columns(['community_id', 'account_id']).doNothing())
        .execute();
      await this.recountMembers(db, communityId);
    });
  }

  /** Idempotent: leaving a community one is not in changes nothing. */
  async leave(communityId: number, accountId: number): Promise<void> {
    await this.ctx.db.transaction(async ({ db }) => {
      await db.deleteFrom('topics_community_members').where('community_id', '=', communityId).where('account_id', '=', accountId).execute();
      await this.recountMembers(db, communityId);
    });
  }

  /** Makes an account a moderator (joining it if needed) or a plain member again. */
  async setModerator(communityId: number, accountId: number, moderator: boolean): Promise<void> {
    await this.ctx.db.transaction(async ({ db }) => {
      const role: MemberRole = moderator ? 'moderator' : 'member';
      await db.insertInto('topics_community_members')
        .values({ community_id: communityId, account_id: accountId, role, joined_at: this.ts(Date.now()) })
        .onConflict((oc) => oc.columns(['community_id', 'account_id']).doUpdateSet({ role }))
        .execute();
      await this.recountMembers(db, communityId);
    });
  }

  private async recountMembers(db: Kysely<any>, communityId: number) {
    await db.updateTable('topics_communities')
      .set((eb: any) => ({
        member_count: eb.selectFrom('topics_community_members as m').select(eb.fn.countAll().as('n')).whereRef('m.community_id', '=', 'topics_communities.id'),
      }))
      .where('id', '=', communityId)
      .execute();
  }

  /** Members, newest first; position is [joinedAt ms, accountId]. */
  async memberPage(communityId: number, limit: number, after: NotePosition | null): Promise<{ accountId: number; role: MemberRole; joinedAt: number }[]> {
    let q = this.db.selectFrom('topics_community_members').select(['account_id', 'role', 'joined_at']).where('community_id', '=', communityId);
    if (after) {
      const at = this.ts(after[0]);
      q = q.where((eb) => eb.or([eb('joined_at', '<', at), eb.and([eb('joined_at', '=', at), eb('account_id', '<', after[1])])]));
    }
    const rows = await q.orderBy('joined_at', 'desc').orderBy('account_id', 'desc').limit(limit).execute();
    return rows.map((r) => ({ accountId: Number(r.account_id), role: r.role as MemberRole, joinedAt: toDate(r.joined_at)!.getTime() }));
  }

  /** Members' public notes under the community's tags, newest first. */
  async notePage(communityId: number, limit: number, after: NotePosition | null): Promise<LinkedNote[]> {
    let q = this.db
      .selectFrom('topics_note_topics as l')
      .innerJoin('topics_community_topics as ct', (j) => j.onRef('ct.topic_id', '=', 'l.topic_id').on('ct.community_id', '=', communityId))
      .innerJoin('topics_community_members as m', (j) => j.onRef('m.account_id', '=', 'l.author_id').on('m.community_id', '=', communityId))
      .select((eb) => ['l.note_id', 'l.published_at', eb.fn.max('l.hot').as('hot')])
      .where('l.visibility', '=', 'public');
    if (after) {
      const at = this.ts(after[0]);
      q = q.where((eb) => eb.or([eb('l.published_at', '<', at), eb.and([eb('l.published_at', '=', at), eb('l.note_id', '<', after[1])])]));
    }
    const rows = await q.groupBy(['l.note_id', 'l.published_at']).orderBy('l.published_at', 'desc').orderBy('l.note_id', 'desc').limit(limit).execute();
    return rows.map((r) => ({ noteId: Number(r.note_id), publishedAt: toDate(r.published_at)!.getTime(), hot: Number(r.hot) }));
  }
}

const stores = new WeakMap<PluginContext, CommunitiesStore>();

export function communitiesOf(ctx: PluginContext<any>): CommunitiesStore {
  let store = stores.get(ctx);
  if (!store) {
    store = new CommunitiesStore(ctx);
    stores.set(ctx, store);
  }
  return store;
}
