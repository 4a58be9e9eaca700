// Sign-up modes and invite codes: open by default; the mode is an instance
// setting admins change through updatePluginSettings; invite-only needs a
// code (closed when none is issued); unknown, expired, used-up and revoked
// codes are refused with a clear reason; a one-use code raced by several
// sign-ups goes to exactly one; members may invite only when allowed.

import { afterAll, describe, expect, it } from 'vitest';
import { AccountsServiceRef, localId, timestampValue } from '../../core/index.ts';
import { startTestInstance } from '../helpers/instance.ts';
import { codeOf, signUp } from './accounts-helpers.ts';
import { CREATE_INVITE, errorOf, makeAdmin, setInstance, trySignUp } from './registrations-helpers.ts';

describe('registrations: modes and invite codes', async () => {
  const meadow = await startTestInstance({ config: { rateLimits: { authMax: 1000, authWindowMs: 60_000 } } });
  afterAll(() => meadow.close());
  const db = () => meadow.kernel.db.kysely();
  const admin = await makeAdmin(meadow, 'inv_admin');
  const member = await signUp(meadow, 'inv_member');
  const invite = async (token: string, input: Record<string, unknown> = {}) => {
    const res = await meadow.gql(CREATE_INVITE, { input }, { token });
    expect(res.errors).toBeUndefined();
    return res.data.createInvite as { id: string; code: string; maxUses: number | null; uses: number; expiresAt: string | null; usable: boolean };
  };

  it('is open by default, and only admins change the mode; a bad value is refused and nothing changes', async () => {
    expect((await meadow.gql('{ instance { registrations membersCanInvite } }')).data.instance).toEqual({ registrations: 'open', membersCanInvite: false });
    const open = await trySignUp(meadow, 'open_one');
    expect(open.errors).toBeUndefined();
    expect(open.data.signUp).toMatchObject({ awaitingApproval: false, account: { handle: 'open_one' } });
    expect(open.data.signUp.token).toMatch(/^mdw_s_/);

    const byMember = await meadow.gql(`mutation { updatePluginSettings(plugin: "instance", settings: { registrations: "invite" }) { name } }`, {}, { token: member.token });
    expect(codeOf(byMember)).toBe('FORBIDDEN');
    const bad = await meadow.gql(`mutation { updatePluginSettings(plugin: "instance", settings: { registrations: "closed" }) { name } }`, {}, { token: admin.token });
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(errorOf(bad)!.extensions!.field).toBe('registrations');
    expect((await meadow.gql('{ instance { registrations } }')).data.instance.registrations).toBe('open');
  });

  it('invite-only: no code, an unknown code — refused with the reason; with no codes issued nobody can join', async () => {
    const settings = await setInstance(meadow, admin.token, { registrations: 'invite' });
    expect(settings).toMatchObject({ registrations: 'invite', name: 'Meadow' });
    expect((await meadow.gql('{ instance { registrations } }')).data.instance.registrations).toBe('invite');

    const none = await trySignUp(meadow, 'no_code');
    expect(codeOf(none)).toBe('BAD_USER_INPUT');
    expect(errorOf(none)!.message).toContain('invitation only');
    expect(errorOf(none)!.extensions).toMatchObject({ field: 'inviteCode', reason: 'INVITE_REQUIRED' });
    const unknown = await trySignUp(meadow, 'no_code', { inviteCode: 'abcdefghjk' });
    expect(errorOf(unknown)!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'inviteCode', reason: 'UNKNOWN' });
    expect(await meadow.kernel.contextOf('accounts').services.get(AccountsServiceRef).getByHandle('no_code')).toBeNull();
  });

  it('a code lets people in up to its uses, read in any case with dashes and spaces; then it is used up', async () => {
    const two = await invite(admin.token, { maxUses: 2 });
    expect(two).toMatchObject({ maxUses: 2, uses: 0, expiresAt: null, usable: true });
    expect(two.code).toMatch(/^[a-z2-9]{10}$/);
    const typed = ` ${two.code.slice(0, 5).toUpperCase()}-${two.code.slice(5)} `;
    const first = await trySignUp(meadow, 'guest_one', { inviteCode: typed });
    expect(first.errors).toBeUndefined();
    expect(first.data.signUp.token).toMatch(/^mdw_s_/);
    // A refused sign-up (the handle is taken) leaves the use for someone else.
    expect(codeOf(await trySignUp(meadow, 'guest_one', { inviteCode: two.code }))).toBe('CONFLICT');
    expect((await trySignUp(meadow, 'guest_two', { inviteCode: two.code })).errors).toBeUndefined();
    const usedUp = await trySignUp(meadow, 'guest_three', { inviteCode: two.code });
    expect(errorOf(usedUp)!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'inviteCode', reason: 'USED_UP' });

    const list = await meadow.gql(`{ invites { totalCount edges { node { code uses usable usedBy { handle } createdBy { handle } } } } }`, {}, { token: admin.token });
    const listed = list.data.invites.edges.map((e: any) => e.node).find((n: any) => n.code === two.code);
    expect(listed).toEqual({ code: two.code, uses: 2, usable: false, usedBy: [{ handle: 'guest_one' }, { handle: 'guest_two' }], createdBy: { handle: 'inv_admin' } });
  });

  it('refuses expired and revoked codes, each with its own reason', async () => {
    const soon = await invite(admin.token, { expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await db().updateTable('core_invites').set({ expires_at: timestampValue(meadow.kernel.db.dialect, new Date(Date.now() - 1000)) })
      .where('id', '=', localId(soon.id, 'Invite')).execute();
    expect(errorOf(await trySignUp(meadow, 'late_guest', { inviteCode: soon.code }))!.extensions).toMatchObject({ field: 'inviteCode', reason: 'EXPIRED' });

    const withdrawn = await invite(admin.token);
    const revoked = await meadow.gql(`mutation($id: ID!) { revokeInvite(id: $id) { revoked usable } }`, { id: withdrawn.id }, { token: admin.token });
    expect(revoked.data.revokeInvite).toEqual({ revoked: true, usable: false });
    expect(errorOf(await trySignUp(meadow, 'late_guest', { inviteCode: withdrawn.code }))!.extensions).toMatchObject({ field: 'inviteCode', reason: 'REVOKED' });
    // Revoked codes leave the list.
    const codes = (await meadow.gql(`{ invites(first: 100) { edges { node { code } } } }`, {}, { token: admin.token })).data.invites.edges.map((e: any) => e.node.code);
    expect(codes).not.toContain(withdrawn.code);

    const past = await meadow.gql(CREATE_INVITE, { input: { expiresAt: new Date(Date.now() - 60_000).toISOString() } }, { token: admin.token });
    expect(errorOf(past)!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'expiresAt' });
    const zero = await meadow.gql(CREATE_INVITE, { input: { maxUses: 0 } }, { token: admin.token });
    expect(errorOf(zero)!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'maxUses' });
  });

  it('gives the last use of a code to exactly one of several racing sign-ups', async () => {
    const once = await invite(admin.token, { maxUses: 1 });
    const handles = Array.from({ length: 6 }, (_, i) => `racer_${i}`);
    const results = await Promise.all(handles.map((h) => trySignUp(meadow, h, { inviteCode: once.code })));
    const winners = results.filter((r) => !r.errors);
    expect(winners).toHaveLength(1);
    for (const loser of results.filter((r) => r.errors)) expect(errorOf(loser)!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'USED_UP' });
    const row = await db().selectFrom('core_invites').select('uses').where('code', '=', once.code).executeTakeFirstOrThrow();
    expect(Number(row.uses)).toBe(1);
    // Only the winner's account exists.
    const made = await db().selectFrom('core_accounts').select('handle').where('handle', 'in', handles).execute();
    expect(made.map((r) => r.handle)).toEqual([winners[0]!.data.signUp.account.handle]);
  });

  it('lets members invite only when the instance allows it, within member limits, and only their own codes', async () => {
    const refused = await meadow.gql(CREATE_INVITE, {}, { token: member.token });
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(errorOf(refused)!.message).toBe('Only admins can create invite codes on this instance');
    await setInstance(meadow, admin.token, { membersCanInvite: true, newAccountHours: 24 });
    expect((await meadow.gql('{ instance { membersCanInvite } }')).data.instance.membersCanInvite).toBe(true);
    // The member joined minutes ago: still a new account.
    const tooNew = await meadow.gql(CREATE_INVITE, {}, { token: member.token });
    expect(codeOf(tooNew)).toBe('FORBIDDEN');
    expect(errorOf(tooNew)!.message).toContain('New accounts cannot invite');
    await setInstance(meadow, admin.token, { newAccountHours: 0 });

    const mine = await invite(member.token);
    expect(mine.maxUses).toBe(1);
    const days = (new Date(mine.expiresAt!).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThan(7.1);
    expect(errorOf(await meadow.gql(CREATE_INVITE, { input: { maxUses: 26 } }, { token: member.token }))!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'maxUses' });
    const far = new Date(Date.now() + 31 * 86_400_000).toISOString();
    expect(errorOf(await meadow.gql(CREATE_INVITE, { input: { expiresAt: far } }, { token: member.token }))!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'expiresAt' });

    const theirs = await meadow.gql(`{ invites { totalCount edges { node { code createdBy { handle } } } } }`, {}, { token: member.token });
    expect(theirs.data.invites.totalCount).toBe(1);
    expect(theirs.data.invites.edges[0].node).toEqual({ code: mine.code, createdBy: { handle: 'inv_member' } });
    const adminsCode = await invite(admin.token);
    expect(codeOf(await meadow.gql(`mutation($id: ID!) { revokeInvite(id: $id) { id } }`, { id: adminsCode.id }, { token: member.token }))).toBe('NOT_FOUND');
    expect(codeOf(await meadow.gql(`{ invites { totalCount } }`))).toBe('UNAUTHENTICATED');

    // A member's code works like any other.
    expect((await trySignUp(meadow, 'friend_of_m', { inviteCode: mine.code })).errors).toBeUndefined();
    await setInstance(meadow, admin.token, { membersCanInvite: false });
  });

  it('checks and counts a code given in open mode too', async () => {
    await setInstance(meadow, admin.token, { registrations: 'open' });
    expect(errorOf(await trySignUp(meadow, 'open_bad', { inviteCode: 'nope-nope' }))!.extensions).toMatchObject({ field: 'inviteCode', reason: 'UNKNOWN' });
    const code = await invite(admin.token, { maxUses: 5 });
    expect((await trySignUp(meadow, 'open_good', { inviteCode: code.code })).errors).toBeUndefined();
    const row = await db().selectFrom('core_invites').select('uses').where('code', '=', code.code).executeTakeFirstOrThrow();
    expect(Number(row.uses)).toBe(1);
    expect((await trySignUp(meadow, 'open_none')).errors).toBeUndefined();
  });
});
