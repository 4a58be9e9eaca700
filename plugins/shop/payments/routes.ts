// HTTP routes of payments: POST /shop/webhooks/:provider (raw body, for the
// signature) and the test gateway's pages. Each sits in its own sub-scope,
// so their body parsers do not touch the rest of the shop's routes.
//
// Webhook answers: 200 {received, duplicate, outcome, status}; 400 for a
// missing, forged or stale signature or a malformed event (details.reason);
// 404 for an unknown provider or payment, 409 OUT_OF_ORDER for a refund
// before the payment's success (the provider sends it again later).

import type { FastifyInstance } from 'fastify';
import type { PluginContext } from '../../../core/index.ts';
import { paymentsOf } from './service.ts';
import { testGatewayPages } from './test-gateway/pages.ts';

export async function paymentRoutes(app: FastifyInstance, ctx: PluginContext) {
  await app.register(async (scope) => {
    // The signature covers the exact bytes sent: keep them as they came, whatever the content type.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    scope.post<{ Params: { provider: string }; Body: Buffer | undefined }>('/shop/webhooks/:provider', async (req) => {
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      return paymentsOf(ctx).receiveWebhook(req.params.provider, rawBody, req.headers);
    });
  });
  await app.register(async (scope) => testGatewayPages(scope, ctx));
}
