// The manual (offline) provider: the payer follows instructions (a bank
// transfer, cash on pickup); staff mark the payment paid when the money is
// there, and refunds are handed back offline, so they settle at once.

import type { PluginContext } from '../../../../core/index.ts';
import type { PaymentProvider } from '../contracts.ts';
import { paymentSettingsOf } from '../settings.ts';

export const MANUAL_PROVIDER = 'manual';

export function manualProvider(ctx: PluginContext): PaymentProvider {
  return {
    name: MANUAL_PROVIDER,
    label: 'Pay offline (bank transfer, in person)',
    async createPayment(intent) {
      const reference = `PAY-${intent.paymentId}`;
      return {
        providerRef: reference,
        next: { type: 'instructions', instructions: `${paymentSettingsOf(ctx).manualPaymentInstructions}\nReference: ${reference}` },
      };
    },
    async refund(payment, _amount, refundId) {
      return { providerRef: `REFUND-${payment.id}-${refundId}`, status: 'succeeded' };
    },
  };
}
