// New-account limits: in an account's first newAccountHours, one client
// address creates at most signUpsPerAddress accounts (an IPv6 /64 counts
// as one address; the machine itself is not limited), and a new account
// follows at most newAccountFollowsPerHour accounts an hour. Older
// accounts and staff are not limited; 0 hours turns the limits off.

import { afterAll, describe, expect, it } from 'vitest';
import { AccountsServiceRef, localId, timestampValue } from '../../core/index.ts';
import { clientKey } from '../../core/accounts/registrations.ts';
import { startTestInstance } from '../helpers/instance.ts';
import { codeOf, GOOD_PASSWORD, signUp } from './accounts-helpers.ts';
import { errorOf, makeAdmin, setInstance, SIGN_UP } from './registrations-helpers.ts';

const FOLLOW = 'mutation($id: ID!) { follow(accountId: $id) { handle } }';

describe('registrations: new-account limits', async () => {
  const meadow = await startTestInstance({ config: { rateLimits: { authMax: 1000, authWindowMs: 60_000 } } });
  afterAll(() => meadow.close());
  const accounts = () => meadow.kernel.contextOf('accounts').services.get(AccountsServiceRef);
  const admin = await makeAdmin(meadow, 'lim_admin');
  const fromAddress = (address: string, handle: string) =>
    meadow.app
      .inject({ method: 'POST', url: '/graphql', remoteAddress: address, headers: { 'content-type': 'application/json' }, payload: { query: SIGN_UP, variables: { input: { handle, password: GOOD_PASSWORD } } } })
      .then((r) => r.json());
  const targets = await Promise.all(['lim_t1', 'lim_t2', 'lim_t3', 'lim_t4'].map((h) => signUp(meadow, h)));

  it('reads one client per IPv4 address and per IPv6 /64, and none for loopback', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:0db8:0001:0002:ffff:0:0:9')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    for (const local of ['127.0.0.1', '::1', '::ffff:127.0.0.1', null]) expect(clientKey(local)).toBeNull();
  });

  it('limits the accounts one address creates while the limits are on', async () => {
    await setInstance(meadow, admin.token, { newAccountHours: 24, signUpsPerAddress: 2 });
    expect((await fromAddress('203.0.113.7', 'addr_a1')).errors).toBeUndefined();
    expect((await fromAddress('203.0.113.7', 'addr_a2')).errors).toBeUndefined();
    const third = await fromAddress('203.0.113.7', 'addr_a3');
    expect(codeOf(third)).toBe('RATE_LIMITED');
    expect(errorOf(third)!.message).toMatch(/^At most 2 accounts can be created from one network address in 24 hours; try again in \d+ s$/);
    expect(await accounts().getByHandle('addr_a3')).toBeNull();
    // Another address, and the machine itself, are not held back.
    expect((await fromAddress('198.51.100.9', 'addr_b1')).errors).toBeUndefined();
    expect((await fromAddress('127.0.0.1', 'addr_local')).errors).toBeUndefined();
    // Two addresses of one IPv6 /64 are one client.
    expect((await fromAddress('2001:db8:5:6::1', 'addr_c1')).errors).toBeUndefined();
    expect((await fromAddress('2001:db8:5:6::2', 'addr_c2')).errors).toBeUndefined();
    expect(codeOf(await fromAddress('2001:db8:5:6:ffff::3', 'addr_c3'))).toBe('RATE_LIMITED');
    // A typo (a refused handle) does not use up the allowance.
    expect(codeOf(await fromAddress('192.0.2.50', 'x'))).toBe('BAD_USER_INPUT');
    expect((await fromAddress('192.0.2.50', 'addr_d1')).errors).toBeUndefined();
    expect((await fromAddress('192.0.2.50', 'addr_d2')).errors).toBeUndefined();
  });

  it('does not limit sign-ups when new-account hours are 0', async () => {
    await setInstance(meadow, admin.token, { newAccountHours: 0, signUpsPerAddress: 1 });
    for (const handle of ['addr_e1', 'addr_e2', 'addr_e3']) expect((await fromAddress('203.0.113.80', handle)).errors).toBeUndefined();
  });

  it('limits follows of a new account per hour, but not of older accounts or staff', async () => {
    await setInstance(meadow, admin.token, { newAccountHours: 24, newAccountFollowsPerHour: 3 });
    const fresh = await signUp(meadow, 'lim_fresh');
    for (const t of targets.slice(0, 3)) expect((await meadow.gql(FOLLOW, { id: t.account.id }, { token: fresh.token })).errors).toBeUndefined();
    const fourth = await meadow.gql(FOLLOW, { id: targets[3]!.account.id }, { token: fresh.token });
    expect(codeOf(fourth)).toBe('RATE_LIMITED');
    expect(errorOf(fourth)!.message).toMatch(/^In its first 24 hours an account can follow 3 accounts an hour; try again in \d+ s$/);
    expect((await meadow.gql(`{ account(handle: "lim_t4") { followersCount } }`)).data.account.followersCount).toBe(0);

    const older = await signUp(meadow, 'lim_older');
    await meadow.kernel.db.kysely().updateTable('core_accounts').set({ created_at: timestampValue(meadow.kernel.db.dialect, new Date(Date.now() - 25 * 3_600_000)) })
      .where('id', '=', localId(older.account.id, 'Account')).execute();
    const moderator = await signUp(meadow, 'lim_mod');
    await accounts().setRole(localId(moderator.account.id, 'Account'), 'moderator');
    for (const who of [older, moderator]) {
      for (const t of targets) expect((await meadow.gql(FOLLOW, { id: t.account.id }, { token: who.token })).errors).toBeUndefined();
    }
    // Settings are checked: a negative number of hours is refused.
    const bad = await meadow.gql(`mutation { updatePluginSettings(plugin: "instance", settings: { newAccountHours: -1 }) { name } }`, {}, { token: admin.token });
    expect(errorOf(bad)!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newAccountHours' });
  });
});
