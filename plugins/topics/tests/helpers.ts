// Test helpers for the topics suites: an instance with the real notes and
// topics plugins (passed explicitly, no discovery), people with an uploaded
// image each, and small wrappers around the notes GraphQL to post, like,
// collect and comment. The test-auth plugin stands in for sign-in.

import sharp from 'sharp';
import { expect } from 'vitest';
// Tests may boot the real notes plugin; plugin code may not import it.
// eslint-disable-next-line meadow/plugin-boundaries
import notesPlugin from '../../notes/index.ts';
import topicsPlugin from '../index.ts';
import { AccountsServiceRef, MediaServiceRef, toGlobalId, fromGlobalId, type AccountRecord, type MeadowConfigInput, type Role } from '../../../core/index.ts';
import { startTestInstance, type TestInstance } from '../../../tests/helpers/instance.ts';
import { testAuthPlugin } from '../../../tests/helpers/test-auth.ts';
import { TopicsServiceRef } from '../contracts.ts';
import type { TopicsStore } from '../store.ts';

type GqlResult = { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };

export interface Person {
  id: number;
  /** Global Account ID. */
  gid: string;
  handle: string;
  role: Role;
  imageId: string;
  gql(query: string, variables?: Record<string, unknown>): Promise<GqlResult>;
}

export interface PostedNote {
  id: number;
  gid: string;
}

export interface TopicsTestInstance {
  meadow: TestInstance;
  store: TopicsStore;
  /** Anonymous GraphQL. */
  gql(query: string, variables?: Record<string, unknown>): Promise<GqlResult>;
  person(handle: string, role?: Role): Promise<Person>;
  /** An existing account (e.g. from the demo seed) as a Person. */
  adopt(handle: string): Promise<Person>;
  post(author: Person, body: string, options?: { visibility?: string; title?: string }): Promise<PostedNote>;
  /** Lets every after-commit handler and queued job finish. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

let png: Buffer | null = null;

export async function startTopics(config?: MeadowConfigInput): Promise<TopicsTestInstance> {
  const meadow = await startTestInstance({ plugins: [testAuthPlugin, notesPlugin, topicsPlugin], discover: false, config });
  const accounts = meadow.kernel.contextOf('accounts').services.get(AccountsServiceRef);
  const media = meadow.kernel.contextOf('media').services.get(MediaServiceRef);
  const store = meadow.kernel.contextOf('topics').services.get(TopicsServiceRef) as TopicsStore;
  png ??= await sharp({ create: { width: 64, height: 48, channels: 3, background: '#88aa66' } }).png().toBuffer();

  const gqlAs = async (headers: Record<string, string>, query: string, variables?: Record<string, unknown>) => {
    const res = await meadow.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', ...headers }, payload: { query, variables } });
    return res.json() as GqlResult;
  };
  const settle = async () => {
    await meadow.kernel.bus.drain();
    await meadow.kernel.worker.runUntilIdle();
    await meadow.kernel.bus.drain();
  };

  const asPerson = async (account: AccountRecord): Promise<Person> => {
    const image = await media.upload(account.id, png!);
    const headers = { 'x-test-account': `${account.id}:${account.role}` };
    return {
      id: account.id, gid: toGlobalId('Account', account.id), handle: account.handle, role: account.role, imageId: toGlobalId('Media', image.id),
      gql: (query, variables) => gqlAs(headers, query, variables),
    };
  };

  return {
    meadow,
    store,
    gql: (query, variables) => gqlAs({}, query, variables),
    async person(handle, role = 'person') {
      return asPerson(await accounts.createAccount({ handle, password: 'Correct-horse-battery-staple-9', role }));
    },
    async adopt(handle) {
      const account = await accounts.getByHandle(handle);
      if (!account) throw new Error(`No account @${handle}`);
      return asPerson(account);
    },
    async post(author, body, options = {}) {
      const res = await author.gql(
        `mutation($input: NoteInput!) { createNote(input: $input) { id } }`,
        { input: { title: options.title ?? 'A note', body, images: [{ mediaId: author.imageId }], visibility: options.visibility ?? 'public' } },
      );
      expect(res.errors).toBeUndefined();
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
