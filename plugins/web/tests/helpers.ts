// Shared set-up for the web suites: a real instance with every bundled
// plugin (discover: true), the demo data of `meadow seed demo`, and HTML
// requests the way a browser makes them.

import sharp from 'sharp';
import { MediaServiceRef, localId, toGlobalId, type MeadowConfigInput } from '../../../core/index.ts';
import { startTestInstance, type TestInstance } from '../../../tests/helpers/instance.ts';

export const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

export async function startWeb(options: { seed?: boolean; config?: MeadowConfigInput } = {}): Promise<TestInstance> {
  const meadow = await startTestInstance({ discover: true, config: options.config });
  if (options.seed !== false) {
    // What `meadow seed demo` runs: each plugin's seeder in dependency order.
    for (const plugin of meadow.kernel.plugins) {
      await plugin.seedDemo?.({ ctx: meadow.kernel.contextOf(plugin.name), progress: () => {}, locale: 'zh-CN' });
    }
    await meadow.kernel.bus.drain();
    await meadow.kernel.worker.runUntilIdle();
  }
  return meadow;
}

/** GET as a browser would (Accept: text/html), with optional cookie and language. */
export async function browse(meadow: TestInstance, url: string, headers: Record<string, string> = {}) {
  return meadow.app.inject({ method: 'GET', url, headers: { accept: BROWSER_ACCEPT, ...headers } });
}

/** POST a form as a browser would from this site. */
export async function submit(meadow: TestInstance, url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return meadow.app.inject({
    method: 'POST',
    url,
    headers: { accept: BROWSER_ACCEPT, 'content-type': 'application/x-www-form-urlencoded', origin: meadow.kernel.config.publicUrl, ...headers },
    payload: new URLSearchParams(fields).toString(),
  });
}

const GOOD_PASSWORD = 'Correct-Horse-42';
let shade = 0;

/** A new account signed up through GraphQL; `cookie` is its session as a browser holds it. */
export async function person(meadow: TestInstance, handle: string, extra: Record<string, unknown> = {}) {
  const res = await meadow.gql(`mutation($input: SignUpInput!) { signUp(input: $input) { token account { id handle } } }`, { input: { handle, password: GOOD_PASSWORD, acceptRules: true, ...extra } });
  if (res.errors) throw new Error(`signUp ${handle}: ${JSON.stringify(res.errors)}`);
  const { token, account } = res.data.signUp as { token: string; account: { id: string; handle: string } };
  return { token, id: account.id, handle: account.handle, cookie: `meadow_session=${token}` };
}

/** Publishes a note with `images` generated pictures; returns its global id and /notes/{n} number. */
export async function postNote(meadow: TestInstance, owner: { token: string; id: string }, input: Record<string, unknown> & { images?: number }) {
  const media = meadow.kernel.contextOf('media').services.get(MediaServiceRef);
  const accountId = localId(owner.id, 'Account');
  const images = [];
  for (let i = 0; i < (input.images ?? 1); i++) {
    shade = (shade + 41) % 255;
    const data = await sharp({ create: { width: 60, height: 80, channels: 3, background: { r: shade, g: 90, b: 160 } } }).jpeg().toBuffer();
    images.push({ mediaId: toGlobalId('Media', (await media.upload(accountId, data, { alt: `picture ${i + 1}` })).id), alt: `picture ${i + 1} of the note` });
  }
  const { images: _count, ...rest } = input;
  const res = await meadow.gql(`mutation($input: NoteInput!) { createNote(input: $input) { id } }`, { input: { images, ...rest } }, { token: owner.token });
  if (res.errors) throw new Error(`createNote: ${JSON.stringify(res.errors)}`);
  await meadow.kernel.bus.drain();
  const id = res.data.createNote.id as string;
  return { id, number: localId(id, 'Note') };
}
