// Admin-editable settings of the trust plugin (through core's updatePluginSettings).

import { z } from 'zod';

export const trustSettings = z.object({
  /** New reports one person may file per hour (repeats of an open report do not count). */
  reportsPerHour: z.number().int().min(1).max(1000).default(20),
});

export type TrustSettings = z.infer<typeof trustSettings>;
