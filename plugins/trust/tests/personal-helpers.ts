// Set-up for the personal tools suites: a real instance with notes, trust,
// search, topics and web (so following, discovery, topic pages, search and
// the web pages all run for real), people signed up through GraphQL with a
// session a browser would hold, and notes with one generated image.

import sharp from 'sharp';
import { expect } from 'vitest';
// Tests may boot the real plugins; plugin code may not import them.
// eslint-disable-next-line meadow/plugin-boundaries
import notesPlugin from '../../notes/index.ts';
// eslint-disable-next-line meadow/plugin-boundaries
import searchPlugin from '../../search/index.ts';
// eslint-disable-next-line meadow/plugin-boundaries
import topicsPlugin from '../../topics/index.ts';
// eslint-disable-next-line meadow/plugin-boundaries
import webPlugin from '../../web/index.ts';
import trustPlugin from '../index.ts';
import { MediaServiceRef, localId, toGlobalId } from '../../../core/index.ts';
import { startTestInstance, type TestInstance } from '../../../tests/helpers/instance.ts';

export type GqlResult = { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };

export interface Member {
  id: number;
  gid: string;
  handle: string;
  cookie: string;
  gql(query: string, variables?: Record<string, unknown>): Promise<GqlResult>;
}

export interface PersonalInstance {
  meadow: TestInstance;
  person(handle: string): Promise<Member>;
  /** A public note; returns its global id. */
  post(author: Member, input: { title?: string; body: string; visibility?: string }): Promise<string>;
  follow(follower: Member, followed: Member): Promise<void>;
  settle(): Promise<void>;
  /** Titles in the viewer's following feed, discovery feed, search for `query`, and the topic's notes. */
  following(viewer: Member): Promise<string[]>;
  discover(viewer: Member): Promise<string[]>;
  search(viewer: Member, query: string): Promise<string[]>;
  topic(viewer: Member, tag: string): Promise<string[]>;
  close(): Promise<void>;
}

const GOOD_PASSWORD = 'Correct-Horse-42';
let png: Buffer | null = null;

export async function startPersonal(): Promise<PersonalInstance> {
  const meadow = await startTestInstance({ plugins: [notesPlugin, trustPlugin, searchPlugin, topicsPlugin, webPlugin] });
  const media = meadow.kernel.contextOf('media').services.get(MediaServiceRef);
  png ??= await sharp({ create: { width: 64, height: 48, channels: 3, background: '#88aa66' } }).png().toBuffer();
  const settle = async () => {
    await meadow.kernel.bus.drain();
    await meadow.kernel.worker.runUntilIdle();
    await meadow.kernel.bus.drain();
  };
  const titles = (nodes: { title: string }[]) => nodes.map((n) => n.title);
  const ok = (res: GqlResult) => {
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data;
  };

  return {
    meadow,
    async person(handle) {
      const res = await meadow.gql(`mutation($input: SignUpInput!) { signUp(input: $input) { token account { id handle } } }`, { input: { handle, password: GOOD_PASSWORD } });
      const { token, account } = ok(res).signUp as { token: string; account: { id: string; handle: string } };
      return {
        id: localId(account.id, 'Account'), gid: account.id, handle: account.handle, cookie: `meadow_session=${token}`,
        gql: (q, v) => meadow.gql(q, v, { token }),
      };
    },
    async post(author, input) {
      const image = await media.upload(author.id, png!);
      const res = await author.gql(`mutation($input: NoteInput!) { createNote(input: $input) { id } }`, {
        input: { title: input.title ?? 'A note', body: input.body, visibility: input.visibility ?? 'public', images: [{ mediaId: toGlobalId('Media', image.id) }] },
      });
      const id = ok(res).createNote.id as string;
      await settle();
      return id;
    },
    async follow(follower, followed) {
      ok(await follower.gql(`mutation($id: ID!) { follow(accountId: $id) { id } }`, { id: followed.gid }));
      await settle();
    },
    settle,
    following: async (viewer) => titles(ok(await viewer.gql(`{ followingFeed(first: 50) { edges { node { title } } } }`)).followingFeed.edges.map((e: any) => e.node)),
    discover: async (viewer) => titles(ok(await viewer.gql(`{ discoverFeed(first: 50) { note { title } } }`)).discoverFeed.map((d: any) => d.note)),
    search: async (viewer, query) => titles(ok(await viewer.gql(`query($q: String!) { search(query: $q, first: 50) { notes { edges { node { title } } } } }`, { q: query })).search.notes.edges.map((e: any) => e.node)),
    topic: async (viewer, tag) => titles(ok(await viewer.gql(`query($t: String!) { topic(name: $t) { notes(first: 50) { edges { node { title } } } } }`, { t: tag })).topic.notes.edges.map((e: any) => e.node)),
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
