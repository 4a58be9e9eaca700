// The instance module's public face: its settings (branding, rules and the
// sign-up policy) for the other core modules, read fresh on every call.

import { defineService } from '../plugins/services.ts';
import type { Branding } from './branding.ts';
import type { RegistrationSettings } from './registration-settings.ts';

export type InstanceSettings = Branding & RegistrationSettings;
export type { RegistrationMode, RegistrationSettings } from './registration-settings.ts';

export interface InstanceSettingsService {
  /** The current settings (an admin's change applies at once). */
  current(): InstanceSettings;
}

export const InstanceSettingsRef = defineService<InstanceSettingsService>('instance.settings', 'The instance settings: branding, rules and the sign-up policy');
