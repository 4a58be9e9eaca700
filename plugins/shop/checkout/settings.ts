// Checkout's admin-editable settings (flat keys of the shop plugin's
// settings, prefixed "checkout"); read with `checkoutSettingsOf(ctx)`, which
// fills defaults for any key the shop's schema does not carry.

import { z } from 'zod';
import type { PluginContext } from '../../../core/index.ts';

export const checkoutSettingsShape = {
  /** Seconds the stock of a new order is held for its payment; unpaid after that, the order is cancelled and the stock released. */
  checkoutPaymentWindowSeconds: z.number().int().min(1).max(7 * 24 * 3600).default(15 * 60),
  /** Units of one variant in a cart line or order line. */
  checkoutMaxLineQuantity: z.number().int().min(1).max(100_000).default(99),
  /** Lines in one cart (one order). */
  checkoutMaxCartLines: z.number().int().min(1).max(500).default(50),
  /** Coupons one order may use. */
  checkoutMaxCouponsPerOrder: z.number().int().min(1).max(10).default(3),
  /** Saved addresses per account. */
  checkoutMaxAddresses: z.number().int().min(1).max(100).default(20),
};

const checkoutSettings = z.object(checkoutSettingsShape);
export type CheckoutSettings = z.infer<typeof checkoutSettings>;

export function checkoutSettingsOf(ctx: PluginContext): CheckoutSettings {
  const current = (ctx.settings() ?? {}) as Record<string, unknown>;
  const parsed = checkoutSettings.safeParse(current);
  return parsed.success ? parsed.data : checkoutSettings.parse({});
}
