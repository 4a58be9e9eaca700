// Resolvers of the topics plugin. Lists read the topics tables for ids and
// positions, then resolve notes through the notes service's loader and
// accounts through the accounts loader: one query per level, no N+1.

import {
  AccountsServiceRef, CursorCodec, badInput, forbidden, isStaff, localId, notFound, pageSize, requireRole, requireViewer, toGlobalId,
  type AccountRecord, type MeadowContext, type PageArgs, type PluginContext, type Resolvers,
} from '../../core/index.ts';
import { FeedForViewer, NotesServiceRef, type NoteRecord } from '../notes/contracts.ts';
import type { TopicRecord } from './contracts.ts';
import { communitiesOf, type CommunityInput, type CommunityRecord, type MemberRole } from './communities.ts';
import { topicKeyOf } from './names.ts';
import type { TopicsSettings } from './settings.ts';
import { storeOf, type LinkedNote, type NoteOrder, type NotePosition } from './store.ts';

type Ctx = MeadowContext;

export function topicsResolvers(ctx: PluginContext<TopicsSettings>): Resolvers {
  const store = storeOf(ctx);
  const communities = communitiesOf(ctx);
  const codec = new CursorCodec(ctx.secret);
  const notes = () => ctx.services.get(NotesServiceRef);
  const accounts = () => ctx.services.get(AccountsServiceRef);

  /** Cursors carry the list they belong to, so one list's cursor is refused by another. */
  const cursor = (list: string, pos: NotePosition) => codec.encode([list, pos[0], pos[1]]);
  const position = (list: string, after: string | null | undefined): NotePosition | null => {
    if (!after) return null;
    const raw = codec.decode<unknown>(after);
    if (!Array.isArray(raw) || raw.length !== 3 || raw[0] !== list || !Number.isFinite(raw[1]) || !Number.isSafeInteger(raw[2])) {
      throw badInput('This cursor belongs to another list; start again from the first page');
    }
    return [raw[1] as number, raw[2] as number];
  };

  const pageInfo = (hasNextPage: boolean, edges: { cursor: string }[], lastCursor: string | null) => ({
    hasNextPage,
    hasPreviousPage: false,
    startCursor: edges[0]?.cursor ?? null,
    // The last row read, even when the viewer may not see that note, so paging goes on from there.
    endCursor: lastCursor,
  });

  /** Resolves a page of linked notes through the notes service (batched), dropping those the viewer may not read. */
  const notesConnection = async (rows: LinkedNote[], first: number, gctx: Ctx, positionOf: (r: LinkedNote) => string) => {
    const page = rows.slice(0, first);
    const ids = page.map((r) => r.noteId);
    const service = notes();
    const viewerId = gctx.viewer?.accountId ?? null;
    const [records, visible] = await Promise.all([service.loader(gctx).loadMany(ids), service.visibleTo(ids, viewerId)]);
    let readable = records.filter((n): n is NoteRecord => !!n && !(n instanceof Error) && visible.has(n.id));
    // A note whose reach a moderator limited shows in topics only to its author and their followers.
    if (readable.some((n) => n.moderation.reachLimited && n.authorId !== viewerId)) {
      const following = new Set(viewerId == null ? [] : await ctx.services.get(AccountsServiceRef).followingIds(viewerId));
      readable = readable.filter((n) => !n.moderation.reachLimited || n.authorId === viewerId || following.has(n.authorId));
    }
    const readableIds = new Set(readable.map((n) => n.id));
    // The viewer's own filters (muted words and topics, hidden notes); their own notes always stay.
    const others = viewerId == null ? [] : readable.filter((n) => n.authorId !== viewerId);
    const filtered = others.length ? new Set((await ctx.hooks.applyFilter(FeedForViewer, others, { viewerId: viewerId!, surface: 'topic' })).map((n) => n.id)) : null;
    const shown = (n: NoteRecord) => !filtered || n.authorId === viewerId || filtered.has(n.id);
    const edges = page.flatMap((r, i) => {
      const note = records[i];
      return note && !(note instanceof Error) && readableIds.has(note.id) && shown(note) ? [{ cursor: positionOf(r), node: note }] : [];
    });
    return { edges, pageInfo: pageInfo(rows.length > first, edges, page.length ? positionOf(page.at(-1)!) : null) };
  };

  /** A topic by name as the viewer may see it: hidden topics are NOT_FOUND for non-staff. */
  const visibleTopic = async (gctx: Ctx, name: string): Promise<TopicRecord> => {
    const topic = await store.requireByName(name);
    if (topic.hidden && !isStaff(gctx.viewer)) throw notFound(`The topic "${name}"`);
    return topic;
  };

  const community = (slug: string) => communities.requireBySlug(slug);

  const roleLoader = (gctx: Ctx) => {
    const viewer = gctx.viewer!;
    return gctx.loaders.get<number, MemberRole>(`topics.communityRole:${viewer.accountId}`, (ids) => communities.rolesOf(viewer.accountId, ids));
  };

  /** Staff, or a moderator of this community. */
  const requireCommunityModerator = async (gctx: Ctx, c: CommunityRecord) => {
    const viewer = requireViewer(gctx);
    if (isStaff(viewer)) return viewer;
    if ((await communities.roleOf(viewer.accountId, c.id)) !== 'moderator') throw forbidden("Only staff and this community's moderators can do this");
    return viewer;
  };

  const checkFirst = (first: number, max: number) => {
    if (!Number.isInteger(first) || first < 1 || first > max) throw badInput(`first must be between 1 and ${max}`, { field: 'first' });
    return first;
  };

  return {
    Topic: {
      id: (t: TopicRecord) => toGlobalId('Topic', t.id),
      tag: (t: TopicRecord) => `#${t.name}`,
      hidden: (t: TopicRecord, _: unknown, gctx: Ctx) => isStaff(gctx.viewer) && t.hidden,
      viewerFollows: (t: TopicRecord, _: unknown, gctx: Ctx) => {
        const viewer = gctx.viewer;
        if (!viewer) return false;
        return gctx.loaders
          .get<number, boolean>(`topics.follows:${viewer.accountId}`, async (ids) => {
            const set = await store.followedAmong(viewer.accountId, ids);
            return ids.map((id) => set.has(id));
          })
          .load(t.id);
      },
      synonyms: (t: TopicRecord, _: unknown, gctx: Ctx) => gctx.loaders.get<number, string[]>('topics.synonyms', (ids) => store.synonymsOf(ids)).load(t.id),
      notes: async (t: TopicRecord, args: PageArgs & { order: NoteOrder }, gctx: Ctx) => {
        const first = pageSize(args);
        const list = `topic:${t.id}:${args.order}`;
        const rows = await store.notePage(t.id, args.order, first + 1, position(list, args.after));
        return notesConnection(rows, first, gctx, (r) => cursor(list, [args.order === 'HOTTEST' ? r.hot : r.publishedAt, r.noteId]));
      },
      related: (t: TopicRecord, args: { first: number }, gctx: Ctx) => {
        const first = checkFirst(args.first, 50);
        return gctx.loaders.get<number, TopicRecord[]>(`topics.related:${first}`, (ids) => store.relatedOf(ids, first)).load(t.id);
      },
      communities: (t: TopicRecord, _: unknown, gctx: Ctx) =>
        gctx.loaders.get<number, CommunityRecord[]>('topics.communitiesOfTopic', (ids) => communities.communitiesOfTopics(ids)).load(t.id),
    },
    Community: {
      id: (c: CommunityRecord) => toGlobalId('Community', c.id),
      topics: async (c: CommunityRecord, _: unknown, gctx: Ctx) => {
        const ids = await gctx.loaders.get<number, number[]>('topics.communityTopicIds', (keys) => communities.topicIdsOf(keys)).load(c.id);
        const topics = await store.loader(gctx).loadMany(ids ?? []);
        return topics.filter((t): t is TopicRecord => !!t && !(t instanceof Error) && (!t.hidden || isStaff(gctx.viewer)));
      },
      moderators: async (c: CommunityRecord, _: unknown, gctx: Ctx) => {
        const ids = await gctx.loaders.get<number, number[]>('topics.communityModerators', (keys) => communities.moderatorIdsOf(keys)).load(c.id);
        const found = await accounts().loader(gctx).loadMany(ids ?? []);
        return found.filter((a): a is AccountRecord => !!a && !(a instanceof Error));
      },
      members: async (c: CommunityRecord, args: PageArgs) => {
        const first = pageSize(args);
        const list = `members:${c.id}`;
        const rows = await communities.memberPage(c.id, first + 1, position(list, args.after));
        const page = rows.slice(0, first);
        const found = await accounts().getByIds(page.map((r) => r.accountId));
        const edges = page.flatMap((r, i) =>
          found[i] ? [{ cursor: cursor(list, [r.joinedAt, r.accountId]), node: found[i], role: r.role, joinedAt: new Date(r.joinedAt) }] : [],
        );
        const last = page.at(-1);
        return { edges, pageInfo: pageInfo(rows.length > first, edges, last ? cursor(list, [last.joinedAt, last.accountId]) : null), totalCount: c.memberCount };
      },
      notes: async (c: CommunityRecord, args: PageArgs, gctx: Ctx) => {
        const first = pageSize(args);
        const list = `community:${c.id}`;
        const rows = await communities.notePage(c.id, first + 1, position(list, args.after));
        return notesConnection(rows, first, gctx, (r) => cursor(list, [r.publishedAt, r.noteId]));
      },
      viewerIsMember: async (c: CommunityRecord, _: unknown, gctx: Ctx) => (gctx.viewer ? (await roleLoader(gctx).load(c.id)) != null : false),
      viewerIsModerator: async (c: CommunityRecord, _: unknown, gctx: Ctx) => (gctx.viewer ? (await roleLoader(gctx).load(c.id)) === 'moderator' : false),
    },
    Note: {
      topics: (note: NoteRecord, _: unknown, gctx: Ctx) => {
        const staff = isStaff(gctx.viewer);
        return gctx.loaders.get<number, TopicRecord[]>(`topics.ofNote:${staff}`, (ids) => store.topicsOfNotes(ids, staff)).load(note.id);
      },
    },
    Account: {
      followedTopics: async (account: AccountRecord, args: PageArgs, gctx: Ctx) => {
        const first = pageSize(args);
        const list = `followed:${account.id}`;
        const rows = await store.followedPage(account.id, first + 1, position(list, args.after), isStaff(gctx.viewer));
        const page = rows.slice(0, first);
        const edges = page.map((r) => ({ cursor: cursor(list, [r.followedAt, r.topic.id]), node: r.topic }));
        return { edges, pageInfo: pageInfo(rows.length > first, edges, edges.at(-1)?.cursor ?? null) };
      },
    },
    Query: {
      topic: (_: unknown, args: { name: string }, gctx: Ctx) => visibleTopic(gctx, args.name),
      trendingTopics: async (_: unknown, args: { first: number }) => {
        const trending = await store.trending(checkFirst(args.first, 50));
        return trending.map((t, i) => ({ topic: t.topic, score: t.score, rank: i + 1 }));
      },
      featuredTopics: (_: unknown, args: { first: number }) => store.featured(checkFirst(args.first, 100)),
      community: (_: unknown, args: { slug: string }) => community(args.slug),
      communities: async (_: unknown, args: PageArgs) => {
        const first = pageSize(args);
        const rows = await communities.page(first + 1, position('communities', args.after));
        const page = rows.slice(0, first);
        const edges = page.map((c) => ({ cursor: cursor('communities', [c.memberCount, c.id]), node: c }));
        return { edges, pageInfo: pageInfo(rows.length > first, edges, edges.at(-1)?.cursor ?? null), totalCount: await communities.count() };
      },
    },
    Mutation: {
      followTopic: async (_: unknown, args: { name: string }, gctx: Ctx) => {
        const viewer = requireViewer(gctx);
        const topic = await visibleTopic(gctx, args.name);
        await store.follow(viewer.accountId, topic.id);
        return store.getById(topic.id);
      },
      unfollowTopic: async (_: unknown, args: { name: string }, gctx: Ctx) => {
        const viewer = requireViewer(gctx);
        const topic = await store.requireByName(args.name);
        await store.unfollow(viewer.accountId, topic.id);
        return store.getById(topic.id);
      },
      featureTopic: async (_: unknown, args: { name: string; featured: boolean }, gctx: Ctx) => {
        requireRole(gctx, 'moderator');
        const topic = await store.requireByName(args.name);
        return store.setFlag(topic.id, 'featured', args.featured);
      },
      hideTopic: async (_: unknown, args: { name: string; hidden: boolean }, gctx: Ctx) => {
        requireRole(gctx, 'moderator');
        const topic = await store.requireByName(args.name);
        return store.setFlag(topic.id, 'hidden', args.hidden);
      },
      mergeTopics: async (_: unknown, args: { from: string; into: string }, gctx: Ctx) => {
        requireRole(gctx, 'moderator');
        if (topicKeyOf(args.from, 'from') === topicKeyOf(args.into, 'into')) throw badInput('A topic cannot be merged into itself', { field: 'from' });
        const into = await store.requireByName(args.into);
        return store.merge(args.from, into);
      },
      createCommunity: async (_: unknown, args: { input: CommunityInput }, gctx: Ctx) => {
        const viewer = requireRole(gctx, 'moderator');
        return communities.create(args.input, viewer.accountId);
      },
      updateCommunity: async (_: unknown, args: { slug: string; input: CommunityInput }, gctx: Ctx) => {
        const c = await community(args.slug);
        await requireCommunityModerator(gctx, c);
        return communities.update(c, args.input);
      },
      setCommunityModerator: async (_: unknown, args: { slug: string; accountId: string; moderator: boolean }, gctx: Ctx) => {
        const c = await community(args.slug);
        await requireCommunityModerator(gctx, c);
        const account = await accounts().getById(localId(args.accountId, 'Account'));
        if (!account) throw notFound('The account');
        await communities.setModerator(c.id, account.id, args.moderator);
        return (await communities.getByIds([c.id]))[0];
      },
      joinCommunity: async (_: unknown, args: { slug: string }, gctx: Ctx) => {
        const viewer = requireViewer(gctx);
        const c = await community(args.slug);
        await communities.join(c.id, viewer.accountId);
        return (await communities.getByIds([c.id]))[0];
      },
      leaveCommunity: async (_: unknown, args: { slug: string }, gctx: Ctx) => {
        const viewer = requireViewer(gctx);
        const c = await community(args.slug);
        await communities.leave(c.id, viewer.accountId);
        return (await communities.getByIds([c.id]))[0];
      },
    },
  };
}
