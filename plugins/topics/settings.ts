// Admin-editable settings (through core's updatePluginSettings).

import { z } from 'zod';

export const topicsSettings = z.object({
  /** How far back trending looks, in hours (the sliding window). */
  trendingWindowHours: z.number().int().min(1).max(24 * 30).default(72),
  /** Usage loses half its weight every this many hours. */
  trendingHalfLifeHours: z.number().positive().max(24 * 30).default(12),
  /** Tags after this many in one note are ignored (keeps tag spam out of topic pages). */
  maxTagsPerNote: z.number().int().min(1).max(50).default(10),
});

export type TopicsSettings = z.infer<typeof topicsSettings>;
