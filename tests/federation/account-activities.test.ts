// Block, Update(Person) and Delete(Person) between two real instances, both
// ways, with the bad paths: an Update of someone else's actor is ignored, a
// Delete of an actor its origin still serves is ignored, a blocked account
// delivers nothing to the blocker.
import { describe, it, expect, afterAll } from 'vitest';
import { Create, Delete, Note, Person, Update } from '@fedify/vocab';
import { signUp, codeOf, GOOD_PASSWORD } from '../core/accounts-helpers.ts';
import { FederationServiceRef } from '../../core/index.ts';
import { startTlsInstance, settle, type TlsInstance } from './tls.ts';

const ACCOUNT = `query($h: String!) { account(handle: $h) { id handle displayName bio remoteAvatarUrl followersCount followingCount viewerFollows viewerBlocks
  followers { edges { node { handle } } } following { edges { node { handle } } } } }`;
const FOLLOW = 'mutation($id: ID!) { follow(accountId: $id) { handle viewerFollows } }';
const BLOCK = 'mutation($id: ID!) { block(accountId: $id) { handle viewerBlocks } }';
const UNBLOCK = 'mutation($id: ID!) { unblock(accountId: $id) { handle viewerBlocks } }';
const AS = { accept: 'application/activity+json' };

describe('Block, Update(Person), Delete(Person) across instances', async () => {
  const a = await startTlsInstance();
  const b = await startTlsInstance();
  afterAll(async () => {
    await a.close();
    await b.close();
  });
  const alice = await signUp(a, 'alice', { displayName: 'Alice' });
  const dave = await signUp(a, 'dave');
  const bob = await signUp(b, 'bob');
  const carol = await signUp(b, 'carol');
  const fed = (m: TlsInstance) => m.kernel.contextOf('federation').services.get(FederationServiceRef);
  const idOn = async (m: TlsInstance, handle: string) =>
    Number((await m.kernel.db.kysely().selectFrom('core_accounts').select('id').where('handle', '=', handle).executeTakeFirstOrThrow()).id);
  const remoteId = async (m: TlsInstance, handle: string) => {
    await fed(m).lookup(handle);
    return (await m.gql(ACCOUNT, { h: handle })).data.account.id as string;
  };
  const follow = async (m: TlsInstance, token: string, handle: string) => {
    const res = await m.gql(FOLLOW, { id: await remoteId(m, handle) }, { token });
    expect(res.errors).toBeUndefined();
  };
  const account = async (m: TlsInstance, handle: string, token?: string) => (await m.gql(ACCOUNT, { h: handle }, { token })).data.account;

  it('a local block of a remote account sends Block: follows both ways end there, and the blocker cannot be followed back', async () => {
    await follow(a, alice.token, `bob@${b.host}`);
    await follow(b, bob.token, `alice@${a.host}`);
    await settle(a, b);
    expect((await account(b, 'bob')).followersCount).toBe(1);
    expect((await account(b, 'bob')).followingCount).toBe(1);

    const res = await a.gql(BLOCK, { id: await remoteId(a, `bob@${b.host}`) }, { token: alice.token });
    expect(res.data.block.viewerBlocks).toBe(true);
    await settle(a, b);

    const onB = await account(b, 'bob');
    expect([onB.followersCount, onB.followingCount]).toEqual([0, 0]);
    expect((await b.app.inject({ method: 'GET', url: '/users/bob/followers', headers: AS })).json().totalItems).toBe(0);
    const onA = await account(a, 'alice');
    expect([onA.followersCount, onA.followingCount]).toEqual([0, 0]);
    expect(await fed(a).remoteFollowers(await idOn(a, 'alice'))).toEqual([]);
    // B kept the block: bob can neither follow alice again nor send her anything.
    const again = await b.gql(FOLLOW, { id: await remoteId(b, `alice@${a.host}`) }, { token: bob.token });
    expect(codeOf(again)).toBe('FORBIDDEN');
    const received: string[] = [];
    fed(a).onInbox(Create, (activity) => void received.push(activity.id!.href));
    const bobUri = fed(b).actorUri('bob');
    const aliceActor = (await fed(b).remoteActorOf((await b.kernel.contextOf('accounts').services.get((await import('../../core/index.ts')).AccountsServiceRef).getByActorUri(fed(a).actorUri('alice').href))!))!;
    await fed(b).sendActivity({ accountId: await idOn(b, 'bob') }, aliceActor, new Create({
      id: new URL('#create/1', bobUri), actor: bobUri, object: new Note({ id: new URL('/notes/x', b.url), attribution: bobUri, content: 'hi' }),
    }));
    await settle(a, b);
    expect(received).toEqual([]);
  });

  it('unblocking sends Undo(Block): the other side lifts it', async () => {
    const res = await a.gql(UNBLOCK, { id: await remoteId(a, `bob@${b.host}`) }, { token: alice.token });
    expect(res.data.unblock.viewerBlocks).toBe(false);
    await settle(a, b);
    await follow(b, bob.token, `alice@${a.host}`);
    await settle(a, b);
    expect((await account(a, 'alice')).followers.edges.map((e: any) => e.node.handle)).toEqual([`bob@${b.host}`]);
  });

  it('the other way: a block on B reaches A and removes the follow there', async () => {
    await follow(a, dave.token, `carol@${b.host}`);
    await settle(a, b);
    expect((await account(b, 'carol')).followersCount).toBe(1);
    await b.gql(BLOCK, { id: await remoteId(b, `dave@${a.host}`) }, { token: carol.token });
    await settle(a, b);
    expect((await account(a, 'dave')).followingCount).toBe(0);
    expect(await fed(a).remoteFollowing(await idOn(a, 'dave'))).toEqual([]);
  });

  it('a profile change goes out as Update(Person) and refreshes the cached account', async () => {
    // bob@B follows alice (previous test).
    const res = await a.gql('mutation { updateProfile(input: { displayName: "Alice 爱丽丝", bio: "Hiking <b>and</b> tea" }) { displayName } }', {}, { token: alice.token });
    expect(res.errors).toBeUndefined();
    await settle(a, b);
    const cached = await account(b, `alice@${a.host}`);
    expect(cached.displayName).toBe('Alice 爱丽丝');
    expect(cached.bio).toBe('Hiking <b>and</b> tea');
  });

  it("ignores an Update of someone else's actor", async () => {
    await fed(b).lookup(`dave@${a.host}`);
    const before = await account(b, `dave@${a.host}`);
    const aliceUri = fed(a).actorUri('alice');
    const bobActor = (await fed(a).remoteActorOf((await fed(a).remoteAccount(fed(b).actorUri('bob')))!))!;
    await fed(a).sendActivity({ accountId: await idOn(a, 'alice') }, bobActor, new Update({
      id: new URL('#updates/forged', aliceUri), actor: aliceUri,
      object: new Person({ id: fed(a).actorUri('dave'), name: 'Taken over', inbox: new URL('/users/dave/inbox', a.url) }),
    }));
    await settle(a, b);
    expect((await account(b, `dave@${a.host}`)).displayName).toBe(before.displayName);
  });

  it('ignores a Delete of an actor that its origin still serves', async () => {
    const aliceUri = fed(a).actorUri('alice');
    const bobActor = (await fed(a).remoteActorOf((await fed(a).remoteAccount(fed(b).actorUri('bob')))!))!;
    await fed(a).sendActivity({ accountId: await idOn(a, 'alice') }, bobActor, new Delete({ id: new URL('#delete-early', aliceUri), actor: aliceUri, object: aliceUri }));
    await settle(a, b);
    expect(await account(b, `alice@${a.host}`)).not.toBeNull();
  });

  it('deleting an account needs its password; Delete(Person) is sent before its data goes, and the other side forgets it', async () => {
    const bad = await a.gql('mutation($p: String!) { deleteAccount(password: $p) }', { p: 'wrong' }, { token: alice.token });
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(await account(a, 'alice')).not.toBeNull();
    expect((await account(b, 'bob')).followingCount).toBe(1);

    const aliceId = await idOn(a, 'alice');
    const keysOfAlice = () => a.kernel.db.kysely().selectFrom('core_fed_keys').select('owner').where('owner', '=', `account:${aliceId}`).execute();
    expect(await keysOfAlice()).toHaveLength(1);
    const res = await a.gql('mutation($p: String!) { deleteAccount(password: $p) }', { p: GOOD_PASSWORD }, { token: alice.token });
    expect(res.data.deleteAccount).toBe(true);
    // The key pair goes before anything is delivered: the queued Delete carries what it signs with.
    await a.kernel.db.kysely().deleteFrom('core_fed_keys').where('owner', '=', `account:${aliceId}`).execute();
    // Gone here at once, with the key pair; the Delete is still queued and signs from the queued message.
    expect(await account(a, 'alice')).toBeNull();
    const actor = await a.app.inject({ method: 'GET', url: '/users/alice', headers: AS });
    expect(actor.statusCode).toBe(410);
    expect(actor.json().type).toBe('Tombstone');
    expect((await a.app.inject({ method: 'GET', url: `/.well-known/webfinger?resource=acct:alice@${a.host}` })).statusCode).toBe(410);
    expect(codeOf(await a.gql('{ me { handle } }', {}, { token: alice.token }))).toBeUndefined();
    expect((await a.gql('{ me { handle } }', {}, { token: alice.token })).data.me).toBeNull();

    // B forgets the public keys it had cached: the signature cannot be checked
    // (the key URL answers 410), so B takes the Delete only because A confirms the actor is gone.
    await b.kernel.db.kysely().deleteFrom('core_fed_kv').where('key', 'like', '%publicKey%').execute();
    await b.kernel.db.kysely().deleteFrom('core_fed_kv').where('key', 'like', '%remoteDocument%').execute();
    await settle(a, b);
    expect(await keysOfAlice()).toEqual([]);
    expect(await account(b, `alice@${a.host}`)).toBeNull();
    expect((await account(b, 'bob')).followingCount).toBe(0);

    // The handle is retired: a new account may not take over the actor URL others know as gone.
    const again = await a.gql('mutation($i: SignUpInput!) { signUp(input: $i) { token } }', { i: { handle: 'alice', password: 'a brand new passphrase 42' } });
    expect(codeOf(again)).toBe('CONFLICT');
    expect(again.errors![0]!.message).toMatch(/deleted account/);
  });

  it('admins delete accounts of this instance; others may not', async () => {
    await a.kernel.db.kysely().updateTable('core_accounts').set({ role: 'admin' }).where('handle', '=', 'dave').execute();
    const erin = await signUp(a, 'erin');
    const DELETE = 'mutation($id: ID!) { adminDeleteAccount(accountId: $id) }';
    expect(codeOf(await a.gql(DELETE, { id: (await account(a, 'dave')).id }, { token: erin.token }))).toBe('FORBIDDEN');
    expect(codeOf(await a.gql(DELETE, { id: await remoteId(a, `bob@${b.host}`) }, { token: dave.token }))).toBe('NOT_FOUND');
    expect((await a.gql(DELETE, { id: (await account(a, 'erin')).id }, { token: dave.token })).data.adminDeleteAccount).toBe(true);
    expect(await account(a, 'erin')).toBeNull();
    // The only admin cannot delete itself.
    expect(codeOf(await a.gql('mutation($p: String!) { deleteAccount(password: $p) }', { p: GOOD_PASSWORD }, { token: dave.token }))).toBe('BAD_USER_INPUT');
  });
});
