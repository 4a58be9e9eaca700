// Approval mode: a sign-up waits for an admin with the applicant's reason;
// meanwhile the account cannot sign in (FORBIDDEN, "waiting for approval"),
// is not found by handle and is not announced, but its handle is held.
// Approving announces it, tells the person and lets them in; rejecting
// removes it, frees the handle (not retired) and tells the applicant at
// their next sign-in. A valid invite code skips the wait.

import { afterAll, describe, expect, it } from 'vitest';
import { AccountCreated, definePlugin, localId, on, PLUGIN_API_VERSION, timestampValue } from '../../core/index.ts';
import { startTestInstance } from '../helpers/instance.ts';
import { codeOf, GOOD_PASSWORD, signUp } from './accounts-helpers.ts';
import { CREATE_INVITE, errorOf, makeAdmin, setInstance, trySignUp } from './registrations-helpers.ts';

const announced: string[] = [];
const listener = definePlugin({
  name: 'created-listener',
  apiVersion: PLUGIN_API_VERSION,
  hooks: [on(AccountCreated, ({ account }) => void announced.push(account.handle))],
});

const PENDING = `{ pendingSignUps { totalCount edges { node { reason requestedAt account { handle email } } } } }`;
const APPROVE = `mutation($id: ID!) { approveSignUp(accountId: $id) { handle createdAt } }`;
const REJECT = `mutation($id: ID!, $m: String) { rejectSignUp(accountId: $id, message: $m) }`;
const signIn = (meadow: { gql: (q: string, v?: Record<string, unknown>) => Promise<any> }, handle: string, password = GOOD_PASSWORD) =>
  meadow.gql(`mutation($h: String!, $p: String!) { signIn(input: { handle: $h, password: $p }) { token account { handle } } }`, { h: handle, p: password });

