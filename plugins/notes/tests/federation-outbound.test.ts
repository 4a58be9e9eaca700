// Notes going out to the fediverse, between two real Meadow instances over
// TLS running the real notes plugin: what a follower's instance receives
// (Create, Update, Delete, Like, Announce and their Undo, comments as
// replies), what a Mastodon fetching a note's URL reads (content, title,
// attachments with size/blurhash/focal point, tags, to/cc per visibility,
// content warning), what never leaves (private notes, followers-only notes
// to strangers), the outbox and Meadow's JSON-LD context.

import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { verifyObject } from '@fedify/fedify';
import { Activity, Announce, Create, Delete, Like, Undo, Update } from '@fedify/vocab';
import { FederationServiceRef, fromGlobalId, MediaServiceRef, toGlobalId } from '../../../core/index.ts';
import { signUp } from '../../../tests/core/accounts-helpers.ts';
import { settle, startTlsInstance, type TlsInstance } from '../../../tests/federation/tls.ts';
import notesPlugin from '../index.ts';
import { EXTENSION_TERMS } from '../federation/extensions.ts';

const AS = { accept: 'application/activity+json' };
const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';
const CREATE_NOTE = 'mutation($input: NoteInput!) { createNote(input: $input) { id } }';
const asArray = (v: unknown): any[] => (v == null ? [] : Array.isArray(v) ? v : [v]);

interface Seen {
  type: string;
  id: string | null;
  actor: string;
  object: string | null;
  inner: { type: string; object: string | null } | null;
  json: any;
}

/** Every notes activity an instance's inbox accepted (after signature checks), in order. */
function record(instance: TlsInstance): Seen[] {
  const seen: Seen[] = [];
  const fed = instance.kernel.contextOf('federation').services.get(FederationServiceRef);
  const push = async (activity: Activity, ctx: any) => {
    let inner: Seen['inner'] = null;
    if (activity instanceof Undo) {
      const object = await activity.getObject({ documentLoader: ctx.documentLoader, contextLoader: ctx.contextLoader, suppressError: true }).catch(() => null);
      inner = object instanceof Activity ? { type: object.constructor.name, object: object.objectId?.href ?? null } : null;
    }
    seen.push({
      type: activity.constructor.name,
      id: activity.id?.href ?? null,
      actor: activity.actorId!.href,
      object: activity.objectId?.href ?? null,
      inner,
      // As re-serialized by the receiver (compaction writes the public collection as as:Public).
      json: JSON.parse(JSON.stringify(await activity.toJsonLd({ format: 'compact', contextLoader: ctx.contextLoader })).replaceAll('"as:Public"', `"${PUBLIC}"`)),
    });
  };
  for (const type of [Create, Update, Delete, Like, Announce, Undo]) fed.onInbox(type as typeof Activity, (activity, info) => push(activity, info.context));
  return seen;
}

async function person(instance: TlsInstance, handle: string) {
  const { token } = await signUp(instance, handle);
  const id = Number((await instance.kernel.db.kysely().selectFrom('core_accounts').select('id').where('handle', '=', handle).executeTakeFirstOrThrow()).id);
  const gql = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await instance.gql(query, variables, { token });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data;
  };
  // Every note needs an image (or a video): one small PNG each unless the input has its own.
  const png = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#88aa66' } }).png().toBuffer();
  const plain = await instance.kernel.contextOf('media').services.get(MediaServiceRef).upload(id, png);
  const post = async (input: Record<string, unknown>) => {
    const gid = (await gql(CREATE_NOTE, { input: { images: [{ mediaId: toGlobalId('Media', plain.id) }], ...input } })).createNote.id as string;
    return { gid, id: Number(fromGlobalId(gid).id) };
  };
  return { id, token, gql, post };
}

