// Media in GraphQL: lookups, owner-only edits, avatars (accounts' Account
// extended by media), node(id:), and the MediaService contract other
// plugins use to refuse images that belong to someone else.

import { describe, it, expect, afterAll } from 'vitest';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { definePlugin, onInTransaction, MediaServiceRef, MediaUploaded, PLUGIN_API_VERSION, localId, type MediaService } from '../../core/index.ts';
import { startTestInstance } from '../helpers/instance.ts';
import { signUp, solidJpeg, upload } from '../fixtures/media/images.ts';
import { MediaEntity } from '../../core/media/schema.ts';

const mediaDir = await mkdtemp(join(tmpdir(), 'meadow-media-gql-'));

// A test plugin that can veto an upload inside its transaction, to show
// that files already written are removed when the database write fails.
let vetoUploads = false;
const vetoPlugin = definePlugin({
  name: 'upload-veto',
  apiVersion: PLUGIN_API_VERSION,
  dependsOn: ['media'],
  hooks: [
    onInTransaction(MediaUploaded, () => {
      if (vetoUploads) throw new Error('database write failed (simulated)');
    }),
  ],
});

const MEDIA_FIELDS = 'id url small: url(variant: small) large: url(variant: large) width height blurhash focalPoint { x y } alt mimeType variants { name width height mimeType url } createdAt';

