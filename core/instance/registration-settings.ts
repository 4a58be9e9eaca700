// Who may join, and how fast new accounts may act. These are settings of
// the built-in "instance" plugin next to branding, changed by admins with
// updatePluginSettings(plugin: "instance", settings: { … }). The keys are
// flat: a partial update is merged over the current settings, so changing
// one never resets another.

import { z } from 'zod';

export const REGISTRATION_MODES = ['open', 'approval', 'invite'] as const;
export type RegistrationMode = (typeof REGISTRATION_MODES)[number];

export const registrationSettingsShape = {
  /** open: anyone; approval: an admin approves each sign-up; invite: only with an invite code (none issued: closed). */
  registrations: z.enum(REGISTRATION_MODES).default('open'),
  /** May members (not only admins) create invite codes? */
  membersCanInvite: z.boolean().default(false),
  /** An account counts as new for this many hours after sign-up; 0 turns the new-account limits off. */
  newAccountHours: z.number().int().min(0).max(24 * 90).default(24),
  /** Accounts one client address may create within newAccountHours. */
  signUpsPerAddress: z.number().int().min(1).max(10_000).default(5),
  /** Follows per hour for a new account. */
  newAccountFollowsPerHour: z.number().int().min(1).max(10_000).default(30),
};

export interface RegistrationSettings {
  registrations: RegistrationMode;
  membersCanInvite: boolean;
  newAccountHours: number;
  signUpsPerAddress: number;
  newAccountFollowsPerHour: number;
}

export const registrationTypeDefs = /* GraphQL */ `
  "How new people join this instance."
  enum RegistrationMode {
    "Anyone may sign up."
    open
    "Each sign-up waits for an admin's approval (a valid invite code skips the wait)."
    approval
    "Only with an invite code; with none issued, the instance is closed to new people."
    invite
  }

  extend type Instance {
    "How new people join (admins change it with updatePluginSettings(plugin: \\"instance\\", settings: { registrations: … }))."
    registrations: RegistrationMode!
    "May members, not only admins, create invite codes?"
    membersCanInvite: Boolean!
  }
`;