describe('notes federation: outbound', async () => {
  const a = await startTlsInstance({ plugins: [notesPlugin] });
  const b = await startTlsInstance({ plugins: [notesPlugin] });
  afterAll(async () => {
    await a.close();
    await b.close();
  });
  const onA = record(a);
  const onB = record(b);
  const alice = await person(a, 'alice');
  const bob = await person(b, 'bob');
  await signUp(b, 'carol');
  await alice.gql('mutation($h: String!) { followRemote(handle: $h) { state } }', { h: `bob@${b.host}` });
  await settle(a, b);

  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#4a7a3a' } }).png().toBuffer();
  const image = await b.kernel.contextOf('media').services.get(MediaServiceRef).upload(bob.id, png, { alt: '帐篷', focalPoint: { x: 0.25, y: -0.5 } });
  const noteUrl = (id: number) => `${b.url}/notes/${id}`;
  const get = (instance: TlsInstance, url: string) => instance.app.inject({ method: 'GET', url, headers: AS });
  const inboxPosts = (instance: TlsInstance) => instance.requests.filter((r) => r.method === 'POST' && /inbox$/.test(r.path)).length;

  const rich = await bob.post({
    title: '周末露营清单',
    // (@user@127.0.0.1:port is not a mention — hosts need a dotted name — so the mention here is local.)
    body: `第一次去山里露营 #露营 和 @carol 一起\n\n- 带够水\n- 早点出发`,
    images: [{ mediaId: toGlobalId('Media', image.id), alt: '营地' }],
    language: 'zh-CN',
    contentWarning: '有虫子的照片',
    placeRef: 'place:moganshan',
    blocks: [
      { kind: 'tutorial', title: '搭帐篷', steps: [{ text: '找平地', mediaIds: [toGlobalId('Media', image.id)], productRef: 'product:tent-2p' }, { text: '打地钉' }] },
      { kind: 'checklist', items: [{ name: '头灯', note: '备用电池' }] },
      { kind: 'pitfalls', entries: [{ warning: '别在河边扎营', reason: '夜里会涨水' }] },
    ],
  });

  it('a public note reaches the follower\'s instance as one Create, in one request to its shared inbox', async () => {
    const before = inboxPosts(a);
    await settle(a, b);
    const creates = onA.filter((s) => s.type === 'Create' && s.object === noteUrl(rich.id));
    expect(creates).toHaveLength(1);
    expect(creates[0]).toMatchObject({ id: `${noteUrl(rich.id)}#create`, actor: `${b.url}/users/bob` });
    // One delivery for the whole instance, to its shared inbox.
    expect(inboxPosts(a) - before).toBe(1);
    expect(a.requests.filter((r) => r.method === 'POST').at(-1)?.path).toBe('/inbox');
  });

  it('serves the note at its URL as a Note a Mastodon can show', async () => {
    const res = await get(b, `/notes/${rich.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/activity+json');
    const note = res.json();
    expect(note).toMatchObject({
      type: 'Note',
      id: noteUrl(rich.id),
      url: noteUrl(rich.id),
      attributedTo: `${b.url}/users/bob`,
      name: '周末露营清单',
      summary: '有虫子的照片',
      sensitive: true,
      to: PUBLIC,
    });
    expect(asArray(note.cc)).toEqual([`${b.url}/users/bob/followers`, `${b.url}/users/carol`]);
    // Title first (Mastodon does not show `name`), then body, blocks as headings and lists.
    expect(note.content).toMatch(/^<p><strong>周末露营清单<\/strong><\/p><p>第一次去山里露营/);
    expect(note.content).toContain(`href="${b.url}/tags/`);
    expect(note.content).toContain('<ul><li>带够水</li><li>早点出发</li></ul>');
    expect(note.content).toContain('<h3>搭帐篷</h3><ol><li>找平地</li><li>打地钉</li></ol>');
    expect(note.content).toContain('<li>☐ 头灯 — 备用电池</li>');
    expect(note.content).toContain('<p>⚠️ <strong>别在河边扎营</strong> — 夜里会涨水</p>');
    expect(note.content).not.toMatch(/href="\/|<section|data-media|<script/);
    // JSON-LD lower-cases language tags (they are case-insensitive).
    expect(note.contentMap).toEqual({ 'zh-cn': note.content });
    expect(typeof note.published).toBe('string');

    const [attachment, ...more] = asArray(note.attachment);
    expect(more).toEqual([]);
    expect(attachment).toMatchObject({ type: 'Image', mediaType: image.mimeType, name: '营地', width: 64, height: 48, blurhash: image.blurhash, focalPoint: [0.25, -0.5] });
    expect(attachment.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\//);
    expect(image.blurhash.length).toBeGreaterThan(5);

    const tags = asArray(note.tag);
    expect(tags).toContainEqual({ type: 'Hashtag', name: '#露营', href: `${b.url}/tags/${encodeURIComponent('露营')}` });
    expect(tags).toContainEqual({ type: 'Mention', name: `@carol@${b.host}`, href: `${b.url}/users/carol` });
    expect(note.content).toContain(`<a class="mention" href="${b.url}/@carol">@carol</a>`);

    // Meadow's own fields, with their terms inline in @context.
    expect(note['meadow:placeRef']).toBe('place:moganshan');
    expect(note['meadow:productRefs']).toEqual(['product:tent-2p']);
    expect(note['meadow:blocks'][0]).toMatchObject({ kind: 'tutorial', title: '搭帐篷', steps: [{ text: '找平地', media: [attachment.url], productRef: 'product:tent-2p' }, { text: '打地钉', media: [] }] });
    expect(note['@context']).toContainEqual(EXTENSION_TERMS);
  });

  it('the delivered Create carries the same fields, and its integrity proof covers them', async () => {
    await settle(a, b);
    let captured: { body: string } | null = null;
    a.intercept = (req, res) => {
      if (req.method !== 'POST') return false;
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        captured = { body: Buffer.concat(chunks).toString('utf8') };
        res.writeHead(202).end();
      });
      return true;
    };
    const note = await bob.post({ title: 'Lake', body: 'A quiet lake', images: [{ mediaId: toGlobalId('Media', image.id) }], blocks: [{ kind: 'checklist', items: [{ name: 'Towel' }] }] });
    try {
      await settle(a, b);
    } finally {
      a.intercept = null;
    }
    expect(captured).not.toBeNull();
    const json = JSON.parse(captured!.body);
    expect(json).toMatchObject({ type: 'Create', id: `${noteUrl(note.id)}#create`, object: { id: noteUrl(note.id), name: 'Lake' } });
    expect(json.object.attachment[0]).toMatchObject({ blurhash: image.blurhash, focalPoint: [0.25, -0.5], width: 64, height: 48 });
    expect(json.object['meadow:blocks']).toEqual([{ kind: 'checklist', items: [{ name: 'Towel' }] }]);
    expect(json.proof?.type).toBe('DataIntegrityProof');
    const fctx = a.kernel.contextOf('federation').services.get(FederationServiceRef).context();
    // As an inbox checks it: the Linked Data signature (RSA, made last) set aside, the Ed25519 proof verified.
    const { signature, ...signed } = json;
    expect(signature?.type).toBe('RsaSignature2017');
    const verified = await verifyObject(Create, signed, { documentLoader: fctx.documentLoader, contextLoader: fctx.contextLoader });
    expect(verified?.id?.href).toBe(`${noteUrl(note.id)}#create`);
    // The same JSON with a field changed no longer verifies.
    const tampered = structuredClone(signed);
    tampered.object.attachment[0].blurhash = 'LEHV6nWB2yk8pyo0adR*.7kCMdnj';
    expect(await verifyObject(Create, tampered, { documentLoader: fctx.documentLoader, contextLoader: fctx.contextLoader })).toBeNull();
  });

  it('an edit arrives as Update with the new content', async () => {
    await bob.gql('mutation($id: ID!, $input: NoteInput!) { updateNote(id: $id, input: $input) { id } }', { id: rich.gid, input: { title: '周末露营清单（更新）' } });
    await settle(a, b);
    const updates = onA.filter((s) => s.type === 'Update' && s.object === noteUrl(rich.id));
    expect(updates).toHaveLength(1);
    expect(updates[0]!.id).toMatch(new RegExp(`^${noteUrl(rich.id)}#update-\\d+$`));
    expect(updates[0]!.json.object.name).toBe('周末露营清单（更新）');
    expect(updates[0]!.json.object.updated).toEqual(expect.any(String));
    expect((await get(b, `/notes/${rich.id}`)).json().name).toBe('周末露营清单（更新）');
  });

  it('addresses unlisted and followers-only notes as Mastodon does; followers-only ones are not served to anyone who asks', async () => {
    const unlisted = await bob.post({ title: 'Unlisted', body: 'by link', visibility: 'unlisted' });
    const followers = await bob.post({ title: 'Friends', body: 'followers only', visibility: 'followers' });
    await settle(a, b);
    const u = (await get(b, `/notes/${unlisted.id}`)).json();
    expect(u).toMatchObject({ to: `${b.url}/users/bob/followers`, cc: PUBLIC, sensitive: false });
    expect(u.summary).toBeUndefined();
    expect((await get(b, `/notes/${followers.id}`)).statusCode).toBe(404);
    // …but the followers got it, addressed to followers only.
    const created = onA.find((s) => s.type === 'Create' && s.object === noteUrl(followers.id));
    expect(created?.json.object.to).toBe(`${b.url}/users/bob/followers`);
    expect(JSON.stringify(created?.json.object)).not.toContain(PUBLIC);
    expect(JSON.stringify(created?.json.object)).not.toContain('as:Public');
  });

  it('a private note never leaves, and drafts are not served', async () => {
    const before = inboxPosts(a);
    const secret = await bob.post({ title: 'Diary', body: 'only me', visibility: 'private' });
    const draft = await bob.post({ title: 'Draft', body: 'not yet', publish: false });
    await settle(a, b);
    expect(inboxPosts(a)).toBe(before);
    expect(onA.filter((s) => [noteUrl(secret.id), noteUrl(draft.id)].includes(s.object ?? ''))).toEqual([]);
    expect((await get(b, `/notes/${secret.id}`)).statusCode).toBe(404);
    expect((await get(b, `/notes/${draft.id}`)).statusCode).toBe(404);
    expect((await get(b, '/notes/999999')).statusCode).toBe(404);
    expect((await get(b, '/notes/abc')).statusCode).toBe(404);
    // Made public later: now it is created on the other side.
    await bob.gql('mutation($id: ID!, $input: NoteInput!) { updateNote(id: $id, input: $input) { id } }', { id: secret.gid, input: { visibility: 'public' } });
    await settle(a, b);
    expect(onA.filter((s) => s.type === 'Create' && s.object === noteUrl(secret.id))).toHaveLength(1);
  });

  it('a comment goes out as a reply (inReplyTo the note) and its deletion as Delete', async () => {
    const note = await bob.post({ title: 'Question', body: 'Which tent?' });
    const comment = (await bob.gql('mutation($n: ID!, $b: String!) { addComment(noteId: $n, body: $b) { id } }', { n: note.gid, b: 'Answering myself: the green one #露营' })).addComment;
    await settle(a, b);
    const commentId = Number(fromGlobalId(comment.id).id);
    const commentUrl = `${noteUrl(note.id)}/comments/${commentId}`;
    const created = onA.find((s) => s.type === 'Create' && s.object === commentUrl);
    expect(created?.json.object).toMatchObject({ type: 'Note', inReplyTo: noteUrl(note.id), attributedTo: `${b.url}/users/bob`, to: PUBLIC });
    expect(created?.json.object.content).toContain('the green one');
    const served = (await get(b, `/notes/${note.id}/comments/${commentId}`)).json();
    expect(served).toMatchObject({ type: 'Note', id: commentUrl, inReplyTo: noteUrl(note.id) });
    expect((await get(b, `/notes/${note.id + 1000}/comments/${commentId}`)).statusCode).toBe(404);

    await bob.gql('mutation($id: ID!) { deleteComment(id: $id) }', { id: comment.id });
    await settle(a, b);
    expect(onA.filter((s) => s.type === 'Delete' && s.object === commentUrl)).toHaveLength(1);
    expect((await get(b, `/notes/${note.id}/comments/${commentId}`)).json().type).toBe('Tombstone');
  });

  it('likes and shares of a note from another instance go to its author, and so do their Undo', async () => {
    const note = await bob.post({ title: 'Sunrise', body: 'at 5am' });
    await settle(a, b);
    // alice's instance stored bob's note when its Create arrived (the inbound half).
    const stored = await a.kernel.db.kysely().selectFrom('notes_note').select('id').where('remote_uri', '=', noteUrl(note.id)).executeTakeFirst();
    expect(stored, 'the Create was stored on the receiving instance').toBeDefined();
    const onAlice = toGlobalId('Note', Number(stored!.id));

    await alice.gql('mutation($id: ID!) { likeNote(id: $id) { id } }', { id: onAlice });
    await settle(a, b);
    const like = onB.find((s) => s.type === 'Like' && s.object === noteUrl(note.id));
    expect(like).toMatchObject({ actor: `${a.url}/users/alice` });
    expect(like!.id).toMatch(new RegExp(`^${a.url}/users/alice#likes/`));
    await alice.gql('mutation($id: ID!) { unlikeNote(id: $id) { id } }', { id: onAlice });
    await settle(a, b);
    expect(onB.find((s) => s.type === 'Undo' && s.inner?.type === 'Like')).toMatchObject({ actor: `${a.url}/users/alice`, inner: { object: noteUrl(note.id) } });

    await alice.gql('mutation($id: ID!) { shareNote(id: $id) { id } }', { id: onAlice });
    await settle(a, b);
    const announce = onB.find((s) => s.type === 'Announce' && s.object === noteUrl(note.id));
    expect(announce).toMatchObject({ actor: `${a.url}/users/alice` });
    expect(asArray(announce!.json.cc)).toContain(`${b.url}/users/bob`);
    await alice.gql('mutation($id: ID!) { unshareNote(id: $id) { id } }', { id: onAlice });
    await settle(a, b);
    expect(onB.find((s) => s.type === 'Undo' && s.inner?.type === 'Announce')).toMatchObject({ actor: `${a.url}/users/alice`, inner: { object: noteUrl(note.id) } });
    // Likes of local notes by local accounts stay home.
    expect(onB.filter((s) => s.actor.startsWith(b.url))).toEqual([]);
  });

  it('a deleted note arrives as Delete and its URL answers a Tombstone', async () => {
    await bob.gql('mutation($id: ID!) { deleteNote(id: $id) }', { id: rich.gid });
    await settle(a, b);
    const deletes = onA.filter((s) => s.type === 'Delete' && s.object === noteUrl(rich.id));
    expect(deletes).toHaveLength(1);
    expect(deletes[0]!.id).toBe(`${noteUrl(rich.id)}#delete`);
    const tomb = (await get(b, `/notes/${rich.id}`)).json();
    expect(tomb).toMatchObject({ type: 'Tombstone', id: noteUrl(rich.id) });
    expect(JSON.stringify(tomb)).not.toContain('露营');
  });

  it('the outbox lists Create activities of public notes, newest first, page by page', async () => {
    const outbox = (await get(b, '/users/bob/outbox')).json();
    const publicNotes = Number((await b.kernel.db.kysely().selectFrom('notes_note').select((eb) => eb.fn.countAll().as('n'))
      .where('author_id', '=', bob.id).where('status', '=', 'published').where('visibility', '=', 'public').executeTakeFirstOrThrow()).n);
    expect(outbox).toMatchObject({ type: 'OrderedCollection', totalItems: publicNotes });
    // Enough notes for two pages.
    for (let i = 0; i < 21; i++) await bob.post({ title: `Day ${i}`, body: `day ${i}` });
    const first = (await get(b, new URL(outbox.first).pathname + new URL(outbox.first).search)).json();
    expect(first.type).toBe('OrderedCollectionPage');
    const items = asArray(first.orderedItems);
    expect(items).toHaveLength(20);
    expect(items.map((i: any) => i.object.name).slice(0, 3)).toEqual(['Day 20', 'Day 19', 'Day 18']);
    expect(items.every((i: any) => i.type === 'Create' && i.actor === `${b.url}/users/bob`)).toBe(true);
    const next = (await get(b, new URL(first.next).pathname + new URL(first.next).search)).json();
    const rest = asArray(next.orderedItems).map((i: any) => i.object.name);
    expect(rest[0]).toBe('Day 0');
    expect(rest).not.toContain('Friends');
    expect(rest).not.toContain('Unlisted');
    expect(items.length + rest.length).toBe(publicNotes + 21);
    expect((await get(b, '/users/bob/outbox')).json().totalItems).toBe(publicNotes + 21);
    await settle(a, b);
  });

  it('publishes Meadow\'s JSON-LD context at /ns/meadow, the same terms the objects carry inline', async () => {
    const res = await b.app.inject({ method: 'GET', url: '/ns/meadow' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/ld+json');
    const file = JSON.parse(readFileSync(new URL('../../../schema/meadow.jsonld', import.meta.url), 'utf8'));
    expect(res.json()).toEqual(file);
    const { '@version': version, ...terms } = file['@context'];
    expect(version).toBe(1.1);
    expect(terms).toEqual(EXTENSION_TERMS);
  });
});
