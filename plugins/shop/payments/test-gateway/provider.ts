// The 'test' provider: the shop's side of the simulated gateway. It opens a
// payment there (the payer is sent to its page), asks it for refunds, and
// verifies its webhooks (signature, timestamp, event shape).

import { badInput, type PluginContext } from '../../../../core/index.ts';
import type { PaymentProvider, ProviderEvent } from '../contracts.ts';
import { SIGNATURE_HEADER, verifySignature } from '../signature.ts';
import { TEST_PROVIDER, testGatewayOf, type GatewayEvent } from './gateway.ts';

const EVENT_TYPES = new Set<ProviderEvent['type']>(['payment.succeeded', 'payment.failed', 'refund.succeeded', 'refund.failed']);

function eventOf(body: Buffer): ProviderEvent {
  const malformed = (why: string) => badInput(`The webhook body is not a test gateway event: ${why}`, { reason: 'MALFORMED_EVENT' });
  let event: GatewayEvent;
  try {
    event = JSON.parse(body.toString('utf8'));
  } catch {
    throw malformed('not JSON');
  }
  const data = event?.data;
  if (typeof event?.id !== 'string' || !event.id || event.id.length > 200) throw malformed('no id');
  if (!EVENT_TYPES.has(event.type)) throw malformed(`unknown type ${JSON.stringify(event.type)}`);
  if (typeof data?.payment !== 'string' || !Number.isSafeInteger(data.amount) || data.amount <= 0 || typeof data.currency !== 'string') {
    throw malformed('data needs payment, a positive integer amount and currency');
  }
  if (event.type.startsWith('refund.') && typeof data.refund !== 'string') throw malformed('a refund event needs data.refund');
  return {
    id: event.id,
    type: event.type,
    paymentRef: data.payment,
    amount: data.amount,
    currency: data.currency,
    ...(data.refund ? { refundRef: data.refund } : {}),
    ...(Number.isSafeInteger(data.refundId) ? { refundId: data.refundId } : {}),
  };
}

export function testProvider(ctx: PluginContext): PaymentProvider {
  const gateway = testGatewayOf(ctx);
  return {
    name: TEST_PROVIDER,
    label: 'Test gateway (simulated; no money moves)',
    async createPayment(intent) {
      const ref = await gateway.open(intent);
      return { providerRef: ref, next: { type: 'redirect', url: gateway.payPageUrl(ref) } };
    },
    async refund(payment, amount, refundId) {
      const event = await gateway.refund(payment.providerRef!, amount, { refundId });
      return { providerRef: event.data.refund!, status: 'pending' };
    },
    verifyWebhook({ rawBody, headers, toleranceSeconds, now }) {
      verifySignature({ secrets: [gateway.secret()], rawBody, header: headers[SIGNATURE_HEADER], toleranceSeconds, now });
      return eventOf(rawBody);
    },
  };
}
