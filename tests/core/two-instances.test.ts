import { describe, it, expect, afterAll } from 'vitest';
import sharp from 'sharp';
import { AccountsServiceRef, MediaServiceRef, toGlobalId } from '../../core/index.ts';
import { startTestInstance } from '../helpers/instance.ts';
import { testAuthPlugin } from '../helpers/test-auth.ts';

// Federation tests and embedders run two instances in one process; neither
// may ever read or write through the other's database or transaction.
describe('two instances in one process', async () => {
  const a = await startTestInstance({ plugins: [testAuthPlugin] });
  const b = await startTestInstance({ plugins: [testAuthPlugin] });
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

  it('each serves its own media (the media module keeps no state shared between instances)', async () => {
    const upload = async (m: typeof a, colour: number) => {
      const owner = await m.kernel.contextOf('accounts').services.get(AccountsServiceRef).createAccount({ handle: 'mia', password: 'correct horse battery staple 9' });
      const png = await sharp({ create: { width: 20, height: 10, channels: 3, background: { r: colour, g: 0, b: 0 } } }).png().toBuffer();
      return m.kernel.contextOf('media').services.get(MediaServiceRef).upload(owner.id, png, { alt: `from ${colour}` });
    };
    const onA = await upload(a, 200);
    await upload(b, 10);
    const read = await a.app.inject({
      method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' },
      payload: { query: 'query($id: ID!) { node(id: $id) { ... on Media { alt width } } }', variables: { id: toGlobalId('Media', onA.id) } },
    });
    expect(read.json().data.node).toEqual({ alt: 'from 200', width: 20 });
    const file = await a.app.inject({ method: 'GET', url: new URL(onA.variants.find((v) => v.name === 'original')!.url, 'http://x').pathname });
    expect(file.statusCode).toBe(200);
  });
});
