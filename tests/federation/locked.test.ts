// Locked accounts across two real instances: a Follow of a locked account
// waits as a follow request until its owner approves (Accept) or rejects
// (Reject); the follower's side stays pending meanwhile. Local follows of a
// locked account are requests too.
import { describe, it, expect, afterAll } from 'vitest';
import { signUp, codeOf } from '../core/accounts-helpers.ts';
import { FederationServiceRef } from '../../core/index.ts';
import { startTlsInstance, settle } from './tls.ts';

const ACCOUNT = `query($h: String!) { account(handle: $h) { id handle locked followersCount followingCount viewerFollows viewerRequestedFollow
  followers { edges { node { handle } } } } }`;
const FOLLOW = 'mutation($id: ID!) { follow(accountId: $id) { handle viewerFollows viewerRequestedFollow } }';
const UNFOLLOW = 'mutation($id: ID!) { unfollow(accountId: $id) { handle viewerFollows viewerRequestedFollow } }';
const REQUESTS = '{ followRequests { totalCount edges { node { id handle domain } } } }';
const APPROVE = 'mutation($id: ID!) { approveFollowRequest(accountId: $id) { handle } }';
const REJECT = 'mutation($id: ID!) { rejectFollowRequest(accountId: $id) { handle } }';
const LOCK = 'mutation($l: Boolean!) { updateProfile(input: { locked: $l }) { handle locked } }';
const AS = { accept: 'application/activity+json' };

