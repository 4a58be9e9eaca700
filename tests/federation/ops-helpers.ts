// Shared steps for the operator suites (delivery, blocks, admin GraphQL):
// an admin's token, a local account's id, a public note sent to followers,
// and "time passes" for queued retries.

import { Create, Note, PUBLIC_COLLECTION } from '@fedify/vocab';
import { FederationServiceRef, type FederationService } from '../../core/index.ts';
import type { TestInstance } from '../helpers/instance.ts';

export async function adminToken(instance: TestInstance, handle = 'site_admin'): Promise<string> {
  const { createAdminAccount } = await import('../../core/accounts/admin.ts');
  await createAdminAccount(instance.kernel, { handle, password: 'Admin-Secret-2025' });
  const res = await instance.gql(`mutation { signIn(input: { handle: "${handle}", password: "Admin-Secret-2025" }) { token } }`);
  return res.data.signIn.token;
}

export function federationOf(instance: TestInstance): FederationService {
  return instance.kernel.contextOf('federation').services.get(FederationServiceRef);
}

export async function localAccountId(instance: TestInstance, handle: string): Promise<number> {
  const row = await instance.kernel.db.kysely().selectFrom('core_accounts').select('id').where('handle', '=', handle).executeTakeFirstOrThrow();
  return Number(row.id);
}

let noteCount = 0;

/** `handle` posts a public note to its remote followers; returns the Create's id. */
export async function postToFollowers(instance: TestInstance & { url: string }, handle: string, text = 'hello'): Promise<string> {
  const federation = federationOf(instance);
  const me = federation.actorUri(handle);
  const n = ++noteCount;
  const note = new Note({ id: new URL(`/test-notes/${n}`, instance.url), attribution: me, content: `<p>${text}</p>`, to: PUBLIC_COLLECTION });
  const id = new URL(`/test-notes/${n}#create`, instance.url);
  await federation.sendActivity({ accountId: await localAccountId(instance, handle) }, 'followers', new Create({ id, actor: me, object: note, to: PUBLIC_COLLECTION }));
  return id.href;
}

/** Makes every waiting job due now (the retry delays "have passed"); returns their delays from now in ms. */
export async function makeJobsDue(instance: TestInstance): Promise<number[]> {
  const db = instance.kernel.db.kysely();
  const now = Date.now();
  const waiting = await db.selectFrom('core_job').select('run_at').where('status', '=', 'queued').where('run_at', '>', now).execute();
  await db.updateTable('core_job').set({ run_at: now }).where('status', '=', 'queued').execute();
  return waiting.map((r) => Number(r.run_at) - now);
}

export async function setDelivery(instance: TestInstance, delivery: Record<string, number>): Promise<void> {
  await instance.kernel.state.updateSettings('federation', { delivery });
}

export const inboxPosts = (instance: { requests: { method: string; path: string }[] }) =>
  instance.requests.filter((r) => r.method === 'POST' && r.path === '/inbox').length;
