// Upload and serving of images over real HTTP (app.inject) on a real
// database, with files on disk in a temporary media directory.

import { describe, it, expect, afterAll } from 'vitest';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { decode as decodeBlurhash, isBlurhashValid } from 'blurhash';
import { startTestInstance } from '../helpers/instance.ts';
import { jpegWithGps, noisyJpeg, pngBomb, sidewaysJpeg, signUp, solidJpeg, transparentPng, upload } from '../fixtures/media/images.ts';

const mediaDir = await mkdtemp(join(tmpdir(), 'meadow-media-'));
const UPLOAD_LIMIT = 3 * 1024 * 1024;

async function filesOnDisk(): Promise<string[]> {
  const out: string[] = [];
  for (const dir of await readdir(mediaDir).catch(() => [] as string[])) out.push(...(await readdir(join(mediaDir, dir))));
  return out;
}

describe('media upload and serving', async () => {
  const meadow = await startTestInstance({
    config: { mediaDir, publicUrl: 'http://media.test', limits: { uploadBytes: UPLOAD_LIMIT, imagePixels: 40_000_000 }, rateLimits: { authMax: 100 } },
  });
  const alice = await signUp(meadow, 'alice');
  afterAll(async () => {
    await meadow.close();
    await rm(mediaDir, { recursive: true, force: true });
  });

  const mediaRows = async () => Number((await meadow.kernel.db.kysely().selectFrom('media').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const fetchFile = (url: string) => meadow.app.inject({ method: 'GET', url: new URL(url).pathname });

  it('stores a JPEG as a capped original and WebP sizes, and serves them with long cache headers', async () => {
    const res = await upload(meadow, alice.token, await noisyJpeg(3000, 1500), { fields: { alt: '  A wide field  ', focusX: '0.5', focusY: '-0.25' } });
    expect(res.statusCode).toBe(201);
    const media = res.json();
    expect(Buffer.from(media.id, 'base64url').toString()).toMatch(/^Media:\d+$/);
    expect(media).toMatchObject({ kind: 'image', mimeType: 'image/jpeg', width: 2048, height: 1024, alt: 'A wide field', focalPoint: { x: 0.5, y: -0.25 } });
    expect(media.variants.map((v: any) => [v.name, v.width, v.height, v.mimeType])).toEqual([
      ['original', 2048, 1024, 'image/jpeg'],
      ['large', 2048, 1024, 'image/webp'],
      ['medium', 1080, 540, 'image/webp'],
      ['small', 400, 200, 'image/webp'],
    ]);
    for (const v of media.variants) {
      expect(v.url).toMatch(/^http:\/\/media\.test\/media\/files\/[A-Za-z0-9_-]{22}-[a-z]+\.(jpg|webp)$/);
      const file = await fetchFile(v.url);
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe(v.mimeType);
      expect(file.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(file.headers['x-content-type-options']).toBe('nosniff');
      const meta = await sharp(file.rawPayload).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual([v.mimeType === 'image/webp' ? 'webp' : 'jpeg', v.width, v.height]);
    }
    expect(await filesOnDisk()).toHaveLength(4);
  });

  it('makes a blurhash that decodes', async () => {
    const res = await upload(meadow, alice.token, await solidJpeg(800, 600, '#ff0000'));
    const { blurhash } = res.json();
    expect(isBlurhashValid(blurhash).result).toBe(true);
    const pixels = decodeBlurhash(blurhash, 8, 8);
    // A solid red image decodes to red.
    expect(pixels[0]).toBeGreaterThan(200);
    expect(pixels[1]).toBeLessThan(60);
    expect(pixels[2]).toBeLessThan(60);
  });

  it('skips WebP sizes larger than the source', async () => {
    const res = await upload(meadow, alice.token, await solidJpeg(500, 300));
    expect(res.statusCode).toBe(201);
    expect(res.json().variants.map((v: any) => v.name)).toEqual(['original', 'small']);
  });

  it('removes EXIF, including the GPS position, from every stored file', async () => {
    const input = await jpegWithGps();
    const inputExif = (await sharp(input).metadata()).exif!;
    expect(inputExif.toString('latin1')).toContain('Secret Person');
    expect(inputExif.includes(Buffer.from([0x25, 0x88])) || inputExif.includes(Buffer.from([0x88, 0x25]))).toBe(true); // GPS IFD pointer
    const res = await upload(meadow, alice.token, input);
    expect(res.statusCode).toBe(201);
    for (const v of res.json().variants) {
      const bytes = (await fetchFile(v.url)).rawPayload;
      const meta = await sharp(bytes).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(bytes.includes(Buffer.from('Secret Person'))).toBe(false);
    }
  });

  it('turns an image upright by its EXIF orientation before stripping it', async () => {
    const res = await upload(meadow, alice.token, await sidewaysJpeg());
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ width: 100, height: 300 });
    const meta = await sharp((await fetchFile(res.json().url)).rawPayload).metadata();
    expect([meta.width, meta.height, meta.orientation]).toEqual([100, 300, undefined]);
  });

  it('keeps a transparent PNG as PNG, and its WebP sizes keep the alpha channel', async () => {
    const res = await upload(meadow, alice.token, await transparentPng(), { filename: 'logo.png', contentType: 'image/png' });
    expect(res.statusCode).toBe(201);
    const media = res.json();
    expect(media.mimeType).toBe('image/png');
    const original = await sharp((await fetchFile(media.url)).rawPayload).metadata();
    expect([original.format, original.hasAlpha]).toEqual(['png', true]);
    const small = media.variants.find((v: any) => v.name === 'small');
    expect((await sharp((await fetchFile(small.url)).rawPayload).metadata()).hasAlpha).toBe(true);
  });

  it('accepts WebP, GIF and AVIF by content, whatever the name says, and re-encodes them', async () => {
    const base = () => sharp({ create: { width: 120, height: 80, channels: 3, background: '#8a2be2' } });
    for (const [format, data] of [
      ['webp', await base().webp().toBuffer()],
      ['gif', await base().gif().toBuffer()],
      ['avif', await base().avif().toBuffer()],
    ] as const) {
      const res = await upload(meadow, alice.token, data, { filename: 'upload.bin', contentType: 'application/octet-stream' });
      expect(res.statusCode, format).toBe(201);
      expect(res.json(), format).toMatchObject({ mimeType: 'image/jpeg', width: 120, height: 80 });
    }
  });

  it('refuses a text file named .jpg with an image/jpeg header (415), storing nothing', async () => {
    const [rows, files] = [await mediaRows(), await filesOnDisk()];
    const res = await upload(meadow, alice.token, Buffer.from('just some text, not a picture\n'.repeat(20)), { filename: 'cat.jpg', contentType: 'image/jpeg' });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(res.json().error.message).toMatch(/not an image/);
    expect(await mediaRows()).toBe(rows);
    expect(await filesOnDisk()).toEqual(files);
  });

  it('refuses images of other formats by content (SVG, TIFF)', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
    expect((await upload(meadow, alice.token, svg, { filename: 'a.png', contentType: 'image/png' })).statusCode).toBe(415);
    const tiff = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } }).tiff().toBuffer();
    expect((await upload(meadow, alice.token, tiff)).statusCode).toBe(415);
  });

  it('refuses a decompression bomb (tiny file, 20000×20000 pixels) with 413, storing nothing', async () => {
    const [rows, files] = [await mediaRows(), await filesOnDisk()];
    const bomb = await pngBomb();
    expect(bomb.length).toBeLessThan(2_000);
    const res = await upload(meadow, alice.token, bomb, { filename: 'bomb.png', contentType: 'image/png' });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(res.json().error.message).toMatch(/20000×20000 pixels \(400 megapixels\).*up to 40 megapixels/);
    expect(await mediaRows()).toBe(rows);
    expect(await filesOnDisk()).toEqual(files);
  });

  it('refuses a truncated JPEG with a clear 400, storing nothing', async () => {
    const [rows, files] = [await mediaRows(), await filesOnDisk()];
    const whole = await noisyJpeg(800, 600);
    const res = await upload(meadow, alice.token, whole.subarray(0, whole.length / 2));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('BAD_USER_INPUT');
    expect(res.json().error.message).toMatch(/damaged or incomplete/);
    expect(await mediaRows()).toBe(rows);
    expect(await filesOnDisk()).toEqual(files);
  });

  it('refuses a file over the upload limit with 413', async () => {
    const rows = await mediaRows();
    const res = await upload(meadow, alice.token, Buffer.alloc(UPLOAD_LIMIT + 1024, 0xff));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await mediaRows()).toBe(rows);
  });

  it('refuses bad fields: alt over 1500 characters, focal point out of range, no file', async () => {
    const image = await solidJpeg(50, 50);
    const longAlt = await upload(meadow, alice.token, image, { fields: { alt: '字'.repeat(1501) } });
    expect(longAlt.statusCode).toBe(400);
    expect(longAlt.json().error.message).toMatch(/1500 characters/);
    expect((await upload(meadow, alice.token, image, { fields: { alt: '字'.repeat(1500) } })).statusCode).toBe(201);
    const focus = await upload(meadow, alice.token, image, { fields: { focusX: '1.5' } });
    expect([focus.statusCode, focus.json().error.message]).toEqual([400, 'focusX must be a number from -1 to 1']);
    expect((await upload(meadow, alice.token, image, { fields: { focusY: 'up' } })).statusCode).toBe(400);
    const none = await meadow.app.inject({ method: 'POST', url: '/media', headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/json' }, payload: '{}' });
    expect(none.statusCode).toBe(400);
  });

  it('refuses an upload without a signed-in account (401 JSON)', async () => {
    const rows = await mediaRows();
    const res = await upload(meadow, null, await solidJpeg(20, 20));
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
    const forged = await upload(meadow, 'not-a-real-token', await solidJpeg(20, 20));
    expect(forged.statusCode).toBe(401);
    expect(await mediaRows()).toBe(rows);
  });

  it('answers unknown and path-traversing file keys with 404 JSON', async () => {
    for (const path of [
      '/media/files/AAAAAAAAAAAAAAAAAAAAAA-original.jpg',
      '/media/files/..%2f..%2fpackage.json',
      '/media/files/..%2F..%2F..%2Fetc%2Fpasswd',
      '/media/files/%2e%2e%2fpackage.json',
      '/media/files/../../package.json',
      '/media/files/..\\..\\package.json',
    ]) {
      const res = await meadow.app.inject({ method: 'GET', url: path });
      expect(res.statusCode, path).toBe(404);
      expect(res.json().error.code, path).toBe('NOT_FOUND');
    }
  });
});
