// Test helpers for the payments suites: a Meadow instance served over real
// HTTP on 127.0.0.1 (its publicUrl is that address, so the test gateway's
// webhooks travel over the network to the instance's own endpoint), the
// shop plugin (with notes, which it depends on), and a probe plugin
// standing in for checkout: through the shop's contracts only, its
// onInTransaction handlers write each payment event into its own table
// with the event's tx, and can be told to fail once.

import { createServer, type Server } from 'node:http';
import { expect } from 'vitest';
import {
  AccountsServiceRef, PLUGIN_API_VERSION, definePlugin, fromGlobalId, onInTransaction, toGlobalId,
  type MeadowConfigInput, type PluginContext, type Role,
} from '../../../core/index.ts';
import { startTestInstance, type TestInstance } from '../../../tests/helpers/instance.ts';
import { testAuthPlugin } from '../../../tests/helpers/test-auth.ts';
// Tests may boot the real notes plugin (the shop depends on it); plugin code may not import it.
// eslint-disable-next-line meadow/plugin-boundaries
import notesPlugin from '../../notes/index.ts';
import shopPlugin from '../index.ts';
import {
  PaymentCancelled, PaymentFailed, PaymentRefunded, PaymentSucceeded, PaymentsServiceRef,
  type CreatePaymentInput, type PaymentEvent, type PaymentRecord, type PaymentsService,
} from '../contracts.ts';
import { signatureHeader } from '../payments/signature.ts';
import { testGatewayOf, type GatewayEvent, type TestGateway } from '../payments/test-gateway/gateway.ts';

export type GqlResult = { data?: any; errors?: { message: string; extensions?: Record<string, unknown> & { code?: string } }[] };

export interface ProbeEffect {
  paymentId: number;
  kind: string;
  amount: number;
}

const probe = { failNext: null as string | null };

function recordEffect(kind: string) {
  return async (event: PaymentEvent & { refund?: { amount: number } }) => {
    if (probe.failNext === kind) {
      probe.failNext = null;
      throw new Error(`probe: ${kind} handler failed on purpose`);
    }
    await event.tx.db
      .insertInto('probe_payment_effects')
      .values({ payment_id: event.payment.id, kind, amount: event.refund?.amount ?? event.payment.amount })
      .execute();
  };
}

/** Checkout's stand-in: every payment event leaves a row written in the event's own transaction. */
const probePlugin = definePlugin({
  name: 'pay-probe',
  apiVersion: PLUGIN_API_VERSION,
  dependsOn: ['shop'],
  migrations: [
    {
      id: '0001_probe',
      async up({ db, types }) {
        await types
          .id(db.schema.createTable('probe_payment_effects'))
          .addColumn('payment_id', 'bigint', (c: any) => c.notNull())
          .addColumn('kind', 'varchar(20)', (c: any) => c.notNull())
          .addColumn('amount', 'bigint', (c: any) => c.notNull())
          .execute();
      },
    },
  ],
  hooks: [
    onInTransaction(PaymentSucceeded, recordEffect('succeeded')),
    onInTransaction(PaymentFailed, recordEffect('failed')),
    onInTransaction(PaymentCancelled, recordEffect('cancelled')),
    onInTransaction(PaymentRefunded, recordEffect('refunded')),
  ],
});

export interface Person {
  id: number;
  gql(query: string, variables?: Record<string, unknown>): Promise<GqlResult>;
}

