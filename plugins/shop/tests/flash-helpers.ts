// Test helpers for the flash-sale suites: the checkout test instance (real
// notes and shop plugins over real HTTP, the test gateway) with the flash
// module, plus creating sales and buying from them through GraphQL.

import { randomUUID } from 'node:crypto';
import type { PluginDefinition } from '../../../core/index.ts';
import { admissionOf } from '../flash/admission.ts';
import { ADDRESS, expectOk, localIdOf, startCheckout, type CheckoutTestInstance, type GqlResult, type Person } from './checkout-helpers.ts';

export { ADDRESS, expectCode, expectOk, localIdOf, stockOf, type GqlResult, type Person } from './checkout-helpers.ts';

export const SALE_FIELDS = `id status price { amount currency } regularPrice { amount } quantity remaining perPersonLimit startsAt endsAt
  viewerUnits orderCount product { id } variant { id available }`;

const CREATE = `mutation($input: FlashSaleInput!) { createFlashSale(input: $input) { ${SALE_FIELDS} } }`;
const BUY = `mutation($input: BuyFlashSaleInput!) { buyFlashSale(input: $input) {
  replayed nextAction { type } sale { remaining status viewerUnits }
  order { id status cancelReason paymentDeadline total { amount currency } payment { id status amount } lines { unitPrice { amount } quantity lineTotal { amount } } } } }`;

export interface FlashTestInstance extends CheckoutTestInstance {
  /** GraphQL as a signed-out visitor. */
  gql(query: string, variables?: Record<string, unknown>): Promise<GqlResult>;
  /** createFlashSale's raw result. */
  createSale(owner: Person, input: Record<string, unknown>): Promise<GqlResult>;
  /** A sale of `variantId` running from now for an hour (10 units at 100, one per person, unless `input` says otherwise). */
  sale(owner: Person, variantId: string, input?: Record<string, unknown>): Promise<any>;
  /** buyFlashSale's raw result (one unit, the test address and gateway, a fresh key unless `input` says otherwise). */
  buy(buyer: Person, saleId: string, input?: Record<string, unknown>): Promise<GqlResult>;
  /** The sale as the public sees it. */
  read(saleId: string, viewer?: Person): Promise<any>;
}

export async function startFlash(plugins: PluginDefinition[] = []): Promise<FlashTestInstance> {
  const t = await startCheckout({}, plugins);
  const anonymous = async (query: string, variables?: Record<string, unknown>) =>
    (await t.meadow.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: { query, variables } })).json() as GqlResult;
  const f: FlashTestInstance = Object.assign(t, {
    gql: anonymous,
    createSale: (owner: Person, input: Record<string, unknown>) => owner.gql(CREATE, { input }),
    async sale(owner: Person, variantId: string, input: Record<string, unknown> = {}) {
      const endsAt = new Date(Date.now() + 3_600_000).toISOString();
      return expectOk(await f.createSale(owner, { variantId, quantity: 10, price: 100, endsAt, ...input })).createFlashSale;
    },
    buy: (buyer: Person, saleId: string, input: Record<string, unknown> = {}) =>
      buyer.gql(BUY, { input: { saleId, quantity: 1, address: ADDRESS, paymentProvider: 'test', idempotencyKey: randomUUID(), ...input } }),
    async read(saleId: string, viewer?: Person) {
      const query = `query($id: ID!) { flashSale(id: $id) { ${SALE_FIELDS} } }`;
      return expectOk(await (viewer ?? f).gql(query, { id: saleId })).flashSale;
    },
  });
  return f;
}

/** Stops the sale's clock: its window is moved into the past, as if its end time had come (the close job is what runs at that time). */
export async function pastEnd(t: FlashTestInstance, saleId: string): Promise<void> {
  const id = localIdOf(saleId);
  const at = (d: Date) => (t.ctx.db.dialect === 'postgres' ? d : d.getTime());
  await t.ctx.db.kysely().updateTable('shop_flash_sales').set({ starts_at: at(new Date(Date.now() - 7_200_000)), ends_at: at(new Date(Date.now() - 1000)) })
    .where('id', '=', id).execute();
  admissionOf(t.ctx).forget(id); // what the instance remembers of the sale's window is from before the clock moved
}
