// Two real Meadow instances over HTTPS for the trust plugin's federation
// suites: the real notes and trust plugins, people of any role signed up
// through GraphQL, and notes with an image posted as their authors do.

import sharp from 'sharp';
import { expect } from 'vitest';
// Tests may boot the real notes plugin; plugin code may not import it.
// eslint-disable-next-line meadow/plugin-boundaries
import notesPlugin from '../../notes/index.ts';
import trustPlugin from '../index.ts';
import { AccountsServiceRef, FederationServiceRef, MediaServiceRef, toGlobalId, type PluginDefinition, type Role } from '../../../core/index.ts';
import { signUp } from '../../../tests/core/accounts-helpers.ts';
import { startTlsInstance, type TlsInstance } from '../../../tests/federation/tls.ts';
import type { GqlResult } from './helpers.ts';

export interface Member {
  id: number;
  handle: string;
  token: string;
  gql(query: string, variables?: Record<string, unknown>): Promise<GqlResult>;
}

let png: Buffer | null = null;

export async function startInstance(extra: PluginDefinition[] = []): Promise<TlsInstance> {
  return startTlsInstance({ plugins: [notesPlugin, trustPlugin, ...extra] });
}

export const federationOf = (m: TlsInstance) => m.kernel.contextOf('federation').services.get(FederationServiceRef);
export const accountsOf = (m: TlsInstance) => m.kernel.contextOf('accounts').services.get(AccountsServiceRef);

/** Signs up `handle` on `m` and gives it `role`. */
export async function member(m: TlsInstance, handle: string, role: Role = 'person'): Promise<Member> {
  const { token, account } = await signUp(m, handle);
  const id = Number((await accountsOf(m).getByHandle(account.handle))!.id);
  if (role !== 'person') await accountsOf(m).setRole(id, role);
  return { id, handle, token, gql: (q, v) => m.gql(q, v, { token }) as Promise<GqlResult> };
}

/** A public note by `author` with one image; returns its global id. */
export async function postNote(m: TlsInstance, author: Member, title: string, body: string): Promise<string> {
  png ??= await sharp({ create: { width: 64, height: 48, channels: 3, background: '#668899' } }).png().toBuffer();
  const image = await m.kernel.contextOf('media').services.get(MediaServiceRef).upload(author.id, png);
  const res = await author.gql('mutation($input: NoteInput!) { createNote(input: $input) { id } }', {
    input: { title, body, images: [{ mediaId: toGlobalId('Media', image.id) }], visibility: 'public' },
  });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data.createNote.id as string;
}