describe('locked accounts and follow requests', async () => {
  const a = await startTlsInstance();
  const b = await startTlsInstance();
  afterAll(async () => {
    await a.close();
    await b.close();
  });
  const alice = await signUp(a, 'alice');
  const carol = await signUp(a, 'carol');
  const bob = await signUp(b, 'bob');
  const fay = await signUp(b, 'fay');
  const fedA = a.kernel.contextOf('federation').services.get(FederationServiceRef);
  const idOn = async (m: typeof a, handle: string) =>
    Number((await m.kernel.db.kysely().selectFrom('core_accounts').select('id').where('handle', '=', handle).executeTakeFirstOrThrow()).id);
  const stateOf = async (handle: string) => (await fedA.remoteFollowing(await idOn(a, handle))).find((f) => f.actor.handle === `bob@${b.host}`)?.state ?? null;

  it('a locked account says manuallyApprovesFollowers in its actor document', async () => {
    const res = await b.gql(LOCK, { l: true }, { token: bob.token });
    expect(res.data.updateProfile).toEqual({ handle: 'bob', locked: true });
    const actor = (await b.app.inject({ method: 'GET', url: '/users/bob', headers: AS })).json();
    expect(actor.manuallyApprovesFollowers).toBe(true);
  });

  it('following a remote locked account leaves the follow pending as a request until it is approved', async () => {
    await fedA.lookup(`bob@${b.host}`);
    const remote = (await a.gql(ACCOUNT, { h: `bob@${b.host}` }, { token: alice.token })).data.account;
    expect(remote.locked).toBe(true);
    const res = await a.gql(FOLLOW, { id: remote.id }, { token: alice.token });
    expect(res.data.follow).toEqual({ handle: `bob@${b.host}`, viewerFollows: false, viewerRequestedFollow: true });
    await settle(a, b);

    expect(await stateOf('alice')).toBe('pending');
    const onB = (await b.gql(ACCOUNT, { h: 'bob' })).data.account;
    expect(onB.followersCount).toBe(0);
    const requests = (await b.gql(REQUESTS, {}, { token: bob.token })).data.followRequests;
    expect(requests.totalCount).toBe(1);
    expect(requests.edges.map((e: any) => [e.node.handle, e.node.domain])).toEqual([[`alice@${a.host}`, a.host]]);
    expect((await b.app.inject({ method: 'GET', url: '/users/bob/followers', headers: AS })).json().totalItems).toBe(0);

    const approved = await b.gql(APPROVE, { id: requests.edges[0].node.id }, { token: bob.token });
    expect(approved.data.approveFollowRequest.handle).toBe(`alice@${a.host}`);
    await settle(a, b);

    expect(await stateOf('alice')).toBe('accepted');
    const after = (await a.gql(ACCOUNT, { h: `bob@${b.host}` }, { token: alice.token })).data.account;
    expect([after.viewerFollows, after.viewerRequestedFollow]).toEqual([true, false]);
    expect((await b.gql(ACCOUNT, { h: 'bob' })).data.account.followers.edges.map((e: any) => e.node.handle)).toEqual([`alice@${a.host}`]);
    expect((await b.gql(REQUESTS, {}, { token: bob.token })).data.followRequests.totalCount).toBe(0);
    // The request is gone: approving it again is NOT_FOUND, and so is an account that never asked.
    expect(codeOf(await b.gql(APPROVE, { id: requests.edges[0].node.id }, { token: bob.token }))).toBe('NOT_FOUND');
    expect(codeOf(await b.gql(REJECT, { id: (await b.gql(ACCOUNT, { h: 'fay' })).data.account.id }, { token: bob.token }))).toBe('NOT_FOUND');
  });

  it('a rejected request sends Reject: the remote side forgets the pending follow', async () => {
    const res = await a.gql('mutation($h: String!) { followRemote(handle: $h) { state } }', { h: `bob@${b.host}` }, { token: carol.token });
    expect(res.data.followRemote.state).toBe('PENDING');
    await settle(a, b);
    const requests = (await b.gql(REQUESTS, {}, { token: bob.token })).data.followRequests;
    expect(requests.edges.map((e: any) => e.node.handle)).toEqual([`carol@${a.host}`]);
    await b.gql(REJECT, { id: requests.edges[0].node.id }, { token: bob.token });
    await settle(a, b);
    expect(await stateOf('carol')).toBeNull();
    expect((await b.gql(ACCOUNT, { h: 'bob' })).data.account.followersCount).toBe(1);
  });

  it('withdrawing a pending request (unfollow) sends Undo(Follow) and the request disappears there', async () => {
    const remote = (await a.gql(ACCOUNT, { h: `bob@${b.host}` }, { token: carol.token })).data.account;
    await a.gql(FOLLOW, { id: remote.id }, { token: carol.token });
    await settle(a, b);
    expect((await b.gql(REQUESTS, {}, { token: bob.token })).data.followRequests.totalCount).toBe(1);
    const res = await a.gql(UNFOLLOW, { id: remote.id }, { token: carol.token });
    expect(res.data.unfollow.viewerRequestedFollow).toBe(false);
    await settle(a, b);
    expect((await b.gql(REQUESTS, {}, { token: bob.token })).data.followRequests.totalCount).toBe(0);
    expect(await stateOf('carol')).toBeNull();
  });

  it('a local follow of a locked account is a request too', async () => {
    const bobOnB = (await b.gql(ACCOUNT, { h: 'bob' })).data.account;
    const res = await b.gql(FOLLOW, { id: bobOnB.id }, { token: fay.token });
    expect(res.data.follow).toEqual({ handle: 'bob', viewerFollows: false, viewerRequestedFollow: true });
    const requests = (await b.gql(REQUESTS, {}, { token: bob.token })).data.followRequests;
    expect(requests.edges.map((e: any) => e.node.handle)).toEqual(['fay']);
    // Only the locked account itself answers its requests.
    expect(codeOf(await b.gql(APPROVE, { id: requests.edges[0].node.id }, { token: fay.token }))).toBe('NOT_FOUND');
    await b.gql(APPROVE, { id: requests.edges[0].node.id }, { token: bob.token });
    expect((await b.gql(ACCOUNT, { h: 'bob' }, { token: fay.token })).data.account).toMatchObject({ viewerFollows: true, followersCount: 2 });
    expect(codeOf(await b.gql(REQUESTS))).toBe('UNAUTHENTICATED');
  });

  it('an unlocked account accepts at once again', async () => {
    await b.gql(LOCK, { l: false }, { token: bob.token });
    const remote = (await a.gql(ACCOUNT, { h: `bob@${b.host}` }, { token: carol.token })).data.account;
    // The cached account learns of the change from Update(Person) to followers (alice follows bob).
    await settle(a, b);
    expect((await a.gql(ACCOUNT, { h: `bob@${b.host}` })).data.account.locked).toBe(false);
    await a.gql(FOLLOW, { id: remote.id }, { token: carol.token });
    await settle(a, b);
    expect(await stateOf('carol')).toBe('accepted');
    expect((await b.gql(ACCOUNT, { h: 'bob' })).data.account.followersCount).toBe(3);
  });
});
