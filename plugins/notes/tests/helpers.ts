// Shared set-up for the notes suites: an instance with exactly the plugins
// needed, accounts made through AccountsService, images through MediaService,
// and GraphQL as a given account (the test-auth header).

import sharp from 'sharp';
import { AccountsServiceRef, MediaServiceRef, toGlobalId, type AccountRecord, type PluginDefinition } from '../../../core/index.ts';
import { startTestInstance, type TestInstance } from '../../../tests/helpers/instance.ts';
import { testAuthPlugin } from '../../../tests/helpers/test-auth.ts';
import notesPlugin from '../index.ts';

export interface NotesHarness {
  meadow: TestInstance;
  account(handle: string): Promise<AccountRecord>;
  image(owner: AccountRecord): Promise<string>;
  as(account: AccountRecord | null): <T = any>(query: string, variables?: Record<string, unknown>) => Promise<{ data?: T; errors?: { message: string; extensions?: { code?: string } }[] }>;
  follow(a: AccountRecord, b: AccountRecord): Promise<void>;
  runJobs(): Promise<number>;
  close(): Promise<void>;
}

let colour = 0;

export async function startNotes(extra: PluginDefinition[] = []): Promise<NotesHarness> {
  const meadow = await startTestInstance({ plugins: [testAuthPlugin, notesPlugin, ...extra], discover: false });
  const accounts = () => meadow.kernel.contextOf('accounts').services.get(AccountsServiceRef);
  const media = () => meadow.kernel.contextOf('media').services.get(MediaServiceRef);
  return {
    meadow,
    account: (handle) => accounts().createAccount({ handle, password: 'correct horse battery staple 42', displayName: handle }),
    async image(owner) {
      colour = (colour + 37) % 255;
      const data = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: colour, g: 120, b: 200 } } }).jpeg().toBuffer();
      return toGlobalId('Media', (await media().upload(owner.id, data, { alt: 'a test image' })).id);
    },
    as: (account) => async (query, variables) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (account) headers['x-test-account'] = `${account.id}:${account.role}`;
      const res = await meadow.app.inject({ method: 'POST', url: '/graphql', headers, payload: { query, variables } });
      return res.json();
    },
    follow: (a, b) => accounts().follow(a.id, b.id),
    runJobs: () => meadow.kernel.worker.runUntilIdle(),
    close: () => meadow.close(),
  };
}

export const NOTE_FIELDS = `id title body bodyHtml html visibility status hashtags likesCount collectsCount commentsCount sharesCount viewsCount
  author { handle } images { alt isCover media { id width } } mentions { handle domain account { handle } }
  blocks { __typename ... on TutorialBlock { title steps { text images { id } productRef } } ... on ChecklistBlock { items { name note link } } ... on PitfallBlock { entries { warning reason } } }`;

export const CREATE = `mutation($input: NoteInput!) { createNote(input: $input) { ${NOTE_FIELDS} } }`;

export const code = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;