describe('registrations: approval', async () => {
  const meadow = await startTestInstance({ plugins: [listener], config: { publicUrl: 'https://meadow.example', rateLimits: { authMax: 1000, authWindowMs: 60_000 } } });
  const webfinger = (handle: string) => meadow.app.inject({ method: 'GET', url: `/.well-known/webfinger?resource=acct:${handle}@meadow.example` });
  afterAll(() => meadow.close());
  const db = () => meadow.kernel.db.kysely();
  const admin = await makeAdmin(meadow, 'appr_admin');
  const person = await signUp(meadow, 'appr_person');
  await setInstance(meadow, admin.token, { registrations: 'approval' });

  it('keeps a sign-up waiting: no session, no sign-in, not found by handle, not announced, but the handle is held', async () => {
    const res = await meadow.app.inject({
      method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' },
      payload: { query: `mutation { signUp(input: { handle: "wait_ann", password: "${GOOD_PASSWORD}", email: "ann@example.com", reason: "  I grow tomatoes\\nand want to share.  " }) { token expiresAt awaitingApproval account { handle } } }` },
    });
    expect(res.json().data.signUp).toEqual({ token: null, expiresAt: null, awaitingApproval: true, account: { handle: 'wait_ann' } });
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(announced).not.toContain('wait_ann');

    const refused = await signIn(meadow, 'wait_ann');
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(errorOf(refused)!.message).toContain('waiting for approval');
    expect(errorOf(refused)!.extensions!.reason).toBe('AWAITING_APPROVAL');
    // A wrong password learns nothing about the waiting account.
    expect(codeOf(await signIn(meadow, 'wait_ann', 'Wrong-Password-9'))).toBe('UNAUTHENTICATED');
    expect((await meadow.gql('{ account(handle: "wait_ann") { handle } }')).data.account).toBeNull();
    // Other servers do not see it either.
    expect((await webfinger('wait_ann')).statusCode).toBe(404);
    expect(codeOf(await trySignUp(meadow, 'wait_ann', { reason: 'me too' }))).toBe('CONFLICT');
  });

  it('lists waiting sign-ups to admins only, oldest first, with the reason', async () => {
    await trySignUp(meadow, 'wait_bo');
    expect(codeOf(await meadow.gql(PENDING, {}, { token: person.token }))).toBe('FORBIDDEN');
    const list = await meadow.gql(PENDING, {}, { token: admin.token });
    expect(list.data.pendingSignUps.totalCount).toBe(2);
    expect(list.data.pendingSignUps.edges.map((e: any) => e.node)).toMatchObject([
      { reason: 'I grow tomatoes\nand want to share.', account: { handle: 'wait_ann', email: 'ann@example.com' } },
      { reason: '', account: { handle: 'wait_bo' } },
    ]);
    const long = await trySignUp(meadow, 'wait_long', { reason: 'x'.repeat(1001) });
    expect(errorOf(long)!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
  });

  it('approves: the person is announced, told, can sign in and is found; a second approval is NOT_FOUND', async () => {
    const ann = await db().selectFrom('core_accounts').select('id').where('handle', '=', 'wait_ann').executeTakeFirstOrThrow();
    const id = Buffer.from(`Account:${ann.id}`).toString('base64url');
    expect(codeOf(await meadow.gql(APPROVE, { id }, { token: person.token }))).toBe('FORBIDDEN');
    // It waited three days: the account still starts (and counts as new) from its approval.
    await db().updateTable('core_accounts').set({ created_at: timestampValue(meadow.kernel.db.dialect, new Date(Date.now() - 3 * 86_400_000)) }).where('id', '=', ann.id).execute();
    const [a, b] = await Promise.all([meadow.gql(APPROVE, { id }, { token: admin.token }), meadow.gql(APPROVE, { id }, { token: admin.token })]);
    const outcomes = [a, b].map((r) => (r.errors ? codeOf(r) : 'ok')).sort();
    expect(outcomes).toEqual(['NOT_FOUND', 'ok']);
    const approved = [a, b].find((r) => !r.errors)!.data.approveSignUp;
    expect(Date.now() - new Date(approved.createdAt).getTime()).toBeLessThan(60_000);
    expect(announced.filter((h) => h === 'wait_ann')).toHaveLength(1);

    const inside = await signIn(meadow, 'wait_ann');
    expect(inside.errors).toBeUndefined();
    const told = await meadow.gql('{ notifications { edges { node { kind actor { handle } } } } }', {}, { token: inside.data.signIn.token });
    expect(told.data.notifications.edges.map((e: any) => e.node)).toEqual([{ kind: 'sign-up-approved', actor: { handle: 'appr_admin' } }]);
    expect((await meadow.gql('{ account(handle: "wait_ann") { handle } }')).data.account.handle).toBe('wait_ann');
    expect((await webfinger('wait_ann')).statusCode).toBe(200);
    expect((await meadow.gql(PENDING, {}, { token: admin.token })).data.pendingSignUps.totalCount).toBe(1);
  });

  it('rejects: the account goes, the handle is free again, and the applicant learns it at sign-in', async () => {
    const bo = await db().selectFrom('core_accounts').select('id').where('handle', '=', 'wait_bo').executeTakeFirstOrThrow();
    const id = Buffer.from(`Account:${bo.id}`).toString('base64url');
    expect(errorOf(await meadow.gql(REJECT, { id, m: 'y'.repeat(1001) }, { token: admin.token }))!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'message' });
    expect((await meadow.gql(REJECT, { id, m: ' Tell us more about yourself. ' }, { token: admin.token })).data.rejectSignUp).toBe(true);
    expect(await db().selectFrom('core_accounts').select('id').where('id', '=', bo.id).executeTakeFirst()).toBeUndefined();
    expect(await db().selectFrom('core_retired_handles').select('handle').where('handle', '=', 'wait_bo').executeTakeFirst()).toBeUndefined();
    expect(codeOf(await meadow.gql(REJECT, { id }, { token: admin.token }))).toBe('NOT_FOUND');
    expect(announced).not.toContain('wait_bo');

    const told = await signIn(meadow, 'wait_bo');
    expect(codeOf(told)).toBe('FORBIDDEN');
    expect(errorOf(told)!.message).toBe('Your sign-up was not approved by the admins of this instance: Tell us more about yourself.');
    expect(errorOf(told)!.extensions!.reason).toBe('SIGN_UP_REJECTED');
    expect(codeOf(await signIn(meadow, 'wait_bo', 'Wrong-Password-9'))).toBe('UNAUTHENTICATED');

    // Someone else takes the free handle: the old note is no longer told.
    await setInstance(meadow, admin.token, { registrations: 'open' });
    const again = await trySignUp(meadow, 'wait_bo', { password: 'Other-Password-8' });
    expect(again.errors).toBeUndefined();
    expect(again.data.signUp.awaitingApproval).toBe(false);
    expect((await signIn(meadow, 'wait_bo', 'Other-Password-8')).errors).toBeUndefined();
    expect(codeOf(await signIn(meadow, 'wait_bo'))).toBe('UNAUTHENTICATED');
    await setInstance(meadow, admin.token, { registrations: 'approval' });
  });

  it('lets a valid invite code skip the wait', async () => {
    const invite = (await meadow.gql(CREATE_INVITE, { input: {} }, { token: admin.token })).data.createInvite;
    const res = await trySignUp(meadow, 'invited_cy', { inviteCode: invite.code, reason: 'ignored' });
    expect(res.errors).toBeUndefined();
    expect(res.data.signUp.awaitingApproval).toBe(false);
    expect(res.data.signUp.token).toMatch(/^mdw_s_/);
    expect(announced).toContain('invited_cy');
    const pending = (await meadow.gql(PENDING, {}, { token: admin.token })).data.pendingSignUps.edges.map((e: any) => e.node.account.handle);
    expect(pending).not.toContain('invited_cy');
    expect(localId(res.data.signUp.account.id, 'Account')).toBeGreaterThan(0);
  });
});
