import { describe, it, expect, afterAll } from 'vitest';
import { startTestInstance } from '../helpers/instance.ts';

// Federation tests and embedders run two instances in one process; neither
// may ever read or write through the other's database or transaction.
describe('two instances in one process', async () => {
  const a = await startTestInstance();
  const b = await startTestInstance();
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('keep their data apart, also while one is inside a transaction', async () => {
    await a.kernel.db.kysely().insertInto('core_instance_value').values({ key: 'only-on-a', value: '1' }).execute();
    const onB = () => b.kernel.db.kysely().selectFrom('core_instance_value').selectAll().where('key', '=', 'only-on-a').execute();
    expect(await onB()).toHaveLength(0);
    const seenInside = await a.kernel.db.transaction(async () => onB());
    expect(seenInside).toHaveLength(0);
    const [{ n }] = await a.kernel.db.kysely().selectFrom('core_instance_value').select((eb) => eb.fn.countAll().as('n')).where('key', '=', 'only-on-a').execute();
    expect(Number(n)).toBe(1);
  });
});
