// Admin-editable settings of the trust plugin (through core's updatePluginSettings).

import { z } from 'zod';
import { signalSettings } from './signals/settings.ts';

export const trustSettings = z.object({
  /** New reports one person may file per hour (repeats of an open report do not count). */
  reportsPerHour: z.number().int().min(1).max(1000).default(20),
  /** For how many hours after sign-up an account counts as new (0 turns the limits off). */
  newAccountHours: z.number().int().min(0).max(24 * 90).default(24),
  /** Notes a new account may post per hour. */
  newAccountNotesPerHour: z.number().int().min(1).max(1000).default(5),
  /** Comments a new account may post per hour. */
  newAccountCommentsPerHour: z.number().int().min(1).max(1000).default(20),
  /** Automatic signals: thresholds, detectors' parameters, brands and word lists (signals/settings.ts). */
  signals: signalSettings.prefault({}),
});

export type TrustSettings = z.infer<typeof trustSettings>;
