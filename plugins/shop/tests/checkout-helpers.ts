// Test helpers for the checkout suites: a Meadow instance with the real
// notes and shop plugins (checkout module included) served over real HTTP
// on 127.0.0.1, so the test gateway's signed webhooks travel to the
// instance's own endpoint; people of any role; a brand's shop with
// products; carts and checkouts through GraphQL; paying through the test
// gateway (webhook) or the manual provider (an admin marks it paid).

import { createServer, type Server } from 'node:http';
import sharp from 'sharp';
import { z } from 'zod';
import {
  AccountsServiceRef, MediaServiceRef, definePlugin, toGlobalId, type MeadowConfigInput, type PluginContext, type PluginDefinition, type Role,
} from '../../../core/index.ts';
import { startTestInstance, type TestInstance } from '../../../tests/helpers/instance.ts';
import { testAuthPlugin } from '../../../tests/helpers/test-auth.ts';
// Tests may boot the real notes plugin (the shop depends on it); plugin code may not import it.
// eslint-disable-next-line meadow/plugin-boundaries
import notesPlugin from '../../notes/index.ts';
import shopPlugin, { SHOP_MODULES } from '../index.ts';
import { checkoutModule } from '../checkout/index.ts';
import { ShopServiceRef, type VariantRecord } from '../contracts.ts';
import { modulesBootstrap, modulesMigrations, modulesResolvers, modulesRoutes } from '../module.ts';
import { testGatewayOf, type TestGateway } from '../payments/test-gateway/gateway.ts';
import { PaymentsServiceRef } from '../payments/contracts.ts';
import { expectOk, localIdOf, type GqlResult } from './helpers.ts';

export { expectCode, expectOk, localIdOf, type GqlResult } from './helpers.ts';

/** The shop plugin with the checkout module, whether or not index.ts lists it yet. */
function shopWithCheckout(): PluginDefinition {
  const modules = SHOP_MODULES.includes(checkoutModule) ? SHOP_MODULES : [...SHOP_MODULES, checkoutModule];
  return definePlugin({
    ...shopPlugin,
    settings: z.object(Object.assign({}, ...modules.map((m) => m.settings ?? {}))),
    migrations: modulesMigrations(modules),
    typeDefs: modules.map((m) => m.typeDefs ?? '').join('\n'),
    resolvers: modulesResolvers(modules),
    hooks: modules.flatMap((m) => m.hooks ?? []),
    jobs: modules.flatMap((m) => m.jobs ?? []),
    routes: modulesRoutes(modules),
    bootstrap: modulesBootstrap(modules),
    seedDemo: undefined,
  });
}

export interface Person {
  id: number;
  gid: string;
  handle: string;
  gql(query: string, variables?: Record<string, unknown>): Promise<GqlResult>;
}

export const ADDRESS = { recipient: '林小满', phone: '+86 138 0000 0000', country: 'CN', region: '上海', city: '上海', line1: '长乐路 100 号', postalCode: '200040' };

export const ORDER_FIELDS = `id status currency cancelReason trackingNumber carrier paymentDeadline
  subtotal { amount currency } discount { amount } shipping { amount } total { amount currency } refundedAmount { amount }
  coupons { code amount { amount } } address { recipient city } shippingOption payment { id status amount }
  lines { title variantTitle quantity unitPrice { amount } lineTotal { amount } discount { amount } noteId creator { handle } }`;

