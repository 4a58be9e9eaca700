// Shared set-up for the search suites: an instance with the real notes,
// topics and search plugins (passed explicitly, no discovery), people with
// an uploaded image each, and wrappers to post, like, collect and comment.
// The test-auth plugin stands in for sign-in.

import sharp from 'sharp';
import { expect } from 'vitest';
// Tests may boot the real notes and topics plugins; plugin code may not import them.
// eslint-disable-next-line meadow/plugin-boundaries
import notesPlugin from '../../notes/index.ts';
// eslint-disable-next-line meadow/plugin-boundaries
import topicsPlugin from '../../topics/index.ts';
import searchPlugin from '../index.ts';
import { AccountsServiceRef, MediaServiceRef, fromGlobalId, toGlobalId, type MeadowConfigInput, type PluginContext, type PluginDefinition, type Role } from '../../../core/index.ts';
import { startTestInstance, type TestInstance } from '../../../tests/helpers/instance.ts';
import { testAuthPlugin } from '../../../tests/helpers/test-auth.ts';

export type GqlResult = { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };

export interface Person {
  id: number;
  gid: string;
  handle: string;
  imageId: string;
  gql(query: string, variables?: Record<string, unknown>): Promise<GqlResult>;
}

export interface SearchTestInstance {
  meadow: TestInstance;
  ctx: PluginContext;
  gql(query: string, variables?: Record<string, unknown>): Promise<GqlResult>;
  person(handle: string, role?: Role): Promise<Person>;
  post(author: Person, input: { title?: string; body: string; visibility?: string; alt?: string }): Promise<{ id: number; gid: string }>;
  settle(): Promise<void>;
  close(): Promise<void>;
}

let png: Buffer | null = null;

export async function startSearch(config?: MeadowConfigInput, extra: PluginDefinition[] = []): Promise<SearchTestInstance> {
  const meadow = await startTestInstance({ plugins: [testAuthPlugin, notesPlugin, topicsPlugin, searchPlugin, ...extra], discover: false, config });
  const accounts = meadow.kernel.contextOf('accounts').services.get(AccountsServiceRef);
  const media = meadow.kernel.contextOf('media').services.get(MediaServiceRef);
  png ??= await sharp({ create: { width: 32, height: 24, channels: 3, background: '#88aa66' } }).png().toBuffer();
  const gqlAs = async (headers: Record<string, string>, query: string, variables?: Record<string, unknown>) => {
    const res = await meadow.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', ...headers }, payload: { query, variables } });
    return res.json() as GqlResult;
  };
  const settle = async () => {
    await meadow.kernel.bus.drain();
    await meadow.kernel.worker.runUntilIdle();
    await meadow.kernel.bus.drain();
  };
  return {
    meadow,
    ctx: meadow.kernel.contextOf('search'),
    gql: (query, variables) => gqlAs({}, query, variables),
    async person(handle, role = 'person') {
      const account = await accounts.createAccount({ handle, password: 'Correct-horse-battery-staple-9', role, displayName: handle });
      const image = await media.upload(account.id, png!);
      const headers = { 'x-test-account': `${account.id}:${account.role}` };
      return { id: account.id, gid: toGlobalId('Account', account.id), handle, imageId: toGlobalId('Media', image.id), gql: (q, v) => gqlAs(headers, q, v) };
    },
    async post(author, input) {
      const res = await author.gql(`mutation($input: NoteInput!) { createNote(input: $input) { id } }`, {
        input: { title: input.title ?? 'A note', body: input.body, images: [{ mediaId: author.imageId, alt: input.alt ?? null }], visibility: input.visibility ?? 'public' },
      });
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      await settle();
      const gid = res.data.createNote.id as string;
      return { gid, id: Number(fromGlobalId(gid).id) };
    },
    settle,
    close: () => meadow.close(),
  };
}

export function expectCode(res: GqlResult, code: string) {
  expect(res.errors?.[0]?.extensions?.code, JSON.stringify(res.errors ?? res.data)).toBe(code);
}

export function expectOk(res: GqlResult) {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data;
}
