// Counts the SQL statements one piece of work sends (kernel.db.queryCount,
// which counts ORM and Kysely statements alike) and lists the Kysely ones by
// kind and table, by wrapping kernel.db.kysely for the duration of `fn` — a
// diagnostic for benchmarks, never for production. Only meaningful while
// nothing else uses the database.

import type { KyselyPlugin } from 'kysely';
import type { Kernel } from '../../core/kernel.ts';

export async function countQueries<T>(kernel: Kernel, fn: () => Promise<T>): Promise<{ value: T; queries: number; statements: string[] }> {
  const statements: string[] = [];
  const counter: KyselyPlugin = {
    transformQuery: (args) => {
      statements.push(describeNode(args.node));
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  const db = kernel.db;
  const original = db.kysely;
  db.kysely = function (this: typeof db, ...rest: Parameters<typeof original>) {
    return original.apply(this, rest).withPlugin(counter);
  };
  const before = db.queryCount;
  try {
    const value = await fn();
    return { value, queries: db.queryCount - before, statements };
  } finally {
    db.kysely = original;
  }
}

/** "SelectQueryNode core_accounts" and the like, for a readable list. */
function describeNode(node: any): string {
  const table = node.from?.froms?.[0] ?? node.into ?? node.table;
  const name = table?.table?.identifier?.name ?? table?.identifier?.name ?? table?.node?.table?.identifier?.name;
  return name ? `${node.kind} ${name}` : node.kind;
}