export interface PaymentsTestInstance {
  meadow: TestInstance;
  url: string;
  shop: PluginContext;
  payments: PaymentsService;
  gateway: TestGateway;
  person(handle: string, role?: Role): Promise<Person>;
  gql(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GqlResult>;
  /** A pending payment of `amount` CNY by `payer` (through the service, as checkout makes them). */
  newPayment(payer: Person, amount: number, input?: Partial<CreatePaymentInput>): Promise<PaymentRecord & { gid: string }>;
  /** Runs queued jobs (webhook deliveries) and after-commit handlers until nothing is left. */
  settle(): Promise<void>;
  effects(paymentId: number): Promise<ProbeEffect[]>;
  webhookEvents(): Promise<{ event_id: string; outcome: string }[]>;
  /** Makes the probe's next handler of this kind throw (once). */
  failNext(kind: 'succeeded' | 'failed' | 'refunded' | 'cancelled'): void;
  /** POSTs a signed test gateway event body made here (for orders and contents a real gateway would not produce). */
  sendCrafted(event: Omit<GatewayEvent, 'created'>, at?: Date): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export async function startPayments(config: MeadowConfigInput = {}): Promise<PaymentsTestInstance> {
  let handler: ((req: any, res: any) => void) | null = null;
  const server: Server = createServer((req, res) => (handler ? handler(req, res) : res.writeHead(503).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  let meadow: TestInstance;
  try {
    meadow = await startTestInstance({ plugins: [testAuthPlugin, notesPlugin, shopPlugin, probePlugin], config: { ...config, publicUrl: url } });
  } catch (err) {
    server.close();
    throw err;
  }
  handler = (req, res) => meadow.app.routing(req, res);
  const shop = meadow.kernel.contextOf('shop');
  const accounts = meadow.kernel.contextOf('accounts').services.get(AccountsServiceRef);
  const payments = shop.services.get(PaymentsServiceRef);
  const gateway = testGatewayOf(shop);

  const gql = async (query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as GqlResult;
  };
  const settle = async () => {
    for (let round = 0; round < 10; round++) {
      await meadow.kernel.bus.drain();
      if ((await meadow.kernel.worker.runUntilIdle()) === 0) break;
    }
  };

  return {
    meadow,
    url,
    shop,
    payments,
    gateway,
    gql,
    async person(handle, role = 'person') {
      const account = await accounts.createAccount({ handle, password: 'Correct-horse-battery-staple-9', role });
      const headers = { 'x-test-account': `${account.id}:${role}` };
      return { id: account.id, gql: (q, v) => gql(q, v, headers) };
    },
    async newPayment(payer, amount, input = {}) {
      const payment = await payments.createPayment({ subject: `order:${Math.floor(Math.random() * 1e9)}`, accountId: payer.id, amount, currency: 'CNY', provider: 'test', ...input });
      return { ...payment, gid: toGlobalId('Payment', payment.id) };
    },
    settle,
    async effects(paymentId) {
      const rows = await meadow.kernel.db.kysely().selectFrom('probe_payment_effects').selectAll().where('payment_id', '=', paymentId).orderBy('id').execute();
      return rows.map((r) => ({ paymentId: Number(r.payment_id), kind: r.kind, amount: Number(r.amount) }));
    },
    async webhookEvents() {
      return meadow.kernel.db.kysely().selectFrom('shop_webhook_events').select(['event_id', 'outcome']).orderBy('id').execute() as any;
    },
    failNext(kind) {
      probe.failNext = kind;
    },
    async sendCrafted(event, at = new Date()) {
      const body = JSON.stringify({ ...event, created: Math.floor(at.getTime() / 1000) });
      return gateway.post(body, signatureHeader(gateway.secret(), body, at));
    },
    async close() {
      probe.failNext = null;
      await meadow.close();
      server.close();
    },
  };
}

export function expectCode(res: GqlResult, code: string, reason?: string) {
  expect(res.errors?.[0]?.extensions?.code, JSON.stringify(res.errors ?? res.data)).toBe(code);
  if (reason) expect(res.errors?.[0]?.extensions?.reason).toBe(reason);
}

export function expectOk(res: GqlResult) {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data;
}

export const localIdOf = (gid: string) => Number(fromGlobalId(gid).id);

export const PAY = `mutation($id: ID!, $key: String!) { pay(paymentId: $id, idempotencyKey: $key) { replayed nextAction { type url instructions } payment { id status } } }`;
export const PAYMENT = `query($id: ID!) { payment(id: $id) { id status amount currency refundedAmount refundableAmount refunds { amount status } nextAction { type url } } }`;
