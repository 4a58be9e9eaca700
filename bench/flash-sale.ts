// Benchmark (issue: flash sales): N buyers at the same moment after U units
// of a flash sale, through GraphQL over real HTTP (buyFlashSale, each buyer
// signed in with their own token and idempotency key), fired from a child
// process. Verifies exactly U orders at the flash price, remaining 0, the
// variant's stock never oversold nor negative, one order per buyer; prints
// latency (p50/p99 of all requests and of the winning ones), orders/s and
// total time, and in the same run, on the same database, the database's own
// limit: conditional decrements of one hot row per second (bench/lib/hot-row.ts).
// One JSON line on stdout; progress on stderr.
//
//   node bench/flash-sale.ts [--buyers 5000] [--units 100] [--connections 1000]
//     [--raw-updates 5000] [--raw-concurrency 10] [--quick]
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node bench/flash-sale.ts
//
// Buyers are seeded as rows (bench/lib/seed.ts: no argon2) with API tokens;
// the merchant's shop, product and sale are made through GraphQL. A warm-up
// sale (20 units, 200 other buyers) runs first so JIT and pools are warm.

import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { hashToken } from '../core/accounts/auth.ts';
import type { Kernel } from '../core/kernel.ts';
import notesPlugin from '../plugins/notes/index.ts';
import shopPlugin from '../plugins/shop/index.ts';
import { startChild } from './lib/fediverse-child.ts';
import type { BuyOutcome, BuyRequest, FiredReport } from './lib/flash-buyers.ts';
import { measureHotRow } from './lib/hot-row.ts';
import { startBenchInstance } from './lib/instance.ts';
import { fail, printResult, round, say, timed } from './lib/report.ts';
import { insertRows, seedAccounts } from './lib/seed.ts';

const { values } = parseArgs({
  options: {
    buyers: { type: 'string' }, units: { type: 'string' }, connections: { type: 'string' },
    'raw-updates': { type: 'string' }, 'raw-concurrency': { type: 'string' }, quick: { type: 'boolean', default: false },
  },
  strict: true,
});
const int = (name: string, raw: string | undefined, fallback: number, min: number) => {
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isSafeInteger(n) || n < min) fail(`--${name} must be an integer of at least ${min}, not "${raw}"`);
  return n;
};
const BUYERS = int('buyers', values.buyers, values.quick ? 500 : 5_000, 2);
const UNITS = int('units', values.units, values.quick ? 20 : 100, 1);
const CONNECTIONS = int('connections', values.connections, Math.min(BUYERS, 1_000), 1);
const RAW_UPDATES = int('raw-updates', values['raw-updates'], values.quick ? 1_000 : 5_000, 1);
const RAW_CONCURRENCY = int('raw-concurrency', values['raw-concurrency'], 10, 1);
if (UNITS >= BUYERS) fail('--units must be fewer than --buyers (a flash sale has more buyers than units)');
const WARM = { buyers: 200, units: 20 };
const PRICE = 19_900;
const FLASH_PRICE = 9_900;
const SPARE = 50;

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : 0;
};
const ADDRESS = { recipient: '压测买家', phone: '+86 138 0000 0000', country: 'CN', region: '上海', city: '上海', line1: '长乐路 1 号', postalCode: '200040' };
const BUY = `mutation($input: BuyFlashSaleInput!) { buyFlashSale(input: $input) { order { id } } }`;

/** Accounts with API tokens (rows, like bench/lib/seed.ts): their ids and tokens. */
async function seedBuyers(kernel: Kernel, count: number, prefix: string): Promise<{ id: number; token: string }[]> {
  const ids = await seedAccounts(kernel, count, { prefix });
  const people = ids.map((id) => ({ id, token: `mdw_t_${randomBytes(32).toString('base64url')}` }));
  const now = Date.now();
  const ts = (ms: number) => (kernel.db.dialect === 'postgres' ? new Date(ms) : ms);
  await insertRows(kernel, 'core_sessions', people.map((p) => ({
    account_id: p.id, token_hash: hashToken(p.token), kind: 'token', label: 'bench', expires_at: null, created_at: ts(now), last_used_at: ts(now),
  })));
  return people;
}

