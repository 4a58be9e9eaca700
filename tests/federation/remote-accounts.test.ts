// Remote actors as accounts: following across instances shows in the
// ordinary accounts graph (counts, lists, `follow`/`unfollow` mutations),
// remote accounts are never local actors, and plugin actor kinds (a Group)
// are discoverable, followable and deliver to their remote followers.
import { describe, it, expect, afterAll } from 'vitest';
import { Announce, Group, Note, PUBLIC_COLLECTION } from '@fedify/vocab';
import { signUp, codeOf } from '../core/accounts-helpers.ts';
import { definePlugin, PLUGIN_API_VERSION, FederationServiceRef, RemoteActorFollowed } from '../../core/index.ts';
import { startTlsInstance, settle } from './tls.ts';

const ACCOUNT = `query($h: String!) { account(handle: $h) { id handle domain remoteUrl displayName followersCount followingCount
  followers { edges { node { handle domain } } } following { edges { node { handle domain } } } } }`;
const FOLLOW = 'mutation($id: ID!) { follow(accountId: $id) { handle viewerFollows } }';
const UNFOLLOW = 'mutation($id: ID!) { unfollow(accountId: $id) { handle viewerFollows } }';
const AS = { accept: 'application/activity+json' };

/** A plugin with one Group actor, "g.hiking", that announces to its followers. */
function groupPlugin() {
  const heard: { identifier: string; actor: string; following: boolean }[] = [];
  const plugin = definePlugin({
    name: 'groups',
    apiVersion: PLUGIN_API_VERSION,
    dependsOn: ['federation'],
    register(reg) {
      reg.on(RemoteActorFollowed, ({ identifier, actor, following }) => {
        heard.push({ identifier, actor: actor.handle, following });
      });
    },
    bootstrap(ctx) {
      ctx.services.get(FederationServiceRef).registerActorKind({
        prefix: 'g.',
        dispatch: (name, base) => (name === 'hiking' ? new Group({ ...base, name: 'Hiking 徒步' }) : null),
      });
    },
  });
  return { plugin, heard };
}

