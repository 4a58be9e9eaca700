// Payments' admin-editable settings. They are flat keys of the shop plugin's
// settings (spread `paymentSettingsShape` into its z.object); read them with
// `paymentSettingsOf(ctx)`, which fills defaults for any key the shop's
// schema does not carry.

import { z } from 'zod';
import type { PluginContext } from '../../../core/index.ts';

export const paymentSettingsShape = {
  /** Seconds a webhook's signed timestamp may differ from now before it is refused as stale. */
  webhookToleranceSeconds: z.number().int().min(10).max(3600).default(300),
  /**
   * The simulated gateway (provider 'test'): anyone with a payment's link can
   * press Pay, so outside development and test it is off unless switched on here.
   */
  testProviderInProduction: z.boolean().default(false),
  /** Webhook signing secret of the test gateway; empty: derived from the instance secret. */
  testProviderWebhookSecret: z.string().max(200).default(''),
  /** The test gateway waits this long before sending a webhook (to show a pending state in demos). */
  testProviderWebhookDelayMs: z.number().int().min(0).max(600_000).default(0),
  /** What the payer reads for the manual provider (bank transfer details, cash on pickup …). */
  manualPaymentInstructions: z.string().max(2000).default('Pay by bank transfer or in person; the shop marks the payment paid when it arrives.'),
};

const paymentSettings = z.object(paymentSettingsShape);
export type PaymentSettings = z.infer<typeof paymentSettings>;

export function paymentSettingsOf(ctx: PluginContext): PaymentSettings {
  const current = (ctx.settings() ?? {}) as Record<string, unknown>;
  const parsed = paymentSettings.safeParse(current);
  return parsed.success ? parsed.data : paymentSettings.parse({});
}
