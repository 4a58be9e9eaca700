// Resolvers of the search plugin. Notes resolve through the notes service's
// loader and accounts through the accounts loader (one query per level).

import {
  AccountsServiceRef, CursorCodec, FederationServiceRef, badInput, conflict, fromGlobalId, isStaff, forbidden, notFound, pageSize, requireViewer, toGlobalId,
  type MeadowContext, type PluginContext, type Resolvers,
} from '../../core/index.ts';
import { NotesServiceRef } from '../notes/contracts.ts';

/** A remote handle (@user@host.tld) or an http(s) URL. */
const REMOTE_QUERY = /^(@?[^@\s/]+@[^@\s/]+\.[^@\s/]+|https?:\/\/\S+)$/;
import { autocomplete } from './autocomplete.ts';
import { homeCityOf, setHomeCity } from './context.ts';
import { engineOf } from './engine.ts';
import type { SearchContextInput } from './query/context.ts';
import type { SearchSettings } from './settings.ts';
import { behaviourOf, queryKey } from './behaviour.ts';
import { MAX_PICKS, personalOf } from './personal.ts';
import { searchServiceOf } from './service.ts';
import { normalizeText, segment } from './text/tokenize.ts';

/** "#露营", "露营", "＃露營" → "#露营" (the form tags are indexed in); a clear error for anything else. */
function interestTag(name: unknown): string {
  const raw = typeof name === 'string' ? name.trim().replace(/^[#＃]+/, '') : '';
  const tags = raw && raw.length <= 40 ? segment(`#${raw}`).hashtags : [];
  if (tags.length !== 1 || tags[0] !== `#${normalizeText(raw)}`) {
    throw badInput(`"${String(name).slice(0, 50)}" is not a topic: one hashtag word of at most 40 characters, like "露营" or "#camping"`, { field: 'topics' });
  }
  return tags[0]!;
}

export function searchResolvers(ctx: PluginContext): Resolvers {
  const codec = new CursorCodec(ctx.secret);
  const service = searchServiceOf(ctx);
  const personal = personalOf(ctx);
  const notes = () => ctx.services.get(NotesServiceRef);
  const accounts = () => ctx.services.get(AccountsServiceRef);
  /** A cursor carries its query and order, so it cannot page through another search. */
  const offsetOf = (query: string, sort: string, after: string | null | undefined): number => {
    if (!after) return 0;
    const raw = codec.decode<unknown>(after);
    if (!Array.isArray(raw) || raw[0] !== 'search' || raw[1] !== normalizeText(query).trim() || !Number.isSafeInteger(raw[2]) || raw[2] < 0 || raw[2] > 10_000
      || (raw[3] ?? 'relevance') !== sort) {
      throw badInput('This cursor belongs to another search; start again from the first page');
    }
    return raw[2];
  };
  const profileOf = async (accountId: number) => ({
    homeCity: await homeCityLabel(accountId),
    personalization: await personal.personalizationOn(accountId),
    affinities: await personal.topAffinities(accountId, 20),
  });
  const homeCityLabel = async (accountId: number) => {
    const id = await homeCityOf(ctx, accountId);
    return id ? (engineOf(ctx).lexicon().entries.find((e) => e.id === id)?.label ?? id) : null;
  };
  /** "@user@host" or an https URL typed into search: resolved through federation (rate-limited per person). */
  const remoteLookup = async (query: string, accountId: number) => {
    const q = query.trim();
    const federation = ctx.services.maybe(FederationServiceRef);
    if (!federation || !REMOTE_QUERY.test(q)) return null;
    await ctx.rateLimit(`remote-lookup:${accountId}`, 30, 60_000);
    const found = await federation.lookup(q).catch(() => null);
    if (!found) return null;
    return found.kind === 'account'
      ? { account: found.account, objectId: null, objectType: null }
      : { account: null, objectId: toGlobalId(found.object.type, found.object.id), objectType: found.object.type };
  };
  const loadNotes = async (gctx: MeadowContext, ids: number[]) =>
    (await notes().loader(gctx).loadMany(ids)).filter((n): n is NonNullable<typeof n> & object => n != null && !(n instanceof Error));

  return {
    Query: {
      search: async (_: unknown, args: { query: string; first?: number; after?: string; context?: SearchContextInput; sort?: 'RELEVANCE' | 'NEWEST' | null }, gctx: MeadowContext) => {
        const first = pageSize(args);
        const sort = args.sort === 'NEWEST' ? 'newest' : 'relevance';
        const offset = offsetOf(args.query, sort, args.after);
        const viewerId = gctx.viewer?.accountId ?? null;
        const outcome = await service.search(args.query, { viewerId, first: first + 1, offset, context: args.context, sort });
        if (offset === 0) await personal.recordSearch(viewerId, args.query, outcome.hits.length > 0);
        const page = outcome.hits.slice(0, first);
        const records = await notes().loader(gctx).loadMany(page.map((h) => h.noteId));
        const edges = page.flatMap((hit, i) => {
          const node = records[i];
          if (!node || node instanceof Error) return [];
          return [{ cursor: codec.encode(['search', normalizeText(args.query).trim(), offset + i + 1, ...(sort === 'newest' ? [sort] : [])]), node, reasons: hit.reasons, promoted: hit.promoted ?? null }];
        });
        const sections = offset === 0
          ? await Promise.all(outcome.sections.map(async (s) => ({ title: s.title, reason: s.reason, notes: await loadNotes(gctx, s.noteIds) })))
          : [];
        const people = (await Promise.all(outcome.people.map(async (p) => ({ account: await accounts().loader(gctx).load(p.accountId), reason: p.reason }))))
          .filter((p) => p.account);
        const remote = offset === 0 && gctx.viewer ? await remoteLookup(args.query, gctx.viewer.accountId) : null;
        return {
          query: args.query,
          remote,
          queryId: codec.encode(['search-query', queryKey(args.query)]),
          context: outcome.context,
          intents: outcome.intents,
          slots: outcome.slots,
          sections,
          people,
          topics: outcome.topics,
          notes: {
            edges,
            totalCount: outcome.total,
            pageInfo: { hasNextPage: outcome.hits.length > first, hasPreviousPage: offset > 0, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
          },
        };
      },
      autocomplete: async (_: unknown, args: { prefix: string; first?: number }, gctx: MeadowContext) => {
        const first = Math.min(pageSize(args, 8), 20);
        const suggestions = await autocomplete(ctx, args.prefix, first);
        const visible = await notes().visibleTo(suggestions.flatMap((s) => (s.noteId ? [s.noteId] : [])), gctx.viewer?.accountId ?? null);
        return Promise.all(suggestions.filter((s) => !s.noteId || visible.has(s.noteId)).map(async (s) => ({
          kind: s.kind, text: s.text,
          note: s.noteId ? await notes().loader(gctx).load(s.noteId) : null,
          account: s.accountId ? await accounts().loader(gctx).load(s.accountId) : null,
        })));
      },
      searchHistory: async (_: unknown, args: { first?: number }, gctx: MeadowContext) => personal.history(requireViewer(gctx).accountId, pageSize(args)),
      trendingSearches: async (_: unknown, args: { first?: number }) => personal.trending(pageSize(args, 10)),
      suggestedInterests: async (_: unknown, args: { first?: number }) => {
        const rows = await ctx.db.kysely().selectFrom('search_tags').select('tag').orderBy('notes', 'desc').orderBy('tag').limit(pageSize(args, 12)).execute();
        return rows.map((r) => (r.tag as string).slice(1));
      },
      searchProfile: async (_: unknown, _args: unknown, gctx: MeadowContext) => profileOf(requireViewer(gctx).accountId),
    },
    Mutation: {
      clearSearchHistory: async (_: unknown, _args: unknown, gctx: MeadowContext) => {
        await personal.clearHistory(requireViewer(gctx).accountId);
        return true;
      },
      setSearchPersonalization: async (_: unknown, args: { enabled: boolean }, gctx: MeadowContext) => {
        const viewer = requireViewer(gctx);
        await personal.setPersonalization(viewer.accountId, args.enabled);
        return profileOf(viewer.accountId);
      },
      searchResultOpened: async (_: unknown, args: { queryId: string; noteId: string }, gctx: MeadowContext) => {
        const viewer = requireViewer(gctx);
        const raw = codec.decode<unknown>(args.queryId);
        if (!Array.isArray(raw) || raw[0] !== 'search-query' || typeof raw[1] !== 'string' || !raw[1]) {
          throw badInput('queryId is not the queryId of a search answer', { field: 'queryId' });
        }
        const { type, id } = fromGlobalId(args.noteId);
        const noteId = Number(id);
        if (type !== 'Note' || !Number.isSafeInteger(noteId) || !(await notes().canRead(noteId, viewer.accountId))) throw notFound('No such note');
        // Off means nothing is learnt from this person.
        if (!(await personal.personalizationOn(viewer.accountId))) return false;
        await behaviourOf(ctx).recordOpen(viewer.accountId, raw[1], noteId);
        return true;
      },
      setSearchHomeCity: async (_: unknown, args: { city?: string | null }, gctx: MeadowContext) => {
        const viewer = requireViewer(gctx);
        await setHomeCity(ctx as PluginContext<SearchSettings>, viewer.accountId, args.city ?? null);
        return profileOf(viewer.accountId);
      },
      pickInterests: async (_: unknown, args: { topics: string[] }, gctx: MeadowContext) => {
        const viewer = requireViewer(gctx);
        if (args.topics.length > MAX_PICKS) throw badInput(`Pick at most ${MAX_PICKS} topics`, { field: 'topics', max: MAX_PICKS });
        const tags = [...new Set(args.topics.map(interestTag))];
        if (!(await personal.personalizationOn(viewer.accountId))) {
          throw conflict('Personalization is off; switch it on (setSearchPersonalization) to pick interests');
        }
        await personal.pickInterests(viewer.accountId, tags);
        return profileOf(viewer.accountId);
      },
      reindexSearch: async (_: unknown, _args: unknown, gctx: MeadowContext) => {
        if (!isStaff(requireViewer(gctx))) throw forbidden('Only staff can rebuild the search index');
        return String(await ctx.jobs.enqueue('reindex', {}));
      },
    },
  };
}
