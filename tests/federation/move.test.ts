// Account migration between two real instances: aliases (alsoKnownAs),
// moveAccount refused until the target lists the source, Move delivered to
// followers, who follow the target instead — local ones on the moving
// instance and remote ones on the other; a second move within the cooldown
// is refused; an inbound Move whose target does not list the source is ignored.
import { describe, it, expect, afterAll } from 'vitest';
import { Move } from '@fedify/vocab';
import { signUp, codeOf } from '../core/accounts-helpers.ts';
import { FederationServiceRef } from '../../core/index.ts';
import { startTlsInstance, settle, type TlsInstance } from './tls.ts';

const ACCOUNT = `query($h: String!) { account(handle: $h) { id handle alsoKnownAs movedTo followersCount followingCount
  followers { edges { node { handle } } } following { edges { node { handle } } } } }`;
const FOLLOW = 'mutation($id: ID!) { follow(accountId: $id) { handle } }';
const ALIAS = 'mutation($a: String!) { addAccountAlias(account: $a) { handle alsoKnownAs } }';
const UNALIAS = 'mutation($a: String!) { removeAccountAlias(account: $a) { handle alsoKnownAs } }';
const MOVE = 'mutation($t: String!) { moveAccount(target: $t) { handle movedTo } }';
const AS = { accept: 'application/activity+json' };

describe('Move (account migration) across instances', async () => {
  const a = await startTlsInstance();
  const b = await startTlsInstance();
  afterAll(async () => {
    await a.close();
    await b.close();
  });
  const alice = await signUp(a, 'alice');
  const dave = await signUp(a, 'dave');
  const frank = await signUp(a, 'frank');
  const ann = await signUp(b, 'ann');
  const carol = await signUp(b, 'carol');
  const fed = (m: TlsInstance) => m.kernel.contextOf('federation').services.get(FederationServiceRef);
  const account = async (m: TlsInstance, handle: string) => (await m.gql(ACCOUNT, { h: handle })).data.account;
  const handles = (conn: any) => conn.edges.map((e: any) => e.node.handle).sort();
  const follow = async (m: TlsInstance, token: string, handle: string) => {
    await fed(m).lookup(handle);
    const res = await m.gql(FOLLOW, { id: (await account(m, handle)).id }, { token });
    expect(res.errors).toBeUndefined();
  };
  const aliceUri = `${a.url}/users/alice`;
  const annUri = `${b.url}/users/ann`;

  it('refuses a move to an account that does not list this one, and changes nothing', async () => {
    const res = await a.gql(MOVE, { t: `ann@${b.host}` }, { token: alice.token });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toContain(`add ${aliceUri} there first`);
    expect((await account(a, 'alice')).movedTo).toBeNull();
    expect(codeOf(await a.gql(MOVE, { t: `nobody@${b.host}` }, { token: alice.token }))).toBe('NOT_FOUND');
    expect(codeOf(await a.gql(MOVE, { t: 'alice' }, { token: alice.token }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await a.gql(MOVE, { t: `ann@${b.host}` }))).toBe('UNAUTHENTICATED');
  });

  it('adds an alias resolved through lookup; the actor lists it in alsoKnownAs', async () => {
    const res = await b.gql(ALIAS, { a: `@alice@${a.host}` }, { token: ann.token });
    expect(res.data.addAccountAlias).toEqual({ handle: 'ann', alsoKnownAs: [aliceUri] });
    expect((await b.gql(ALIAS, { a: `alice@${a.host}` }, { token: ann.token })).data.addAccountAlias.alsoKnownAs).toEqual([aliceUri]);
    expect(codeOf(await b.gql(ALIAS, { a: 'ann' }, { token: ann.token }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await b.gql(UNALIAS, { a: `${b.url}/users/nobody-here` }, { token: ann.token }))).toBe('NOT_FOUND');
    const actor = (await b.app.inject({ method: 'GET', url: '/users/ann', headers: AS })).json();
    expect(actor.alsoKnownAs).toEqual(aliceUri);
  });

  it('moves: movedTo on the actor, Move to followers; followers here and there follow the target instead', async () => {
    await follow(b, carol.token, `alice@${a.host}`);
    const localAlice = (await account(a, 'alice')).id;
    expect((await a.gql(FOLLOW, { id: localAlice }, { token: dave.token })).errors).toBeUndefined();
    await settle(a, b);
    expect(handles((await account(a, 'alice')).followers)).toEqual(['dave', `carol@${b.host}`].sort());

    const res = await a.gql(MOVE, { t: `ann@${b.host}` }, { token: alice.token });
    expect(res.errors).toBeUndefined();
    expect(res.data.moveAccount).toEqual({ handle: 'alice', movedTo: annUri });
    expect((await a.app.inject({ method: 'GET', url: '/users/alice', headers: AS })).json().movedTo).toBe(annUri);
    await settle(a, b);

    // On B: carol (a follower on the other instance) now follows ann, not alice@A.
    expect(handles((await account(b, 'carol')).following)).toEqual(['ann']);
    expect((await account(b, `alice@${a.host}`)).movedTo).toBe(annUri);
    // On A: dave (a local follower) follows ann@B — a real Follow, accepted there.
    expect(handles((await account(a, 'dave')).following)).toEqual([`ann@${b.host}`]);
    expect(handles((await account(b, 'ann')).followers)).toEqual(['carol', `dave@${a.host}`].sort());
    expect((await account(a, 'alice')).followersCount).toBe(0);
  });

  it('refuses a second move within the cooldown with a clear error', async () => {
    await a.gql(ALIAS, { a: 'alice' }, { token: dave.token });
    const res = await a.gql(MOVE, { t: 'dave' }, { token: alice.token });
    expect(codeOf(res)).toBe('CONFLICT');
    expect(res.errors![0].message).toMatch(/can move again from \d{4}-\d{2}-\d{2}/);
    expect((await account(a, 'alice')).movedTo).toBe(annUri);
  });

  it('ignores an inbound Move whose target does not list the source', async () => {
    await follow(b, carol.token, `frank@${a.host}`);
    await settle(a, b);
    const frankUri = fed(a).actorUri('frank');
    const frankId = Number((await a.kernel.db.kysely().selectFrom('core_accounts').select('id').where('handle', '=', 'frank').executeTakeFirstOrThrow()).id);
    await fed(a).sendActivity({ accountId: frankId }, 'followers', new Move({
      id: new URL('#moves/forged', frankUri), actor: frankUri, object: frankUri, target: new URL(annUri),
    }));
    await settle(a, b);
    expect(handles((await account(b, 'carol')).following)).toEqual(['ann', `frank@${a.host}`].sort());
    expect((await account(b, `frank@${a.host}`)).movedTo).toBeNull();
    expect(frank.token).toBeTruthy();
  });
});
