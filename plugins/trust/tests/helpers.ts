// Test helpers for the trust suites: an instance with the real notes and
// trust plugins (no discovery), people of any role with an uploaded image,
// and small wrappers to post a note, comment, and read notifications. The
// test-auth plugin stands in for sign-in.

import sharp from 'sharp';
import { expect } from 'vitest';
// Tests may boot the real notes plugin; plugin code may not import it.
// eslint-disable-next-line meadow/plugin-boundaries
import notesPlugin from '../../notes/index.ts';
import trustPlugin from '../index.ts';
import {
  AccountsServiceRef, MediaServiceRef, NotificationsServiceRef, fromGlobalId, toGlobalId, type AccountRecord, type MeadowConfigInput, type PluginDefinition, type NotificationRecord, type Role,
} from '../../../core/index.ts';
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

export interface TrustTestInstance {
  meadow: TestInstance;
  gql(query: string, variables?: Record<string, unknown>): Promise<GqlResult>;
  person(handle: string, role?: Role): Promise<Person>;
  /** A public note by `author`; returns its global id. */
  post(author: Person, body: string): Promise<string>;
  /** A comment by `author` on the note; returns its global id. */
  comment(author: Person, noteGid: string, body: string): Promise<string>;
  notificationsOf(person: Person): Promise<NotificationRecord[]>;
  settle(): Promise<void>;
  close(): Promise<void>;
}

let png: Buffer | null = null;

export async function startTrust(config?: MeadowConfigInput, extra: PluginDefinition[] = []): Promise<TrustTestInstance> {
  const meadow = await startTestInstance({ plugins: [testAuthPlugin, notesPlugin, trustPlugin, ...extra], discover: false, config });
  const accounts = meadow.kernel.contextOf('accounts').services.get(AccountsServiceRef);
  const media = meadow.kernel.contextOf('media').services.get(MediaServiceRef);
  const notifications = meadow.kernel.contextOf('trust').services.get(NotificationsServiceRef);
  png ??= await sharp({ create: { width: 64, height: 48, channels: 3, background: '#aa8866' } }).png().toBuffer();

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
    return { id: account.id, gid: toGlobalId('Account', account.id), handle: account.handle, imageId: toGlobalId('Media', image.id), gql: (q, v) => gqlAs(headers, q, v) };
  };

  return {
    meadow,
    gql: (q, v) => gqlAs({}, q, v),
    async person(handle, role = 'person') {
      return asPerson(await accounts.createAccount({ handle, password: 'Correct-horse-battery-staple-9', role }));
    },
    async post(author, body) {
      const res = await author.gql(`mutation($input: NoteInput!) { createNote(input: $input) { id } }`, {
        input: { title: 'A note', body, images: [{ mediaId: author.imageId }], visibility: 'public' },
      });
      expectOk(res);
      await settle();
      return res.data.createNote.id as string;
    },
    async comment(author, noteGid, body) {
      const res = await author.gql(`mutation($n: ID!, $b: String!) { addComment(noteId: $n, body: $b) { id } }`, { n: noteGid, b: body });
      expectOk(res);
      await settle();
      return res.data.addComment.id as string;
    },
    async notificationsOf(person) {
      await settle();
      return (await notifications.list(person.id, { limit: 50 })).items;
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

export const localIdOf = (gid: string) => Number(fromGlobalId(gid).id);
