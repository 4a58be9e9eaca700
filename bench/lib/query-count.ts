// Counts the SQL statements one piece of work sends through the kernel's
// Kysely. (Database.queryCount only sees statements that go through
// MikroORM's own logger; Kysely from em.getKysely() bypasses it.) Works by
// wrapping kernel.db.kysely for the duration of `fn` — a diagnostic for
// benchmarks, never for production.

import type { KyselyPlugin } from 'kysely';
import type { Kernel } from '../../core/kernel.ts';

export async function countQueries<T>(kernel: Kernel, fn: () => Promise<T>): Promise<{ value: T; queries: number; statements: string[] }> {
  const statements: string[] = [];
  const counter: KyselyPlugin = {
    transformQuery: (args) => {
      statements.push(args.node.kind);
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  const db = kernel.db;
  const original = db.kysely;
  db.kysely = function (this: typeof db, ...rest: Parameters<typeof original>) {
    return original.apply(this, rest).withPlugin(counter);
  };
  const ormBefore = db.queryCount;
  try {
    const value = await fn();
    return { value, queries: statements.length + (db.queryCount - ormBefore), statements };
  } finally {
    db.kysely = original;
  }
}
