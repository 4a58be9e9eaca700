// The flash-sale module's admin-editable settings (flat keys of the shop
// plugin's settings, prefixed "flash"); read with `flashSettingsOf(ctx)`.

import { z } from 'zod';
import type { PluginContext } from '../../../core/index.ts';

export const flashSettingsShape = {
  /** Longest a sale may run, in hours (its units are off the shelf for that long). */
  flashMaxDurationHours: z.number().int().min(1).max(31 * 24).default(7 * 24),
  /** How far ahead a sale may be scheduled, in days (its units leave the shelf when it is created). */
  flashMaxLeadDays: z.number().int().min(1).max(365).default(30),
  /** Seconds a flash order's units are held for its payment (shorter than a normal order's: others are waiting). */
  flashPaymentWindowSeconds: z.number().int().min(1).max(24 * 3600).default(5 * 60),
  /** Most units a sale may offer. */
  flashMaxQuantity: z.number().int().min(1).max(10_000_000).default(100_000),
};

const flashSettings = z.object(flashSettingsShape);
export type FlashSettings = z.infer<typeof flashSettings>;

export function flashSettingsOf(ctx: PluginContext): FlashSettings {
  const parsed = flashSettings.safeParse((ctx.settings() ?? {}) as Record<string, unknown>);
  return parsed.success ? parsed.data : flashSettings.parse({});
}
