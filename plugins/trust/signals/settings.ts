// Admin-editable settings of the automatic signals (trust settings'
// `signals`). Every signal has three thresholds on its 0..1 score: at
// `queueAt` the instance files a report for the moderators, at `holdAt` a
// note waits for review before it is public (null: never held), at
// `demoteAt` search and feeds show it lower. Nothing is ever deleted.

import { z } from 'zod';
import { SHORTENERS } from './links.ts';
import type { SignalKind } from './types.ts';

const score = z.number().min(0).max(1);

const thresholds = (queueAt: number, holdAt: number | null, demoteAt: number) =>
  z.object({ queueAt: score.default(queueAt), holdAt: score.nullable().default(holdAt), demoteAt: score.default(demoteAt) }).prefault({});

const terms = (max: number) => z.array(z.string().trim().min(1).max(100)).max(max);

export const signalSettings = z.object({
  enabled: z.boolean().default(true),
  thresholds: z.object({
    nearDuplicate: thresholds(0.45, 0.85, 0.45),
    coordinatedBurst: thresholds(0.6, 0.7, 0.6),
    undisclosedAd: thresholds(0.6, 0.9, 0.6),
    spamLinks: thresholds(0.6, 0.95, 0.6),
    wordList: thresholds(0.5, 0.9, 0.5),
  }).prefault({}),
  /** Search and feed scores of a demoted note are multiplied by this. */
  demoteFactor: z.number().min(0).max(1).default(0.2),
  /** An account this many days old or younger counts as young (for bursts). */
  youngAccountDays: z.number().int().min(0).max(3650).default(30),
  nearDuplicate: z.object({
    /** Estimated Jaccard similarity of the token sets from which two texts are near-duplicates. */
    minSimilarity: z.number().min(0.2).max(1).default(0.4),
    /** Texts with fewer distinct tokens are too short to compare ("好看！" is said by many). */
    minTokens: z.number().int().min(1).max(1000).default(12),
    /** How far back lookalikes are searched. */
    days: z.number().int().min(1).max(3650).default(90),
  }).prefault({}),
  burst: z.object({
    windowMinutes: z.number().int().min(1).max(10_080).default(360),
    minAccounts: z.number().int().min(2).max(1000).default(3),
    /** Texts (long enough to compare) count towards a burst only when at least this similar; 0 counts every one. */
    minSimilarity: z.number().min(0).max(1).default(0.25),
  }).prefault({}),
  links: z.object({
    maxLinks: z.number().int().min(1).max(100).default(3),
    shorteners: terms(500).default(SHORTENERS),
    blockedDomains: terms(5000).default([]),
    repeatAccounts: z.number().int().min(2).max(1000).default(5),
    repeatWindowHours: z.number().int().min(1).max(720).default(24),
  }).prefault({}),
  commercial: z.object({
    /** Brand and product names whose mention, with selling phrases, makes a note commercial. */
    brands: terms(5000).default([]),
    extraPhrases: terms(1000).default([]),
    shopDomains: terms(1000).default([]),
  }).prefault({}),
  /** Admin-managed word lists; a match scores the list's score. */
  wordLists: z.array(z.object({
    name: z.string().trim().min(1).max(60),
    terms: terms(5000),
    score: score.default(0.7),
  })).max(50).default([]),
});

export type SignalSettings = z.infer<typeof signalSettings>;

export const THRESHOLD_KEY: Record<SignalKind, keyof SignalSettings['thresholds']> = {
  'near-duplicate': 'nearDuplicate',
  'coordinated-burst': 'coordinatedBurst',
  'undisclosed-ad': 'undisclosedAd',
  'spam-links': 'spamLinks',
  'word-list': 'wordList',
};

export const thresholdsOf = (settings: SignalSettings, kind: SignalKind) => settings.thresholds[THRESHOLD_KEY[kind]];

export const defaultSignalSettings = (): SignalSettings => signalSettings.parse({});
