// Follow across two real instances over HTTPS: WebFinger lookup, signed
// Follow, automatic Accept, Undo; and the bad inputs of followRemote.
import { describe, it, expect, afterAll } from 'vitest';
import { signUp, codeOf } from '../core/accounts-helpers.ts';
import { FederationServiceRef } from '../../core/index.ts';
import { startTestInstance } from '../helpers/instance.ts';
import { startTlsInstance, settle } from './tls.ts';

const FOLLOW = 'mutation($h: String!) { followRemote(handle: $h) { handle actorUri displayName state } }';
const AS = { accept: 'application/activity+json' };

describe('following across two instances', async () => {
  const a = await startTlsInstance();
  const b = await startTlsInstance();
  afterAll(async () => {
    await a.close();
    await b.close();
  });
  const alice = await signUp(a, 'alice');
  await signUp(b, 'bob', { displayName: 'Bob 鲍勃' });
  const count = async (m: typeof a, path: string) => (await m.app.inject({ method: 'GET', url: path, headers: AS })).json().totalItems;

  it('sends Follow found through WebFinger, and the remote side accepts it', async () => {
    const res = await a.gql(FOLLOW, { h: `@bob@${b.host}` }, { token: alice.token });
    expect(res.errors).toBeUndefined();
    expect(res.data.followRemote).toEqual({ handle: `bob@${b.host}`, actorUri: `${b.url}/users/bob`, displayName: 'Bob 鲍勃', state: 'PENDING' });

    await settle(a, b);

    const again = await a.gql(FOLLOW, { h: `bob@${b.host}` }, { token: alice.token });
    expect(again.data.followRemote.state).toBe('ACCEPTED');
    expect(await count(b, '/users/bob/followers')).toBe(1);
    expect(await count(a, '/users/alice/following')).toBe(1);
    const followers = await b.kernel.contextOf('federation').services.get(FederationServiceRef).remoteFollowers(
      (await b.kernel.db.kysely().selectFrom('core_accounts').select('id').where('handle', '=', 'bob').executeTakeFirstOrThrow()).id as number,
    );
    expect(followers.map((f) => [f.handle, f.uri, f.inbox, f.sharedInbox])).toEqual([
      [`alice@${a.host}`, `${a.url}/users/alice`, `${a.url}/users/alice/inbox`, `${a.url}/inbox`],
    ]);
  });

  it('forgets the follow on both sides after Undo(Follow)', async () => {
    const service = a.kernel.contextOf('federation').services.get(FederationServiceRef);
    const aliceId = Number((await a.kernel.db.kysely().selectFrom('core_accounts').select('id').where('handle', '=', 'alice').executeTakeFirstOrThrow()).id);
    expect(await service.unfollowRemote(aliceId, `bob@${b.host}`)).toBe(true);
    await settle(a, b);
    expect(await count(b, '/users/bob/followers')).toBe(0);
    expect(await count(a, '/users/alice/following')).toBe(0);
    expect(await service.unfollowRemote(aliceId, `bob@${b.host}`)).toBe(false);
  });

  it('refuses bad handles with clear errors and stores nothing', async () => {
    const before = await a.kernel.db.kysely().selectFrom('core_fed_following').selectAll().execute();
    expect(codeOf(await a.gql(FOLLOW, { h: 'not a handle' }, { token: alice.token }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await a.gql(FOLLOW, { h: 'bob@' }, { token: alice.token }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await a.gql(FOLLOW, { h: `alice@${a.host}` }, { token: alice.token }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await a.gql(FOLLOW, { h: `nobody@${b.host}` }, { token: alice.token }))).toBe('NOT_FOUND');
    expect(codeOf(await a.gql(FOLLOW, { h: `bob@${b.host}` }))).toBe('UNAUTHENTICATED');
    expect(await a.kernel.db.kysely().selectFrom('core_fed_following').selectAll().execute()).toEqual(before);
  });

  it('refuses to look up private addresses unless the operator allows it', async () => {
    const guarded = await startTestInstance({ config: { publicUrl: 'https://guarded.example' } });
    try {
      const carol = await signUp(guarded, 'carol');
      const res = await guarded.gql(FOLLOW, { h: `bob@${b.host}` }, { token: carol.token });
      expect(codeOf(res)).toBe('NOT_FOUND');
      expect(await guarded.kernel.db.kysely().selectFrom('core_fed_remote_actors').selectAll().execute()).toEqual([]);
    } finally {
      await guarded.close();
    }
  });
});
