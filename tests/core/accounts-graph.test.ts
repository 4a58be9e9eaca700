import { describe, it, expect, afterAll } from 'vitest';
import { startTestInstance } from '../helpers/instance.ts';
import { AccountFollowed, AccountBlocked, AccountsServiceRef, definePlugin, on, PLUGIN_API_VERSION } from '../../core/index.ts';
import { signUp, codeOf } from './accounts-helpers.ts';

// A small plugin that records the accounts events it hears (after commit).
const heard: string[] = [];
const listener = definePlugin({
  name: 'graph-listener',
  apiVersion: PLUGIN_API_VERSION,
  hooks: [
    on(AccountFollowed, (p) => void heard.push(`followed ${p.followerId}->${p.followeeId}`)),
    on(AccountBlocked, (p) => void heard.push(`blocked ${p.blockerId}->${p.blockedId}`)),
  ],
});

const FOLLOW = 'mutation($id: ID!) { follow(accountId: $id) { handle followersCount viewerFollows } }';
const UNFOLLOW = 'mutation($id: ID!) { unfollow(accountId: $id) { handle followersCount viewerFollows } }';

describe('accounts: follows, blocks and mutes', async () => {
  const meadow = await startTestInstance({ plugins: [listener], config: { rateLimits: { authMax: 1000, authWindowMs: 60_000 } } });
  afterAll(() => meadow.close());
  const accounts = () => meadow.kernel.contextOf('accounts').services.get(AccountsServiceRef);
  const counts = async (handle: string) => {
    const a = await accounts().getByHandle(handle);
    return { followers: a!.followersCount, following: a!.followingCount };
  };

  const ann = await signUp(meadow, 'ann_graph');
  const ben = await signUp(meadow, 'ben_graph');
  const cat = await signUp(meadow, 'cat_graph');

  it('follows idempotently, counts exactly and emits one event after commit', async () => {
    heard.length = 0;
    const first = await meadow.gql(FOLLOW, { id: ben.account.id }, { token: ann.token });
    expect(first.data.follow).toEqual({ handle: 'ben_graph', followersCount: 1, viewerFollows: true });
    const again = await meadow.gql(FOLLOW, { id: ben.account.id }, { token: ann.token });
    expect(again.data.follow).toEqual({ handle: 'ben_graph', followersCount: 1, viewerFollows: true });
    await meadow.kernel.bus.drain();
    const annId = Number(Buffer.from(ann.account.id, 'base64url').toString().split(':')[1]);
    const benId = Number(Buffer.from(ben.account.id, 'base64url').toString().split(':')[1]);
    expect(heard).toEqual([`followed ${annId}->${benId}`]);
    expect(await counts('ann_graph')).toEqual({ followers: 0, following: 1 });
    expect((await meadow.gql('{ account(handle: "ben_graph") { viewerFollows } }')).data.account.viewerFollows).toBe(false);
  });

  it('unfollows idempotently and refuses following yourself or a missing account', async () => {
    const un = await meadow.gql(UNFOLLOW, { id: ben.account.id }, { token: ann.token });
    expect(un.data.unfollow).toEqual({ handle: 'ben_graph', followersCount: 0, viewerFollows: false });
    const again = await meadow.gql(UNFOLLOW, { id: ben.account.id }, { token: ann.token });
    expect(again.data.unfollow.followersCount).toBe(0);
    expect(await counts('ann_graph')).toEqual({ followers: 0, following: 0 });
    const self = await meadow.gql(FOLLOW, { id: ann.account.id }, { token: ann.token });
    expect(codeOf(self)).toBe('BAD_USER_INPUT');
    expect(self.errors![0]!.message).toMatch(/yourself/);
    const missing = Buffer.from('Account:999999').toString('base64url');
    expect(codeOf(await meadow.gql(FOLLOW, { id: missing }, { token: ann.token }))).toBe('NOT_FOUND');
    expect(codeOf(await meadow.gql(FOLLOW, { id: 'not-an-id' }, { token: ann.token }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await meadow.gql(FOLLOW, { id: ben.account.id }))).toBe('UNAUTHENTICATED');
  });

  it('blocking removes follows both ways, fixes counts and stops new follows', async () => {
    await meadow.gql(FOLLOW, { id: ben.account.id }, { token: cat.token });
    await meadow.gql(FOLLOW, { id: cat.account.id }, { token: ben.token });
    expect(await counts('cat_graph')).toEqual({ followers: 1, following: 1 });
    const blocked = await meadow.gql('mutation($id: ID!) { block(accountId: $id) { handle viewerBlocks viewerFollows followersCount followingCount } }', { id: ben.account.id }, { token: cat.token });
    expect(blocked.data.block).toEqual({ handle: 'ben_graph', viewerBlocks: true, viewerFollows: false, followersCount: 0, followingCount: 0 });
    expect(await counts('cat_graph')).toEqual({ followers: 0, following: 0 });
    expect(codeOf(await meadow.gql(FOLLOW, { id: cat.account.id }, { token: ben.token }))).toBe('FORBIDDEN');
    expect(codeOf(await meadow.gql(FOLLOW, { id: ben.account.id }, { token: cat.token }))).toBe('FORBIDDEN');
    expect(await counts('ben_graph')).toEqual({ followers: 0, following: 0 });
    const ids = await accounts().getByHandle('ben_graph');
    const catRec = await accounts().getByHandle('cat_graph');
    expect(await accounts().isBlocked(ids!.id, catRec!.id)).toBe(true);
    expect(await accounts().hiddenAccountIds(catRec!.id)).toEqual([ids!.id]);
    const un = await meadow.gql('mutation($id: ID!) { unblock(accountId: $id) { viewerBlocks } }', { id: ben.account.id }, { token: cat.token });
    expect(un.data.unblock.viewerBlocks).toBe(false);
    expect((await meadow.gql(FOLLOW, { id: ben.account.id }, { token: cat.token })).data.follow.viewerFollows).toBe(true);
  });

  it('mutes and unmutes without touching follows', async () => {
    const muted = await meadow.gql('mutation($id: ID!) { mute(accountId: $id) { viewerMutes viewerFollows } }', { id: ben.account.id }, { token: cat.token });
    expect(muted.data.mute).toEqual({ viewerMutes: true, viewerFollows: true });
    expect((await meadow.gql('mutation($id: ID!) { mute(accountId: $id) { viewerMutes } }', { id: ben.account.id }, { token: cat.token })).data.mute.viewerMutes).toBe(true);
    const catRec = await accounts().getByHandle('cat_graph');
    expect(await accounts().hiddenAccountIds(catRec!.id)).toHaveLength(1);
    expect((await meadow.gql('mutation($id: ID!) { unmute(accountId: $id) { viewerMutes } }', { id: ben.account.id }, { token: cat.token })).data.unmute.viewerMutes).toBe(false);
    expect(await accounts().hiddenAccountIds(catRec!.id)).toEqual([]);
  });

  it('keeps counters exact under concurrent follows and unfollows', async () => {
    const star = await signUp(meadow, 'star_graph');
    const fans = await Promise.all(Array.from({ length: 12 }, (_, i) => accounts().createAccount({ handle: `fan_${i}`, password: 'Correct-Horse-42' })));
    const service = accounts();
    const starId = (await service.getByHandle('star_graph'))!.id;
    // Every fan follows twice at once; then half unfollow twice at once.
    await Promise.all(fans.flatMap((f) => [service.follow(f.id, starId), service.follow(f.id, starId)]));
    expect(await counts('star_graph')).toEqual({ followers: 12, following: 0 });
    await Promise.all(fans.slice(0, 6).flatMap((f) => [service.unfollow(f.id, starId), service.unfollow(f.id, starId), service.follow(fans[11]!.id, starId)]));
    expect(await counts('star_graph')).toEqual({ followers: 6, following: 0 });
    for (const f of fans) expect((await counts(f.handle)).following).toBe(fans.indexOf(f) < 6 ? 0 : 1);
    const rows = await meadow.kernel.db.kysely().selectFrom('core_follows').select('follower_id').where('followee_id', '=', starId).execute();
    expect(rows).toHaveLength(6);
    void star;
  });
});
