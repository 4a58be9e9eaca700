// Two Meadow instances federating on 127.0.0.1, in one command:
//
//   node examples/federation/two-instances.ts
//
// It starts "Meadow A" and "Meadow B" over HTTPS on two ports (a throwaway
// certificate made with openssl and trusted by this process only: fediverse
// servers look accounts up over HTTPS), creates @lin on A and @sam on B,
// then lin follows sam across instances, sam posts a note, lin likes and
// comments on it, sam replies — and each step is printed when it has
// arrived on the other side, with how long it took. Nothing is mocked: the
// instances talk ActivityPub with signed requests, WebFinger and NodeInfo.
//
// Options (environment): KEEP=1 keeps both instances running afterwards
// (Ctrl-C stops them); DATA_DIR=… keeps their SQLite files there.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import sharp from 'sharp';
import { createMeadow, type Meadow } from '../../core/index.ts';

const dataDir = process.env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'meadow-federation-'));
const started = Date.now();
const say = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}`);

/** A self-signed certificate for 127.0.0.1, trusted by this process only. */
function certificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'meadow-cert-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
      '-subj', '/CN=Meadow example', '-addext', 'subjectAltName=IP:127.0.0.1', '-addext', 'basicConstraints=critical,CA:TRUE',
    ], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } catch {
    console.error('This example needs openssl on PATH to make a local HTTPS certificate.');
    process.exit(1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Instance {
  name: string;
  url: string;
  host: string;
  meadow: Meadow;
  server: Server;
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
  upload(token: string): Promise<string>;
}

async function startInstance(name: string, file: string, cert: { key: string; cert: string }): Promise<Instance> {
  let meadow: Meadow | null = null;
  const server = createServer(cert, (req, res) => (meadow ? meadow.app.routing(req, res) : res.writeHead(503).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as { port: number }).port}`;
  const url = `https://${host}`;
  meadow = await createMeadow({
    loadFromEnvironment: false,
    discover: true,
    config: {
      publicUrl: url,
      databaseUrl: `sqlite:${join(dataDir, file)}`,
      logLevel: 'warn',
      mediaDir: join(dataDir, `${file}-media`),
      // Both instances live on 127.0.0.1: allow it here, never in production.
      federation: { allowPrivateAddresses: true },
      jobs: { worker: true, pollMs: 50 },
    },
  });
  await meadow.app.ready();
  const gql = async (query: string, variables: Record<string, unknown> = {}, token?: string) => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(`${name}: ${body.errors.map((e) => e.message).join('; ')}`);
    return body.data;
  };
  const upload = async (token: string) => {
    const png = await sharp({ create: { width: 960, height: 1280, channels: 3, background: { r: 120, g: 170, b: 110 } } }).png().toBuffer();
    const form = new FormData();
    form.append('alt', 'A green meadow at dawn');
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'meadow.png');
    const res = await fetch(`${url}/media`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    if (res.status !== 201) throw new Error(`${name}: upload failed with ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  };
  return { name, url, host, meadow, server, gql, upload };
}

/** Polls until `check` gives a value (the step has arrived), or fails after `ms`. */
async function arrives<T>(what: string, check: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
  const from = Date.now();
  for (;;) {
    const value = await check();
    if (value) {
      say(`✓ ${what} (${Date.now() - from} ms)`);
      return value;
    }
    if (Date.now() - from > ms) throw new Error(`Timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const SIGN_UP = 'mutation($i: SignUpInput!) { signUp(input: $i) { token account { id handle } } }';
const NOTE_FIELDS = 'id title likesCount commentsCount author { handle } comments(first: 10) { edges { node { body author { handle } } } }';

async function main(): Promise<void> {
  const cert = certificate();
  tls.setDefaultCACertificates([...tls.getCACertificates('default'), cert.cert]);
  const a = await startInstance('Meadow A', 'a.sqlite', cert);
  const b = await startInstance('Meadow B', 'b.sqlite', cert);
  say(`Meadow A at ${a.url}, Meadow B at ${b.url} (data in ${dataDir})`);

  const lin = (await a.gql(SIGN_UP, { i: { handle: 'lin', password: 'meadow example passphrase 1', displayName: '林小雨 Lin' } })).signUp;
  const sam = (await b.gql(SIGN_UP, { i: { handle: 'sam', password: 'meadow example passphrase 2', displayName: 'Sam 山姆' } })).signUp;
  say(`created @lin on A and @sam on B`);

  // 1. lin follows sam@B (WebFinger → actor → signed Follow → Accept).
  await a.gql('mutation($h: String!) { followRemote(handle: $h) { state } }', { h: `sam@${b.host}` }, lin.token);
  say(`@lin sent Follow to sam@${b.host}`);
  await arrives('B: sam has a follower from A, and A got the Accept', async () => {
    const onB = await b.gql('{ account(handle: "sam") { followersCount } }');
    const onA = await a.gql('mutation($h: String!) { followRemote(handle: $h) { state } }', { h: `sam@${b.host}` }, lin.token);
    return onB.account.followersCount === 1 && onA.followRemote.state === 'ACCEPTED';
  });

  // 2. sam posts a note with an image and a hashtag; it reaches lin's following feed on A.
  const mediaId = await b.upload(sam.token);
  const note = (await b.gql('mutation($i: NoteInput!) { createNote(input: $i) { id title } }', {
    i: { title: '周末露营清单 Weekend camping list', body: 'Three things I never leave behind #露营', images: [{ mediaId, alt: 'A green meadow at dawn' }] },
  }, sam.token)).createNote;
  say(`@sam posted "${note.title}" on B`);
  const remoteNote = await arrives('A: the note is in @lin\'s following feed', async () => {
    const feed = await a.gql(`{ followingFeed(first: 5) { edges { node { ${NOTE_FIELDS} } } } }`, {}, lin.token);
    return feed.followingFeed.edges.map((e: any) => e.node).find((n: any) => n.title === note.title);
  });

  // 3. lin likes it on A; the like count rises on B.
  await a.gql('mutation($id: ID!) { likeNote(id: $id) { likesCount } }', { id: remoteNote.id }, lin.token);
  say('@lin liked the note on A');
  await arrives('B: the note has 1 like', async () => (await b.gql(`query($id: ID!) { note(id: $id) { likesCount } }`, { id: note.id })).note?.likesCount === 1);

  // 4. lin comments on A; the comment shows under the note on B.
  await a.gql('mutation($id: ID!, $b: String!) { addComment(noteId: $id, body: $b) { id } }', { id: remoteNote.id, b: 'Saving this for May! 收藏了' }, lin.token);
  say('@lin commented on A');
  await arrives('B: the comment from lin@A is under the note', async () => {
    const onB = (await b.gql(`query($id: ID!) { note(id: $id) { ${NOTE_FIELDS} } }`, { id: note.id })).note;
    return onB?.comments.edges.some((e: any) => e.node.author.handle === `lin@${a.host}`);
  });

  // 5. sam replies on B; the reply joins the thread on A.
  const onB = (await b.gql(`query($id: ID!) { note(id: $id) { comments(first: 1) { edges { node { id } } } } }`, { id: note.id })).note;
  await b.gql('mutation($id: ID!, $r: ID!, $b: String!) { addComment(noteId: $id, replyTo: $r, body: $b) { id } }', {
    id: note.id, r: onB.comments.edges[0].node.id, b: 'Have fun — take a warm jacket 🧥',
  }, sam.token);
  say('@sam replied on B');
  await arrives('A: sam\'s reply is in the thread', async () => {
    const thread = (await a.gql(`query($id: ID!) { note(id: $id) { comments(first: 3) { edges { node { body replies(first: 3) { edges { node { body author { handle } } } } } } } } }`, { id: remoteNote.id })).note;
    return thread?.comments.edges.some((e: any) => e.node.replies.edges.some((r: any) => r.node.author.handle === `sam@${b.host}`));
  });

  say('done: follow, post, like, comment and reply all federated');
  if (process.env.KEEP === '1') {
    say('KEEP=1: both instances keep running; Ctrl-C stops them');
    return;
  }
  await stop([a, b]);
}

async function stop(instances: Instance[]): Promise<void> {
  for (const i of instances) {
    i.server.closeAllConnections();
    await new Promise((resolve) => i.server.close(resolve));
    await i.meadow.app.close();
  }
  if (!process.env.DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(`✗ ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