const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { replayed nextAction { type url } order { ${ORDER_FIELDS} } } }`;
const ADD = `mutation($input: AddToCartInput!) { addToCart(input: $input) { id currency lines { id quantity available problem } } }`;

export interface CheckoutTestInstance {
  meadow: TestInstance;
  ctx: PluginContext<any>;
  url: string;
  gateway: TestGateway;
  person(handle: string, role?: Role): Promise<Person>;
  /** A shop of `owner` (a brand); its global id. */
  shop(owner: Person, handle?: string): Promise<string>;
  /** A published product (one variant: price 12800 CNY, stock 10, unless `input` says otherwise) with its variants. */
  product(owner: Person, shopId: string, input?: Record<string, unknown>): Promise<any>;
  /** A public note by `author` with one image; its global id. */
  note(author: Person, input?: Record<string, unknown>): Promise<string>;
  /** Adds units to the buyer's cart; returns the cart (id, lines). */
  add(buyer: Person, variantId: string, quantity?: number, noteId?: string | null): Promise<any>;
  /** Checks out a cart; the raw GraphQL result (checkout { replayed nextAction order }). */
  checkout(buyer: Person, cartId: string, input?: Record<string, unknown>): Promise<GqlResult>;
  /** Pays an order's payment through the test gateway (its signed webhook over HTTP). */
  payByGateway(buyer: Person, orderId: string, outcome?: 'paid' | 'failed'): Promise<void>;
  order(viewer: Person, orderId: string): Promise<any>;
  variant(variantId: string): Promise<VariantRecord>;
  setSettings(patch: Record<string, unknown>): Promise<void>;
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function startCheckout(config: MeadowConfigInput = {}, plugins: PluginDefinition[] = []): Promise<CheckoutTestInstance> {
  let handler: ((req: any, res: any) => void) | null = null;
  const server: Server = createServer((req, res) => (handler ? handler(req, res) : res.writeHead(503).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  let meadow: TestInstance;
  try {
    meadow = await startTestInstance({ plugins: [testAuthPlugin, notesPlugin, shopWithCheckout(), ...plugins], config: { ...config, publicUrl: url } });
  } catch (err) {
    server.close();
    throw err;
  }
  handler = (req, res) => meadow.app.routing(req, res);
  const ctx = meadow.kernel.contextOf('shop');
  const accounts = meadow.kernel.contextOf('accounts').services.get(AccountsServiceRef);
  const media = meadow.kernel.contextOf('media').services.get(MediaServiceRef);
  const gqlAs = async (headers: Record<string, string>, query: string, variables?: Record<string, unknown>) => {
    const res = await meadow.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', ...headers }, payload: { query, variables } });
    return res.json() as GqlResult;
  };
  const settle = async () => {
    for (let round = 0; round < 10; round++) {
      await meadow.kernel.bus.drain();
      if ((await meadow.kernel.worker.runUntilIdle()) === 0) break;
    }
    await meadow.kernel.bus.drain();
  };
  const t: CheckoutTestInstance = {
    meadow, ctx, url, gateway: testGatewayOf(ctx),
    async person(handle, role = 'person') {
      const account = await accounts.createAccount({ handle, password: 'Correct-horse-battery-staple-9', role });
      const headers = { 'x-test-account': `${account.id}:${role}` };
      return { id: account.id, gid: toGlobalId('Account', account.id), handle, gql: (q, v) => gqlAs(headers, q, v) };
    },
    async shop(owner, handle = `${owner.handle}-shop`) {
      return expectOk(await owner.gql(`mutation($input: ShopInput!) { createShop(input: $input) { id } }`, { input: { handle, name: `${owner.handle}'s shop` } })).createShop.id;
    },
    async product(owner, shopId, input = {}) {
      const created = expectOk(await owner.gql(`mutation($shop: ID!, $input: ProductInput!) { createProduct(shopId: $shop, input: $input) { id } }`, {
        shop: shopId, input: { title: 'Pour-over kettle', variants: [{ price: 12800, stock: 10 }], ...input },
      })).createProduct;
      return expectOk(await owner.gql(`mutation($id: ID!) { publishProduct(id: $id) { id title currency variants { id price { amount } } } }`, { id: created.id })).publishProduct;
    },
    async note(author, input = {}) {
      const png = await sharp({ create: { width: 32, height: 24, channels: 3, background: { r: 200, g: 140, b: 90 } } }).png().toBuffer();
      const image = toGlobalId('Media', (await media.upload(author.id, png)).id);
      const res = await author.gql(`mutation($input: NoteInput!) { createNote(input: $input) { id } }`, {
        input: { title: 'A month with it', body: 'Tried it for a month.', images: [{ mediaId: image }], visibility: 'public', ...input },
      });
      await settle();
      return expectOk(res).createNote.id;
    },
    async add(buyer, variantId, quantity = 1, noteId = null) {
      return expectOk(await buyer.gql(ADD, { input: { variantId, quantity, noteId } })).addToCart;
    },
    checkout: (buyer, cartId, input = {}) =>
      buyer.gql(CHECKOUT, { input: { cartId, address: ADDRESS, paymentProvider: 'test', idempotencyKey: `key-${cartId}-${Math.random()}`, ...input } }),
    async payByGateway(buyer, orderId, outcome = 'paid') {
      const order = await t.order(buyer, orderId);
      const payment = (await ctx.services.get(PaymentsServiceRef).getPayment(localIdOf(order.payment.id)))!;
      await t.gateway.complete(payment.providerRef!, outcome);
      await settle();
    },
    async order(viewer, orderId) {
      return expectOk(await viewer.gql(`query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`, { id: orderId })).order;
    },
    async variant(variantId) {
      return (await ctx.services.get(ShopServiceRef).getVariant(localIdOf(variantId)))!;
    },
    async setSettings(patch) {
      await meadow.kernel.state.updateSettings('shop', patch);
    },
    settle,
    async close() {
      await meadow.close();
      server.close();
    },
  };
  return t;
}

/** [onHand, reserved] of a variant. */
export async function stockOf(t: CheckoutTestInstance, variantId: string): Promise<[number, number]> {
  const v = await t.variant(variantId);
  return [v.onHand, v.reserved];
}
