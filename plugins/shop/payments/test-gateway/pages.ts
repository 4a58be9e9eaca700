// The simulated gateway's own pages: the payer lands on
// /shop/test-gateway/pay/:ref, sees the amount and presses Pay or Fail;
// the gateway records it, queues its signed webhook and sends the payer
// back to the shop's return URL (or shows what happened). These pages
// stand for an outside site, so they do not use the shop's layout.

import type { FastifyInstance, FastifyReply } from 'fastify';
import { isMeadowError, type PluginContext } from '../../../../core/index.ts';
import { formatMoney } from '../../money.ts';
import { testGatewayOf, type GatewayPayment } from './gateway.ts';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);


function page(reply: FastifyReply, status: number, title: string, body: string) {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}
.note{background:#fff4d6;padding:.5rem .75rem;border-radius:.4rem}button{font-size:1rem;padding:.6rem 1.2rem;margin-right:.5rem}</style></head>
<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`);
}

function payForm(payment: GatewayPayment): string {
  const action = `/shop/test-gateway/pay/${encodeURIComponent(payment.ref)}`;
  return `<p class="note">Meadow test gateway: a simulated payment. No money moves.</p>
<p>Amount: <strong>${escape(formatMoney({ amount: payment.amount, currency: payment.currency }, 'en'))}</strong></p>
<form method="post" action="${escape(action)}">
<button type="submit" name="outcome" value="paid">Pay</button>
<button type="submit" name="outcome" value="failed">Fail</button>
</form>`;
}

export function testGatewayPages(app: FastifyInstance, ctx: PluginContext) {
  const gateway = testGatewayOf(ctx);
  // Forms post url-encoded; parsed here, only in this scope.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.get<{ Params: { ref: string } }>('/shop/test-gateway/pay/:ref', async (req, reply) => {
    const payment = gateway.enabled() ? await gateway.get(req.params.ref) : null;
    if (!payment) return page(reply, 404, 'No such payment', '<p>This test payment does not exist.</p>');
    if (payment.status !== 'open') return page(reply, 200, 'Payment finished', `<p>This test payment is already ${escape(payment.status)}.</p>`);
    return page(reply, 200, 'Test payment', payForm(payment));
  });

  app.post<{ Params: { ref: string }; Body: Record<string, string> | undefined }>('/shop/test-gateway/pay/:ref', async (req, reply) => {
    const payment = gateway.enabled() ? await gateway.get(req.params.ref) : null;
    if (!payment) return page(reply, 404, 'No such payment', '<p>This test payment does not exist.</p>');
    const outcome = req.body?.outcome;
    if (outcome !== 'paid' && outcome !== 'failed') return page(reply, 400, 'Test payment', `<p>Choose Pay or Fail.</p>${payForm(payment)}`);
    try {
      await gateway.complete(payment.ref, outcome);
    } catch (err) {
      if (isMeadowError(err)) return page(reply, err.httpStatus, 'Payment finished', `<p>${escape(err.message)}</p>`);
      throw err;
    }
    if (payment.returnUrl) return reply.redirect(payment.returnUrl, 303);
    const done = outcome === 'paid' ? 'Paid. The shop is told in a moment.' : 'The payment failed. The shop is told in a moment.';
    return page(reply, 200, outcome === 'paid' ? 'Payment done' : 'Payment failed', `<p>${escape(done)}</p>`);
  });
}
