// For the CLI (`meadow admin create`): makes an admin account with the same
// checks as sign-up (handle rules, password strength, unique handle/e-mail).

import type { Kernel } from '../kernel.ts';
import { AccountsServiceRef, type AccountRecord } from './contracts.ts';

export async function createAdminAccount(
  kernel: Kernel,
  input: { handle: string; password: string; email?: string | null; displayName?: string },
): Promise<AccountRecord> {
  const accounts = kernel.contextOf('accounts').services.get(AccountsServiceRef);
  return accounts.createAccount({ ...input, role: 'admin' });
}