describe('media in GraphQL', async () => {
  const meadow = await startTestInstance({ plugins: [vetoPlugin], config: { mediaDir, publicUrl: 'http://media.test', rateLimits: { authMax: 100 } } });
  const alice = await signUp(meadow, 'alice');
  const bob = await signUp(meadow, 'bob');
  const service = () => meadow.kernel.contextOf('media').services.get(MediaServiceRef) as MediaService;
  afterAll(async () => {
    await meadow.close();
    await rm(mediaDir, { recursive: true, force: true });
  });

  const aliceImage = (await upload(meadow, alice.token, await solidJpeg(1200, 800), { fields: { alt: 'Morning tea' } })).json();
  const bobImage = (await upload(meadow, bob.token, await solidJpeg(640, 480))).json();

  it('reads an image with media(id) and node(id)', async () => {
    const res = await meadow.gql(`query ($id: ID!) { media(id: $id) { ${MEDIA_FIELDS} } node(id: $id) { __typename ... on Media { id alt } } }`, { id: aliceImage.id });
    expect(res.errors).toBeUndefined();
    const media = res.data.media;
    expect(media).toMatchObject({ id: aliceImage.id, width: 1200, height: 800, alt: 'Morning tea', mimeType: 'image/jpeg', focalPoint: { x: 0, y: 0 }, blurhash: aliceImage.blurhash });
    expect(media.url).toBe(aliceImage.url);
    expect(media.small).toMatch(/-small\.webp$/);
    // No 2048 px WebP for a 1200 px source: the original is the fallback.
    expect(media.large).toBe(media.url);
    expect(media.variants.map((v: any) => v.name)).toEqual(['original', 'medium', 'small']);
    expect(new Date(media.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(res.data.node).toEqual({ __typename: 'Media', id: aliceImage.id, alt: 'Morning tea' });
  });

  it('answers null for unknown media and BAD_USER_INPUT for IDs of other types', async () => {
    const unknown = Buffer.from('Media:999999').toString('base64url');
    expect((await meadow.gql('query ($id: ID!) { media(id: $id) { id } node(id: $id) { id } }', { id: unknown })).data).toEqual({ media: null, node: null });
    const wrong = await meadow.gql('query ($id: ID!) { media(id: $id) { id } }', { id: alice.id });
    expect(wrong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lets the owner change alt text and focal point', async () => {
    const res = await meadow.gql(
      'mutation ($id: ID!) { updateMedia(id: $id, alt: "Tea on the balcony", focusX: -0.5, focusY: 0.75) { alt focalPoint { x y } } }',
      { id: aliceImage.id },
      { token: alice.token },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.updateMedia).toEqual({ alt: 'Tea on the balcony', focalPoint: { x: -0.5, y: 0.75 } });
  });

  it("refuses edits by anyone else, bad values and anonymous callers, leaving the image as it was", async () => {
    const update = 'mutation ($id: ID!, $alt: String, $fx: Float) { updateMedia(id: $id, alt: $alt, focusX: $fx) { alt } }';
    const byBob = await meadow.gql(update, { id: aliceImage.id, alt: 'mine now' }, { token: bob.token });
    expect(byBob.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await meadow.gql(update, { id: aliceImage.id, alt: 'anon' });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const tooLong = await meadow.gql(update, { id: aliceImage.id, alt: 'x'.repeat(1501) }, { token: alice.token });
    expect(tooLong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const offCentre = await meadow.gql(update, { id: aliceImage.id, fx: 2 }, { token: alice.token });
    expect(offCentre.errors?.[0]).toMatchObject({ message: 'focusX must be a number from -1 to 1', extensions: { code: 'BAD_USER_INPUT' } });
    const missing = await meadow.gql(update, { id: Buffer.from('Media:424242').toString('base64url'), alt: 'x' }, { token: alice.token });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const after = await meadow.gql('query ($id: ID!) { media(id: $id) { alt focalPoint { x y } } }', { id: aliceImage.id });
    expect(after.data.media).toEqual({ alt: 'Tea on the balcony', focalPoint: { x: -0.5, y: 0.75 } });
  });

  it('sets, shows and clears an avatar from your own upload', async () => {
    const set = await meadow.gql('mutation ($m: ID) { setAvatar(mediaId: $m) { id handle avatar { id url(variant: small) } } }', { m: aliceImage.id }, { token: alice.token });
    expect(set.errors).toBeUndefined();
    expect(set.data.setAvatar).toMatchObject({ id: alice.id, handle: alice.handle, avatar: { id: aliceImage.id } });
    const seen = await meadow.gql('query ($h: String!) { account(handle: $h) { avatar { id width } } }', { h: alice.handle });
    expect(seen.data.account.avatar).toEqual({ id: aliceImage.id, width: 1200 });
    const cleared = await meadow.gql('mutation { setAvatar(mediaId: null) { avatar { id } } }', {}, { token: alice.token });
    expect(cleared.data.setAvatar.avatar).toBeNull();
  });

  it("refuses someone else's image as avatar, naming it, and leaves the avatar unchanged", async () => {
    await meadow.gql('mutation ($m: ID) { setAvatar(mediaId: $m) { id } }', { m: bobImage.id }, { token: bob.token });
    const res = await meadow.gql('mutation ($m: ID) { setAvatar(mediaId: $m) { id } }', { m: bobImage.id }, { token: alice.token });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', mediaId: bobImage.id });
    expect(res.errors?.[0]?.message).toContain(bobImage.id);
    const anonymous = await meadow.gql('mutation ($m: ID) { setAvatar(mediaId: $m) { id } }', { m: aliceImage.id });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const avatars = await meadow.gql('query ($a: String!, $b: String!) { a: account(handle: $a) { avatar { id } } b: account(handle: $b) { avatar { id } } }', { a: alice.handle, b: bob.handle });
    expect(avatars.data).toEqual({ a: { avatar: null }, b: { avatar: { id: bobImage.id } } });
  });

  it('assertOwnedBy (for notes and other plugins) names the image that does not exist or is not yours', async () => {
    const aliceId = localId(alice.id, 'Account');
    const mine = localId(aliceImage.id, 'Media');
    const theirs = localId(bobImage.id, 'Media');
    expect((await service().assertOwnedBy([mine], aliceId)).map((m) => m.id)).toEqual([mine]);
    await expect(service().assertOwnedBy([mine, theirs], aliceId)).rejects.toMatchObject({ code: 'FORBIDDEN', details: { mediaId: bobImage.id } });
    const ghost = Buffer.from('Media:987654').toString('base64url');
    await expect(service().assertOwnedBy([987654], aliceId)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining(ghost) });
  });

  it("loads the avatars of a list of accounts with one media query", async () => {
    // Alice and a third account, each with an avatar, follow Bob.
    const carol = await signUp(meadow, 'carol');
    const carolImage = (await upload(meadow, carol.token, await solidJpeg(300, 300))).json();
    await meadow.gql('mutation ($m: ID) { setAvatar(mediaId: $m) { id } }', { m: carolImage.id }, { token: carol.token });
    await meadow.gql('mutation ($m: ID) { setAvatar(mediaId: $m) { id } }', { m: aliceImage.id }, { token: alice.token });
    for (const who of [alice, carol]) {
      const res = await meadow.gql('mutation ($a: ID!) { follow(accountId: $a) { id } }', { a: bob.id }, { token: who.token });
      expect(res.errors).toBeUndefined();
    }
    const media = service();
    const original = media.getByIds.bind(media);
    const batches: (readonly number[])[] = [];
    media.getByIds = (ids) => (batches.push(ids), original(ids));
    try {
      const res = await meadow.gql('query ($h: String!) { account(handle: $h) { followers { edges { node { handle avatar { id } } } } } }', { h: bob.handle });
      const avatars = Object.fromEntries(res.data.account.followers.edges.map((e: any) => [e.node.handle, e.node.avatar.id]));
      expect(avatars).toEqual({ [alice.handle]: aliceImage.id, [carol.handle]: carolImage.id });
    } finally {
      media.getByIds = original;
    }
    expect(batches).toHaveLength(1);
    expect([...batches[0]!].sort()).toEqual([localId(aliceImage.id, 'Media'), localId(carolImage.id, 'Media')].sort());
  });

  it('maps the media table for the ORM too', async () => {
    const row = await meadow.kernel.db.em().findOne(MediaEntity, { id: localId(aliceImage.id, 'Media') });
    expect(row).toMatchObject({ ownerId: localId(alice.id, 'Account'), width: 1200, height: 800, mimeType: 'image/jpeg', kind: 'image' });
    expect(Array.isArray(row!.variants)).toBe(true);
    expect(typeof row!.createdAt).toBe('number');
  });

  it('removes files already written when the database write fails', async () => {
    const countRows = async () => Number((await meadow.kernel.db.kysely().selectFrom('media').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const listFiles = async () => (await Promise.all((await readdir(mediaDir)).map((d) => readdir(join(mediaDir, d))))).flat().sort();
    const [rows, files] = [await countRows(), await listFiles()];
    vetoUploads = true;
    try {
      const res = await upload(meadow, alice.token, await solidJpeg(900, 600));
      expect(res.statusCode).toBe(500);
      expect(res.json().error.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      vetoUploads = false;
    }
    expect(await countRows()).toBe(rows);
    expect(await listFiles()).toEqual(files);
  });
});
