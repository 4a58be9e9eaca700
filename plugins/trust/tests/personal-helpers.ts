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
  /** Signed up through GraphQL; their pages speak `locale` (default en). */
  person(handle: string, locale?: string): Promise<Member>;
  /** A public note with one image; returns its global id. */
  post(author: Member, input: { title?: string; body: string; visibility?: string; commentPolicy?: string; disclosure?: string }): Promise<string>;
  follow(follower: Member, followed: Member): Promise<void>;
  settle(): Promise<void>;
  /** A media id (global) of an image `owner` uploaded, as the compose island sends it. */
  image(owner: Member): Promise<string>;
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
    async person(handle, locale = 'en') {
      const res = await meadow.gql(`mutation($input: SignUpInput!) { signUp(input: $input) { token account { id handle } } }`, { input: { handle, password: GOOD_PASSWORD, locale } });
      const { token, account } = ok(res).signUp as { token: string; account: { id: string; handle: string } };
      return {
        id: localId(account.id, 'Account'), gid: account.id, handle: account.handle, cookie: `meadow_session=${token}`,
        gql: (q, v) => meadow.gql(q, v, { token }),
      };
    },
    async post(author, input) {
      const image = await media.upload(author.id, png!);
      const res = await author.gql(`mutation($input: NoteInput!) { createNote(input: $input) { id } }`, {
        input: { title: 'A note', visibility: 'public', ...input, images: [{ mediaId: toGlobalId('Media', image.id) }] },
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
    image: async (owner) => toGlobalId('Media', (await media.upload(owner.id, png!)).id),
    following: async (viewer) => titles(ok(await viewer.gql(`{ followingFeed(first: 50) { edges { node { title } } } }`)).followingFeed.edges.map((e: any) => e.node)),
    discover: async (viewer) => titles(ok(await viewer.gql(`{ discoverFeed(first: 50) { note { title } } }`)).discoverFeed.map((d: any) => d.note)),
    search: async (viewer, query) => titles(ok(await viewer.gql(`query($q: String!) { search(query: $q, first: 50) { notes { edges { node { title } } } } }`, { q: query })).search.notes.edges.map((e: any) => e.node)),
    topic: async (viewer, tag) => titles(ok(await viewer.gql(`query($t: String!) { topic(name: $t) { notes(first: 50) { edges { node { title } } } } }`, { t: tag })).topic.notes.edges.map((e: any) => e.node)),
    close: () => meadow.close(),
  };
}

export const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** GET as a browser would, in English unless told otherwise. */
export function browse(meadow: TestInstance, url: string, headers: Record<string, string> = {}) {
  return meadow.app.inject({ method: 'GET', url, headers: { accept: BROWSER_ACCEPT, 'accept-language': 'en', ...headers } });
}

/** POST a form of this site (urlencoded, or multipart like the compose form). */
export async function submit(meadow: TestInstance, url: string, fields: Record<string, string> | [string, string][], headers: Record<string, string> = {}, multipart = false) {
  const entries = Array.isArray(fields) ? fields : Object.entries(fields);
  let payload: string | Buffer = new URLSearchParams(entries).toString();
  let type = 'application/x-www-form-urlencoded';
  if (multipart) {
    const data = new FormData();
    for (const [k, v] of entries) data.append(k, v);
    const res = new Response(data);
    payload = Buffer.from(await res.arrayBuffer());
    type = res.headers.get('content-type')!;
  }
  return meadow.app.inject({
    method: 'POST', url, payload,
    headers: { accept: BROWSER_ACCEPT, 'accept-language': 'en', 'content-type': type, origin: meadow.kernel.config.publicUrl, ...headers },
  });
}

export function expectCode(res: GqlResult, code: string) {
  expect(res.errors?.[0]?.extensions?.code, JSON.stringify(res.errors ?? res.data)).toBe(code);
}

export function expectOk(res: GqlResult) {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data;
}
