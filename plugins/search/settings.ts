// Admin-editable settings of the search plugin (core's updatePluginSettings).

import { z } from 'zod';
import { isTimeZone } from './query/context.ts';

const SLOTS = ['activity', 'audience', 'time', 'place', 'budget', 'need'] as const;

/** A lexicon entry an admin adds (or overrides by id) next to the shipped lexicon. */
export const lexiconEntrySchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'lower-case letters, digits and dashes'),
  slot: z.enum(SLOTS),
  label: z.string().min(1).max(60),
  /** Words or phrases in the query that mean this entry (any language). */
  triggers: z.array(z.string().min(1).max(40)).min(1).max(40),
  /** Terms searched in addition (weaker than the query's own words). */
  expand: z.array(z.string().min(1).max(40)).max(60).default([]),
  /** Section title when results are grouped by this entry ("kid-friendly places"). */
  section: z.string().max(60).optional(),
});

/** The semantic option (semantic.ts): an OpenAI-compatible embeddings endpoint; off by default. */
export const semanticSettings = z.object({
  enabled: z.boolean().default(false),
  /** Base URL; Meadow POSTs to <url>/embeddings (e.g. http://127.0.0.1:8080/v1). */
  url: z.string().max(500).refine((u) => u === '' || /^https?:\/\/[^\s]+$/.test(u), 'an http(s) URL').default(''),
  model: z.string().min(1).max(100).default('text-embedding-3-small'),
  /** Name of the environment variable holding the API key (the key itself is never stored in settings). */
  apiKeyEnv: z.string().regex(/^[A-Z_][A-Z0-9_]{0,63}$/).optional(),
  timeoutMs: z.number().int().min(100).max(60_000).default(5000),
  /** Weight of similarity in the score (keyword relevance weighs 1). */
  weight: z.number().min(0).max(2).default(0.4),
  /** Notes less similar than this to the query are not added (depends on the model; tune per provider). */
  minSimilarity: z.number().min(-1).max(1).default(0.3),
  /** Nearest notes added to the keyword candidates. */
  candidates: z.number().int().min(1).max(1000).default(100),
  /** At most this many stored vectors are compared per query (newest notes first). */
  scanLimit: z.number().int().min(1000).max(1_000_000).default(50_000),
}).refine((s) => !s.enabled || s.url !== '', { message: 'semantic.url is needed when semantic search is enabled', path: ['url'] });

export const searchSettings = z.object({
  semantic: semanticSettings.prefault({}),
  /** Extra or overriding lexicon entries. */
  lexicon: z.array(lexiconEntrySchema).max(500).default([]),
  /** Half-life of the freshness boost, in days. */
  freshnessHalfLifeDays: z.number().positive().max(3650).default(30),
  /** At most this many results of one author in each page of ten. */
  maxPerAuthor: z.number().int().min(1).max(10).default(2),
  /** Share of discovery-feed candidates from new creators (exploration). */
  explorationShare: z.number().min(0).max(1).default(0.15),
  /** A creator counts as new for this many days after their first indexed note. */
  freshCreatorDays: z.number().int().min(1).max(365).default(30),
  /** The discovery feed puts notes the viewer opened within this many days after unseen ones. */
  seenWindowDays: z.number().int().min(1).max(365).default(30),
  /** A learnt reformulation expands a query once this many different people made it. */
  learnMinPeople: z.number().int().min(1).max(1000).default(2),
  /** Local time for people who do not send their time zone (seasons, "this evening"). */
  defaultTimeZone: z.string().refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai').default('Asia/Shanghai'),
  /** A term in more notes than this is "frequent": matched in bounded tiers, not ranked over every match (engine.ts). */
  frequentTermDocs: z.number().int().min(10).max(10_000_000).default(5000),
  /** Queries longer than this are refused with BAD_USER_INPUT. */
  maxQueryLength: z.number().int().min(10).max(10_000).default(500),
});

export type SearchSettings = z.infer<typeof searchSettings>;
export type LexiconEntryInput = z.infer<typeof lexiconEntrySchema>;