const meadow = await startBenchInstance({ plugins: [notesPlugin, shopPlugin] });
const crowd = await startChild<{ type: 'ready' }>('./flash-buyers.ts', {}).catch(async (err) => {
  await meadow.close();
  throw err;
});
let exitCode = 0;
try {
  const { kernel } = meadow;
  const db = kernel.db.kysely();
  const engine = kernel.db.dialect;
  const graphql = `${meadow.url}/graphql`;
  say(`flash sale: ${BUYERS} buyers for ${UNITS} units, ${CONNECTIONS} connections, ${engine}`);

  const [merchant] = await seedBuyers(kernel, 1, 'fs_brand_');
  await db.updateTable('core_accounts').set({ role: 'brand' }).where('id', '=', merchant!.id).execute();
  const gql = async (token: string, query: string, variables: Record<string, unknown>) => {
    const res = await fetch(graphql, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    const json: any = await res.json();
    if (json.errors) fail(`GraphQL: ${JSON.stringify(json.errors).slice(0, 400)}`);
    return json.data;
  };
  const shopId = (await gql(merchant!.token, `mutation($i: ShopInput!) { createShop(input: $i) { id } }`, { i: { handle: 'flashbench', name: 'Flash bench' } })).createShop.id;
  /** A published product with a flash sale of `units`; the sale's and the variant's ids. */
  const saleOf = async (title: string, units: number) => {
    const product = (await gql(merchant!.token, `mutation($s: ID!, $i: ProductInput!) { createProduct(shopId: $s, input: $i) { id variants { id } } }`, {
      s: shopId, i: { title, variants: [{ price: PRICE, stock: units + SPARE }] },
    })).createProduct;
    await gql(merchant!.token, `mutation($id: ID!) { publishProduct(id: $id) { id } }`, { id: product.id });
    const sale = (await gql(merchant!.token, `mutation($i: FlashSaleInput!) { createFlashSale(input: $i) { id } }`, {
      i: { variantId: product.variants[0].id, quantity: units, price: FLASH_PRICE, perPersonLimit: 1, endsAt: new Date(Date.now() + 3_600_000).toISOString() },
    })).createFlashSale;
    return { saleGid: sale.id as string, saleId: Number(Buffer.from(sale.id, 'base64url').toString().split(':')[1]), variantId: Number(Buffer.from(product.variants[0].id, 'base64url').toString().split(':')[1]) };
  };
  const requestsFor = (people: { token: string }[], saleGid: string): BuyRequest[] => people.map((p) => ({
    token: p.token,
    body: JSON.stringify({ query: BUY, variables: { input: { saleId: saleGid, quantity: 1, address: ADDRESS, paymentProvider: 'manual', idempotencyKey: randomUUID() } } }),
  }));
  const fire = (requests: BuyRequest[]) => crowd.ask<FiredReport>({ type: 'fire', url: graphql, requests, connections: CONNECTIONS }, 'fired');

  const warmBuyers = await seedBuyers(kernel, WARM.buyers, 'fs_warm_');
  const buyers = await timed(`seed ${BUYERS} buyers with tokens`, () => seedBuyers(kernel, BUYERS, 'fs_b_'));
  const warmSale = await saleOf('Warm-up teapot', WARM.units);
  const warm = await fire(requestsFor(warmBuyers, warmSale.saleGid));
  const warmWon = warm.outcomes.filter((o) => o.orderId).length;
  if (warmWon !== WARM.units) fail(`warm-up: ${warmWon} orders for ${WARM.units} units (${summary(warm.outcomes)})`);
  say(`warm-up: ${WARM.buyers} buyers, ${WARM.units} orders in ${warm.seconds.toFixed(2)} s`);

  const sale = await saleOf('Flash teapot', UNITS);
  const requests = requestsFor(buyers, sale.saleGid);
  const queriesBefore = kernel.db.queryCount;
  const cpuBefore = process.cpuUsage();
  const run = await fire(requests);
  const cpu = process.cpuUsage(cpuBefore);
  const queries = kernel.db.queryCount - queriesBefore;
  say(`fired ${BUYERS} requests in ${run.seconds.toFixed(2)} s: ${summary(run.outcomes)}`);

  // --- the checks: exactly UNITS orders, nothing oversold, the rest told SOLD_OUT
  const won = run.outcomes.filter((o) => o.orderId);
  const lost = run.outcomes.filter((o) => !o.orderId);
  if (won.length !== UNITS) fail(`${won.length} orders for ${UNITS} units (${summary(run.outcomes)})`);
  if (new Set(won.map((o) => o.orderId)).size !== UNITS) fail('two buyers were answered with the same order');
  const unexpected = lost.filter((o) => o.status !== 200 || o.error !== 'SOLD_OUT');
  if (unexpected.length) fail(`${unexpected.length} answers were neither an order nor SOLD_OUT (${summary(unexpected)})`);
  const saleRow = await db.selectFrom('shop_flash_sales').select(['remaining']).where('id', '=', sale.saleId).executeTakeFirstOrThrow();
  const variant = await db.selectFrom('shop_variants').select(['on_hand', 'reserved']).where('id', '=', sale.variantId).executeTakeFirstOrThrow();
  const lines = await db.selectFrom('shop_order_lines as l').innerJoin('shop_orders as o', 'o.id', 'l.order_id')
    .select([(eb) => eb.fn.countAll().as('lines'), (eb) => eb.fn.count('o.buyer_id').distinct().as('buyers'), (eb) => eb.fn.sum('l.quantity').as('units')])
    .where('l.variant_id', '=', sale.variantId).where('l.unit_price', '=', FLASH_PRICE).where('o.status', '=', 'pending').executeTakeFirstOrThrow();
  const facts = {
    remaining: Number(saleRow.remaining), onHand: Number(variant.on_hand), reserved: Number(variant.reserved),
    orders: Number(lines.lines), distinctBuyers: Number(lines.buyers), unitsOrdered: Number(lines.units),
  };
  if (facts.remaining !== 0 || facts.orders !== UNITS || facts.distinctBuyers !== UNITS || facts.unitsOrdered !== UNITS) fail(`the database disagrees: ${JSON.stringify(facts)}`);
  if (facts.onHand !== UNITS + SPARE || facts.reserved !== UNITS) fail(`the variant's stock moved wrongly: ${JSON.stringify(facts)} (expected on hand ${UNITS + SPARE}, reserved ${UNITS})`);
  say(`check: ${UNITS} orders at the flash price to ${UNITS} buyers, remaining 0, variant on hand ${facts.onHand} with ${facts.reserved} held (never oversold, never negative); ${lost.length} SOLD_OUT`);

  const raw = await timed(`raw: ${RAW_UPDATES} conditional decrements of one row`, () => measureHotRow(meadow.database, RAW_UPDATES, RAW_CONCURRENCY));
  const lastOrder = Math.max(...won.map((o) => o.doneAt));
  const all = run.outcomes.map((o) => o.ms);
  const winners = won.map((o) => o.ms);
  const result = {
    bench: 'flash-sale',
    engine,
    buyers: BUYERS,
    units: UNITS,
    connections: CONNECTIONS,
    orders: won.length,
    sold_out: lost.length,
    oversold: Math.max(0, facts.unitsOrdered - UNITS),
    seconds: round(run.seconds, 3),
    requests_per_s: round(BUYERS / run.seconds, 1),
    orders_per_s: round(UNITS / (lastOrder / 1000), 1),
    last_order_after_ms: round(lastOrder, 1),
    latency_ms: { p50: round(percentile(all, 50), 1), p99: round(percentile(all, 99), 1), max: round(Math.max(...all), 1) },
    order_latency_ms: { p50: round(percentile(winners, 50), 1), p99: round(percentile(winners, 99), 1) },
    queries_per_request: round(queries / BUYERS, 2),
    cpu_ms_per_request: round((cpu.user + cpu.system) / 1000 / BUYERS, 3),
    raw_db: { conditional_updates_per_s: round(raw.updates_per_s, 0), updates: raw.updates, concurrency: raw.concurrency, seconds: round(raw.seconds, 3) },
    node: process.version,
  };
  say(`orders/s ${result.orders_per_s} (last order after ${result.last_order_after_ms} ms); latency p50 ${result.latency_ms.p50} ms, p99 ${result.latency_ms.p99} ms; raw hot-row updates/s ${result.raw_db.conditional_updates_per_s}`);
  printResult(result);
} catch (err) {
  say(`BENCH FAILED: ${(err as Error).stack ?? err}`);
  exitCode = 1;
} finally {
  await crowd.stop();
  await meadow.close();
}
process.exit(exitCode);

/** Answers counted by outcome, e.g. "100 orders, 4900 SOLD_OUT". */
function summary(outcomes: BuyOutcome[]): string {
  const counts = new Map<string, number>();
  for (const o of outcomes) {
    const key = o.orderId ? 'orders' : `${o.error}${o.status === 200 ? '' : ` (HTTP ${o.status})`}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
}
