// Product.rating two ways, on the reviews module's own tables (made by its
// real migration) straight on the driver: reading the per-product aggregate
// row the module keeps, against a grouped count over the ratings shown
// (`group by stars` on the partial index), for a product with --ratings
// ratings; and what keeping the aggregate costs a rating write (the lock
// row, the rating, the aggregate update in one transaction) against writing
// the rating alone. One JSON line on stdout.
//
//   node bench/reviews-rating.ts [--ratings 100000] [--reads 2000] [--writes 2000]
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node bench/reviews-rating.ts

import { parseArgs } from 'node:util';
import Sqlite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { columnTypes } from '../core/data/migrations.ts';
import { reviewsMigrations } from '../plugins/shop/reviews/migrations.ts';
import { createBenchDatabase } from './lib/database.ts';

const { values } = parseArgs({ options: { ratings: { type: 'string' }, reads: { type: 'string' }, writes: { type: 'string' } } });
const RATINGS = Number(values.ratings ?? 100_000);
const READS = Number(values.reads ?? 2_000);
const WRITES = Number(values.writes ?? 2_000);
const HOT = 1;

const bench = await createBenchDatabase();
const db = new Kysely<any>({
  dialect: bench.engine === 'sqlite'
    // bench/lib/vendor.d.ts types better-sqlite3 only as far as the other benchmarks use it.
    ? new SqliteDialect({ database: new Sqlite(bench.url.replace(/^sqlite:/, '')) as never })
    : new PostgresDialect({ pool: new pg.Pool({ connectionString: bench.url, max: 2 }) }),
});
const now = () => (bench.engine === 'sqlite' ? Date.now() : new Date());

async function timed(n: number, run: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(200, n); i++) await run(i); // warm-up
  const started = performance.now();
  for (let i = 0; i < n; i++) await run(i);
  return ((performance.now() - started) * 1000) / n;
}

try {
  if (bench.engine === 'sqlite') await sql`pragma journal_mode = WAL`.execute(db);
  for (const m of reviewsMigrations) await m.up({ db, types: columnTypes(bench.engine) } as any);
  console.error(`seeding ${RATINGS} ratings of one product (${bench.engine})…`);
  const byStars = [0, 0, 0, 0, 0];
  for (let from = 0; from < RATINGS; from += 1000) {
    const rows = Array.from({ length: Math.min(1000, RATINGS - from) }, (_, i) => {
      const stars = 1 + ((from + i) * 7) % 5;
      byStars[stars - 1]!++;
      return { product_id: HOT, shop_id: 1, account_id: from + i + 1, stars, text: 'ok', created_at: now(), updated_at: now() };
    });
    await db.insertInto('shop_reviews').values(rows).execute();
  }
  const sum = byStars.reduce((a, n, i) => a + n * (i + 1), 0);
  await db.insertInto('shop_product_ratings').values({ product_id: HOT, ratings: RATINGS, stars_sum: sum, stars_1: byStars[0], stars_2: byStars[1], stars_3: byStars[2], stars_4: byStars[3], stars_5: byStars[4] }).execute();
  if (bench.engine === 'postgres') await sql`analyze`.execute(db);

  const aggregate = () => db.selectFrom('shop_product_ratings').selectAll().where('product_id', '=', HOT).executeTakeFirst();
  const grouped = () => db.selectFrom('shop_reviews').select(['stars', (eb) => eb.fn.countAll().as('n')])
    .where('product_id', '=', HOT).where('hidden_at', 'is', null).groupBy('stars').execute();
  // Both must give the same answer before they are timed.
  const a = await aggregate();
  const g = new Map((await grouped()).map((r) => [Number(r.stars), Number(r.n)]));
  for (let s = 1; s <= 5; s++) if (Number(a![`stars_${s}`]) !== g.get(s)) throw new Error(`stars ${s}: aggregate ${a![`stars_${s}`]} ≠ grouped ${g.get(s)}`);

  const aggregateUs = await timed(READS, aggregate);
  const groupedUs = await timed(Math.max(20, Math.round(READS / 20)), grouped);

  // Writes: new ratings of a second product by fresh buyers.
  let account = RATINGS + 1_000;
  const insertRating = (tx: Kysely<any>, product: number, stars: number) => tx.insertInto('shop_reviews')
    .values({ product_id: product, shop_id: 1, account_id: ++account, stars, text: '', created_at: now(), updated_at: now() }).execute();
  const plainUs = await timed(WRITES, (i) => db.transaction().execute((tx) => insertRating(tx, 2, 1 + (i % 5))));
  const keptUs = await timed(WRITES, (i) => db.transaction().execute(async (tx) => {
    await tx.insertInto('shop_product_ratings').values({ product_id: 3 }).onConflict((oc) => oc.column('product_id').doNothing()).execute();
    if (bench.engine === 'postgres') await tx.selectFrom('shop_product_ratings').select('product_id').where('product_id', '=', 3).forUpdate().execute();
    const stars = 1 + (i % 5);
    await insertRating(tx, 3, stars);
    await tx.updateTable('shop_product_ratings').set({ ratings: sql`ratings + 1`, stars_sum: sql`stars_sum + ${stars}`, [`stars_${stars}`]: sql.raw(`stars_${stars} + 1`) })
      .where('product_id', '=', 3).execute();
  }));

  const out = {
    bench: 'reviews-rating', engine: bench.engine, ratings: RATINGS,
    read_us: { aggregate_row: round(aggregateUs), grouped_count: round(groupedUs), ratio: round(groupedUs / aggregateUs) },
    write_us: { rating_only: round(plainUs), rating_and_aggregate: round(keptUs), ratio: round(keptUs / plainUs) },
  };
  console.log(JSON.stringify(out));
  console.error(`Product.rating for ${RATINGS} ratings: aggregate row ${out.read_us.aggregate_row} µs, grouped count ${out.read_us.grouped_count} µs; a rating write ${out.write_us.rating_only} µs alone, ${out.write_us.rating_and_aggregate} µs keeping the aggregate`);
} finally {
  await db.destroy();
  await bench.drop();
}

function round(n: number) {
  return Math.round(n * 10) / 10;
}