describe('remote accounts and plugin actors', async () => {
  const groups = groupPlugin();
  const a = await startTlsInstance();
  const b = await startTlsInstance({ plugins: [groups.plugin] });
  afterAll(async () => {
    await a.close();
    await b.close();
  });
  const alice = await signUp(a, 'alice');
  const bob = await signUp(b, 'bob', { displayName: 'Bob 鲍勃' });
  const fedA = a.kernel.contextOf('federation').services.get(FederationServiceRef);

  it('looks up @user@host as a cached account, and following it through `follow` sends Follow', async () => {
    const found = await fedA.lookup(`@bob@${b.host}`);
    expect(found?.kind).toBe('account');
    const remote = (await a.gql(ACCOUNT, { h: `bob@${b.host}` })).data.account;
    expect(remote).toMatchObject({ handle: `bob@${b.host}`, domain: b.host, displayName: 'Bob 鲍勃', remoteUrl: `${b.url}/@bob` });

    const res = await a.gql(FOLLOW, { id: remote.id }, { token: alice.token });
    expect(res.errors).toBeUndefined();
    await settle(a, b);

    const onB = (await b.gql(ACCOUNT, { h: 'bob' })).data.account;
    expect(onB.followersCount).toBe(1);
    expect(onB.followers.edges.map((e: any) => [e.node.handle, e.node.domain])).toEqual([[`alice@${a.host}`, a.host]]);
    const onA = (await a.gql(ACCOUNT, { h: 'alice' })).data.account;
    expect(onA.following.edges.map((e: any) => e.node.handle)).toEqual([`bob@${b.host}`]);
    const aliceId = Number((await a.kernel.db.kysely().selectFrom('core_accounts').select('id').where('handle', '=', 'alice').executeTakeFirstOrThrow()).id);
    expect((await fedA.remoteFollowing(aliceId))[0]?.state).toBe('accepted');
    expect((await b.app.inject({ method: 'GET', url: '/users/bob/followers', headers: AS })).json().totalItems).toBe(1);
  });

  it('unfollowing through `unfollow` sends Undo(Follow) and both sides forget it', async () => {
    const remote = (await a.gql(ACCOUNT, { h: `bob@${b.host}` })).data.account;
    const res = await a.gql(UNFOLLOW, { id: remote.id }, { token: alice.token });
    expect(res.data.unfollow.viewerFollows).toBe(false);
    await settle(a, b);
    expect((await b.gql(ACCOUNT, { h: 'bob' })).data.account.followersCount).toBe(0);
    expect((await b.app.inject({ method: 'GET', url: '/users/bob/followers', headers: AS })).json().totalItems).toBe(0);
  });

  it('never serves a cached remote account as a local actor, and it cannot sign in', async () => {
    expect((await a.app.inject({ method: 'GET', url: `/users/${encodeURIComponent(`bob@${b.host}`)}`, headers: AS })).statusCode).toBe(404);
    const wf = await a.app.inject({ method: 'GET', url: `/.well-known/webfinger?resource=${encodeURIComponent(`acct:bob@${b.host}`)}` });
    expect(wf.statusCode).toBe(404);
    const signIn = await a.gql('mutation($i: SignInInput!) { signIn(input: $i) { token } }', { i: { handle: `bob@${b.host}`, password: '!remote' } });
    expect(codeOf(signIn)).toBe('UNAUTHENTICATED');
    const nodeinfo = (await a.app.inject({ method: 'GET', url: '/nodeinfo/2.1' })).json();
    expect(nodeinfo.usage.users.total).toBe(1);
  });

  it('serves a plugin Group actor through WebFinger; a remote Follow is accepted and announcements reach it', async () => {
    const wf = await b.app.inject({ method: 'GET', url: `/.well-known/webfinger?resource=${encodeURIComponent(`acct:g.hiking@${b.host}`)}` });
    expect(wf.statusCode).toBe(200);
    const group = (await b.app.inject({ method: 'GET', url: '/users/g.hiking', headers: AS })).json();
    expect(group).toMatchObject({ type: 'Group', name: 'Hiking 徒步', preferredUsername: 'g.hiking', inbox: `${b.url}/users/g.hiking/inbox` });
    expect(group.publicKey.publicKeyPem).toContain('BEGIN PUBLIC KEY');
    expect((await b.app.inject({ method: 'GET', url: '/users/g.nothing', headers: AS })).statusCode).toBe(404);
    expect(await b.kernel.db.kysely().selectFrom('core_fed_keys').select('owner').where('owner', '=', 'actor:g.nothing').execute()).toEqual([]);

    const follow = await fedA.followRemote(
      Number((await a.kernel.db.kysely().selectFrom('core_accounts').select('id').where('handle', '=', 'alice').executeTakeFirstOrThrow()).id),
      `g.hiking@${b.host}`,
    );
    expect(follow.state).toBe('pending');
    await settle(a, b);
    expect(groups.heard).toEqual([{ identifier: 'g.hiking', actor: `alice@${a.host}`, following: true }]);
    expect((await b.app.inject({ method: 'GET', url: '/users/g.hiking/followers', headers: AS })).json().totalItems).toBe(1);

    // The group announces a note to its followers; alice's instance receives it in her inbox.
    const received: string[] = [];
    (fedA as any).onInbox(Announce, (activity: Announce) => {
      received.push(activity.objectId!.href);
    });
    const fedB = b.kernel.contextOf('federation').services.get(FederationServiceRef);
    const groupUri = fedB.actorUri('g.hiking');
    const noteUri = new URL('/notes/1', b.url);
    await fedB.sendActivity({ identifier: 'g.hiking' }, 'followers', new Announce({
      id: new URL('#announce/1', groupUri), actor: groupUri, object: new Note({ id: noteUri }), to: PUBLIC_COLLECTION,
    }));
    await settle(a, b);
    expect(received).toEqual([noteUri.href]);
    expect(bob.token).toBeTruthy();
  });

  it('resolves what a person types through lookupRemote, with clear errors', async () => {
    const LOOKUP = 'query($q: String!) { lookupRemote(query: $q) { account { handle domain } objectId objectType } }';
    const byHandle = await a.gql(LOOKUP, { q: `@bob@${b.host}` }, { token: alice.token });
    expect(byHandle.data.lookupRemote).toEqual({ account: { handle: `bob@${b.host}`, domain: b.host }, objectId: null, objectType: null });
    const byUrl = await a.gql(LOOKUP, { q: `${b.url}/users/bob` }, { token: alice.token });
    expect(byUrl.data.lookupRemote.account.handle).toBe(`bob@${b.host}`);
    expect((await a.gql(LOOKUP, { q: `nobody@${b.host}` }, { token: alice.token })).data.lookupRemote).toBeNull();
    expect((await a.gql(LOOKUP, { q: 'not a thing' }, { token: alice.token })).data.lookupRemote).toBeNull();
    expect(codeOf(await a.gql(LOOKUP, { q: '   ' }, { token: alice.token }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await a.gql(LOOKUP, { q: `bob@${b.host}` }))).toBe('UNAUTHENTICATED');
  });

  it('unfollowRemote answers false when there is no follow', async () => {
    const res = await a.gql('mutation($h: String!) { unfollowRemote(handle: $h) }', { h: `bob@${b.host}` }, { token: alice.token });
    expect(res.data.unfollowRemote).toBe(false);
  });

  it('hides follower and following lists when the person asks, keeping the counts, and still delivers to hidden followers', async () => {
    const remote = (await a.gql(ACCOUNT, { h: `bob@${b.host}` })).data.account;
    await a.gql(FOLLOW, { id: remote.id }, { token: alice.token });
    await settle(a, b);
    const hide = await b.gql('mutation { updateProfile(input: { hideNetwork: true }) { hideNetwork } }', {}, { token: bob.token });
    expect(hide.data.updateProfile.hideNetwork).toBe(true);

    const followers = (await b.app.inject({ method: 'GET', url: '/users/bob/followers', headers: AS })).json();
    expect(followers.totalItems).toBe(1);
    expect(followers.orderedItems ?? followers.items ?? []).toEqual([]);
    const others = (await b.gql(ACCOUNT, { h: 'bob' })).data.account;
    expect(others.followersCount).toBe(1);
    expect(others.followers.edges).toEqual([]);
    const own = (await b.gql(ACCOUNT, { h: 'bob' }, { token: bob.token })).data.account;
    expect(own.followers.edges).toHaveLength(1);

    // Deliveries to followers still expand the hidden list.
    const received: string[] = [];
    (fedA as any).onInbox(Announce, (activity: Announce) => void received.push(activity.id!.href));
    const fedB = b.kernel.contextOf('federation').services.get(FederationServiceRef);
    const bobId = Number((await b.kernel.db.kysely().selectFrom('core_accounts').select('id').where('handle', '=', 'bob').executeTakeFirstOrThrow()).id);
    const me = fedB.actorUri('bob');
    await fedB.sendActivity({ accountId: bobId }, 'followers', new Announce({ id: new URL('#hidden/1', me), actor: me, object: new URL('/notes/9', b.url), to: PUBLIC_COLLECTION }));
    await settle(a, b);
    expect(received).toEqual([new URL('#hidden/1', me).href]);
    expect(codeOf(await b.gql('mutation { updateProfile(input: { hideNetwork: true }) { hideNetwork } }'))).toBe('UNAUTHENTICATED');
    await b.gql('mutation { updateProfile(input: { hideNetwork: false }) { hideNetwork } }', {}, { token: bob.token });
    await a.gql(UNFOLLOW, { id: remote.id }, { token: alice.token });
    await settle(a, b);
  });

  it('drops a Follow of a plugin actor that does not exist', async () => {
    const aliceId = Number((await a.kernel.db.kysely().selectFrom('core_accounts').select('id').where('handle', '=', 'alice').executeTakeFirstOrThrow()).id);
    const fedB = b.kernel.contextOf('federation').services.get(FederationServiceRef);
    const ghost = fedB.actorUri('g.nothing');
    const me = fedA.actorUri('alice');
    const { Follow } = await import('@fedify/vocab');
    await fedA.sendActivity({ accountId: aliceId }, { id: 0, uri: ghost.href, inbox: `${b.url}/inbox`, sharedInbox: null, handle: `g.nothing@${b.host}`, type: 'Group', displayName: '', url: null, fetchedAt: new Date() },
      new Follow({ id: new URL('#follows/ghost', me), actor: me, object: ghost }));
    await settle(a, b);
    expect(await b.kernel.db.kysely().selectFrom('core_fed_actor_followers').select('identifier').where('identifier', '=', 'g.nothing').execute()).toEqual([]);
  });

  it('refuses to send as an unknown plugin actor', async () => {
    const fedB = b.kernel.contextOf('federation').services.get(FederationServiceRef);
    await expect(fedB.sendActivity({ identifier: 'x.unknown' }, 'followers', new Announce({}))).rejects.toThrow(/No local actor/);
  });
});
