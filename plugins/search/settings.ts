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

export const searchSettings = z.object({
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
  /** Queries longer than this are refused with BAD_USER_INPUT. */
  maxQueryLength: z.number().int().min(10).max(10_000).default(500),
});

export type SearchSettings = z.infer<typeof searchSettings>;
export type LexiconEntryInput = z.infer<typeof lexiconEntrySchema>;
