import { describe, it, expect, afterAll } from 'vitest';
import { startTestInstance } from '../helpers/instance.ts';
import { accountsPlugin } from '../../core/accounts/index.ts';
import { DEMO_PASSWORD, DEMO_PEOPLE } from '../../core/accounts/seed.ts';

describe('accounts: demo seed', async () => {
  const meadow = await startTestInstance();
  afterAll(() => meadow.close());
  const seed = async () => {
    const steps: [number, number, string][] = [];
    await accountsPlugin.seedDemo!({ ctx: meadow.kernel.contextOf('accounts'), progress: (d, t, l) => void steps.push([d, t, l]), locale: 'zh-CN' });
    return steps;
  };

  it('creates bilingual demo people with roles and follows, reporting progress, and is safe to run twice', async () => {
    const steps = await seed();
    expect(steps.length).toBeGreaterThan(DEMO_PEOPLE.length);
    expect(steps.at(-1)![0]).toBe(steps.at(-1)![1]);
    const res = await meadow.gql('{ account(handle: "lin_xiaoyu") { displayName role locale followersCount followers(first: 10) { totalCount edges { node { handle } } } links { url } } }');
    expect(res.data.account.displayName).toBe('林小雨');
    expect(res.data.account.role).toBe('creator');
    expect(res.data.account.followersCount).toBeGreaterThanOrEqual(4);
    expect(res.data.account.followers.totalCount).toBe(res.data.account.followersCount);
    expect(res.data.account.links).toEqual([{ url: 'https://example.com/xiaoyu' }]);
    const roles = new Set(DEMO_PEOPLE.map((p) => p.role));
    expect([...roles].sort()).toEqual(['brand', 'creator', 'official', 'person']);
    expect(new Set(DEMO_PEOPLE.map((p) => p.locale))).toEqual(new Set(['zh-CN', 'en']));

    const before = await meadow.kernel.db.kysely().selectFrom('core_follows').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    await seed();
    const after = await meadow.kernel.db.kysely().selectFrom('core_follows').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const again = await meadow.gql('{ account(handle: "lin_xiaoyu") { followersCount } }');
    expect(again.data.account.followersCount).toBe(res.data.account.followersCount);

    const signIn = await meadow.gql('mutation($p: String!) { signIn(input: { handle: "emma_travels", password: $p }) { account { displayName } } }', { p: DEMO_PASSWORD });
    expect(signIn.data.signIn.account.displayName).toBe('Emma Clarke');
  });
});
