// Shared steps for the registrations suites: an admin, the instance's
// sign-up settings changed through updatePluginSettings as an admin does,
// and sign-ups as raw results (so refusals can be looked at).

import { expect } from 'vitest';
import { AccountsServiceRef, localId } from '../../core/index.ts';
import type { TestInstance } from '../helpers/instance.ts';
import { GOOD_PASSWORD, signUp } from './accounts-helpers.ts';

export const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { token expiresAt awaitingApproval account { id handle } } }`;

export async function makeAdmin(meadow: TestInstance, handle: string) {
  const person = await signUp(meadow, handle);
  await meadow.kernel.contextOf('accounts').services.get(AccountsServiceRef).setRole(localId(person.account.id, 'Account'), 'admin');
  return person;
}

/** Changes the instance's settings as an admin would (the existing settings mutation). */
export async function setInstance(meadow: TestInstance, adminToken: string, settings: Record<string, unknown>) {
  const res = await meadow.gql(`mutation($s: JSON!) { updatePluginSettings(plugin: "instance", settings: $s) { settings } }`, { s: settings }, { token: adminToken });
  expect(res.errors).toBeUndefined();
  return res.data.updatePluginSettings.settings;
}

export function trySignUp(meadow: TestInstance, handle: string, extra: Record<string, unknown> = {}, token?: string) {
  return meadow.gql(SIGN_UP, { input: { handle, password: GOOD_PASSWORD, ...extra } }, { token });
}

export const errorOf = (res: { errors?: { message: string; extensions?: Record<string, unknown> }[] }) => res.errors?.[0];

export const CREATE_INVITE = `mutation($input: CreateInviteInput) { createInvite(input: $input) { id code maxUses uses expiresAt usable revoked createdBy { handle } } }`;
