// Video uploads over real HTTP on a real database: recognised by content,
// kept as uploaded, served with Range support, with a poster frame cut by
// ffmpeg, sent by the uploader, or none. Both paths run: MEADOW_FFMPEG=off
// hides ffmpeg/ffprobe; the ffmpeg suite runs where they are installed.

import { describe, it, expect, afterAll, beforeEach, afterEach } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { localId } from '../../core/index.ts';
import { startTestInstance } from '../helpers/instance.ts';
import { multipart, signUp, solidJpeg, upload } from '../fixtures/media/images.ts';

const IMAGE_LIMIT = 64 * 1024;
const VIDEO_LIMIT = 256 * 1024;

/** An ISO-BMFF file: an `ftyp` box (brand isom) and an `mdat` box of `payload` bytes. Not playable, only a signature. */
function tinyMp4(payload = 1024, brand = 'isom'): Buffer {
  const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 32]), Buffer.from(`ftyp${brand}`, 'latin1'), Buffer.from([0, 0, 2, 0]), Buffer.from('isomiso2avc1mp41', 'latin1')]);
  const mdat = Buffer.alloc(8 + payload, 0x5a);
  mdat.writeUInt32BE(mdat.length, 0);
  mdat.write('mdat', 4, 'latin1');
  return Buffer.concat([ftyp, mdat]);
}

/** An EBML header with DocType "webm", then a Segment of unknown size and filler. */
function fakeWebm(): Buffer {
  const el = (id: number[], value: number[]) => [...id, 0x80 | value.length, ...value];
  const body = [
    ...el([0x42, 0x86], [1]), ...el([0x42, 0xf7], [1]), ...el([0x42, 0xf2], [4]), ...el([0x42, 0xf3], [8]),
    ...el([0x42, 0x82], [...Buffer.from('webm')]), ...el([0x42, 0x87], [4]), ...el([0x42, 0x85], [2]),
  ];
  return Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x80 | body.length, ...body]), Buffer.from([0x18, 0x53, 0x80, 0x67, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), Buffer.alloc(200, 0xec)]);
}

const hasFfmpeg = (() => {
  try {
    execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' });
    execFileSync('ffprobe', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const MEDIA = 'id kind mimeType width height durationMs blurhash url variants { name } poster { id kind mimeType width height url }';

async function videoHarness(name: string) {
  const mediaDir = await mkdtemp(join(tmpdir(), `meadow-video-${name}-`));
  const meadow = await startTestInstance({
    config: { mediaDir, publicUrl: 'http://media.test', limits: { uploadBytes: IMAGE_LIMIT, videoBytes: VIDEO_LIMIT }, rateLimits: { authMax: 100 } },
  });
  const alice = await signUp(meadow, 'alice');
  const filesOnDisk = async () => {
    const out: string[] = [];
    for (const dir of await readdir(mediaDir).catch(() => [] as string[])) out.push(...(await readdir(join(mediaDir, dir))));
    return out.sort();
  };
  const mediaRows = async () => Number((await meadow.kernel.db.kysely().selectFrom('media').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const fetchFile = (url: string, headers: Record<string, string> = {}) => meadow.app.inject({ method: 'GET', url: new URL(url).pathname, headers });
  const withPoster = (file: Buffer, poster: Buffer, filename = 'clip.mp4') => {
    const body = multipart([
      { name: 'file', value: file, filename, contentType: 'video/mp4' },
      { name: 'poster', value: poster, filename: 'poster.jpg', contentType: 'image/jpeg' },
    ]);
    return meadow.app.inject({ method: 'POST', url: '/media', headers: { ...body.headers, authorization: `Bearer ${alice.token}` }, payload: body.payload });
  };
  const gqlMedia = async (id: string) => {
    const res = await meadow.gql(`query ($id: ID!) { media(id: $id) { ${MEDIA} } }`, { id });
    expect(res.errors).toBeUndefined();
    return res.data.media;
  };
  const close = async () => {
    await meadow.close();
    await rm(mediaDir, { recursive: true, force: true });
  };
  return { meadow, alice, filesOnDisk, mediaRows, fetchFile, withPoster, gqlMedia, close };
}

// One instance for the file: outside a request, a second instance in the
// same process makes kernel.db read the other one's database.
const h = await videoHarness('video');
const { meadow, alice } = h;
afterAll(() => h.close());

describe('video uploads without ffmpeg (MEADOW_FFMPEG=off)', () => {
  beforeEach(() => void (process.env.MEADOW_FFMPEG = 'off'));
  afterEach(() => void delete process.env.MEADOW_FFMPEG);

  it('accepts an MP4 by its bytes even when named .jpg, and keeps it exactly as uploaded', async () => {
    const video = tinyMp4(2000);
    const res = await upload(meadow, alice.token, video, { filename: 'holiday.jpg', contentType: 'image/jpeg', fields: { alt: 'Waves' } });
    expect(res.statusCode).toBe(201);
    const media = res.json();
    // Without ffprobe nothing is known about size and length, and there is no poster.
    expect(media).toMatchObject({ kind: 'video', mimeType: 'video/mp4', width: null, height: null, durationMs: null, poster: null, alt: 'Waves', bytes: video.length });
    expect(media.url).toMatch(/^http:\/\/media\.test\/media\/files\/[A-Za-z0-9_-]{22}-original\.mp4$/);
    const file = await h.fetchFile(media.url);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('video/mp4');
    expect(file.headers['accept-ranges']).toBe('bytes');
    expect(Number(file.headers['content-length'])).toBe(video.length);
    expect(file.rawPayload.equals(video)).toBe(true);

    const gql = await h.gqlMedia(media.id);
    expect(gql).toMatchObject({ kind: 'video', mimeType: 'video/mp4', width: null, height: null, durationMs: null, blurhash: null, poster: null, url: media.url });
    expect(gql.variants).toEqual([]);
  });

  it('accepts QuickTime and WebM by their signatures, whatever the name', async () => {
    const mov = await upload(meadow, alice.token, tinyMp4(100, 'qt  '), { filename: 'notes.txt', contentType: 'text/plain' });
    expect([mov.statusCode, mov.json().mimeType]).toEqual([201, 'video/quicktime']);
    expect(mov.json().url).toMatch(/\.mov$/);
    const webm = await upload(meadow, alice.token, fakeWebm(), { filename: 'clip.png', contentType: 'image/png' });
    expect([webm.statusCode, webm.json().kind, webm.json().mimeType]).toEqual([201, 'video', 'video/webm']);
    expect((await h.fetchFile(webm.json().url)).headers['content-type']).toBe('video/webm');
  });

  it('handles a PNG named .mp4 as an image, and refuses text named .mp4 and HEIF-like brands (415), storing nothing', async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3366cc' } }).png().toBuffer();
    const image = await upload(meadow, alice.token, png, { filename: 'movie.mp4', contentType: 'video/mp4' });
    expect(image.statusCode).toBe(201);
    expect(image.json()).toMatchObject({ kind: 'image', width: 40, height: 30, durationMs: null, poster: null });

    const [rows, files] = [await h.mediaRows(), await h.filesOnDisk()];
    const text = await upload(meadow, alice.token, Buffer.from('not a video at all\n'.repeat(10)), { filename: 'movie.mp4', contentType: 'video/mp4' });
    expect(text.statusCode).toBe(415);
    expect(text.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    // An ISO-BMFF file of an unknown brand is not taken for a video.
    const odd = await upload(meadow, alice.token, tinyMp4(100, 'crx '), { filename: 'movie.mp4', contentType: 'video/mp4' });
    expect(odd.statusCode).toBe(415);
    expect(await h.mediaRows()).toBe(rows);
    expect(await h.filesOnDisk()).toEqual(files);
  });

  it('applies limits.videoBytes to videos and limits.uploadBytes to images (413), storing nothing', async () => {
    // Bigger than the image limit, smaller than the video limit: fine for a video.
    const medium = await upload(meadow, alice.token, tinyMp4(IMAGE_LIMIT * 2));
    expect([medium.statusCode, medium.json().kind]).toEqual([201, 'video']);

    const [rows, files] = [await h.mediaRows(), await h.filesOnDisk()];
    const big = await upload(meadow, alice.token, tinyMp4(VIDEO_LIMIT + 10));
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/videos up to 0\.3 MiB/) });
    const bigImage = await upload(meadow, alice.token, Buffer.alloc(IMAGE_LIMIT + 10, 0xff));
    expect(bigImage.statusCode).toBe(413);
    expect(bigImage.json().error.message).toMatch(/images up to/);
    expect(await h.mediaRows()).toBe(rows);
    expect(await h.filesOnDisk()).toEqual(files);
  });

  it('answers Range requests with 206 and the asked bytes, and 416 past the end', async () => {
    const video = tinyMp4(5000);
    const { url } = (await upload(meadow, alice.token, video)).json();
    const size = video.length;
    const first = await h.fetchFile(url, { range: 'bytes=0-9' });
    expect(first.statusCode).toBe(206);
    expect(first.headers['content-range']).toBe(`bytes 0-9/${size}`);
    expect(first.headers['content-length']).toBe('10');
    expect(first.headers['content-type']).toBe('video/mp4');
    expect(first.rawPayload.equals(video.subarray(0, 10))).toBe(true);

    const rest = await h.fetchFile(url, { range: 'bytes=4000-' });
    expect([rest.statusCode, rest.headers['content-range']]).toEqual([206, `bytes 4000-${size - 1}/${size}`]);
    expect(rest.rawPayload.equals(video.subarray(4000))).toBe(true);

    const tail = await h.fetchFile(url, { range: 'bytes=-16' });
    expect([tail.statusCode, tail.headers['content-range']]).toEqual([206, `bytes ${size - 16}-${size - 1}/${size}`]);
    expect(tail.rawPayload.equals(video.subarray(size - 16))).toBe(true);

    const beyond = await h.fetchFile(url, { range: 'bytes=0-999999' });
    expect([beyond.statusCode, beyond.headers['content-range']]).toEqual([206, `bytes 0-${size - 1}/${size}`]);

    const past = await h.fetchFile(url, { range: `bytes=${size}-` });
    expect(past.statusCode).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${size}`);
    expect(past.json().error.code).toBe('RANGE_NOT_SATISFIABLE');

    // Ranges Meadow does not serve (several, reversed, other units) get the whole file.
    for (const range of ['bytes=0-1,5-6', 'bytes=9-2', 'items=0-1']) {
      const whole = await h.fetchFile(url, { range });
      expect([whole.statusCode, whole.rawPayload.length], range).toEqual([200, size]);
    }
  });

  it('stores a "poster" image sent with the video, owned by the same account', async () => {
    const res = await h.withPoster(tinyMp4(300), await solidJpeg(64, 48, '#00aa00'));
    expect(res.statusCode).toBe(201);
    const media = res.json();
    expect(media.kind).toBe('video');
    expect(media.poster).toMatchObject({ kind: 'image', mimeType: 'image/jpeg', width: 64, height: 48 });
    expect(media.blurhash).toBe(media.poster.blurhash);
    const gql = await h.gqlMedia(media.id);
    expect(gql.poster).toMatchObject({ id: media.poster.id, kind: 'image', width: 64, height: 48 });
    expect(gql.blurhash).toBeTruthy();
    const row = await meadow.kernel.db.kysely().selectFrom('media').select(['owner_id', 'kind']).where('id', '=', localId(media.poster.id, 'Media')).executeTakeFirstOrThrow();
    expect([Number(row.owner_id), row.kind]).toEqual([localId(alice.id, 'Account'), 'image']);
    const posterFile = await h.fetchFile(gql.poster.url);
    expect((await sharp(posterFile.rawPayload).metadata()).format).toBe('jpeg');
  });

  it('refuses a poster that is not an image, or a poster with an image, storing nothing', async () => {
    const [rows, files] = [await h.mediaRows(), await h.filesOnDisk()];
    const badPoster = await h.withPoster(tinyMp4(300), Buffer.from('<svg></svg>'));
    expect(badPoster.statusCode).toBe(415);
    expect(badPoster.json().error.message).toMatch(/^The poster: .*not an image/);
    const imageWithPoster = await h.withPoster(await solidJpeg(20, 20), await solidJpeg(20, 20), 'a.jpg');
    expect(imageWithPoster.statusCode).toBe(400);
    expect(imageWithPoster.json().error.message).toMatch(/poster.*goes with a video/);
    expect(await h.mediaRows()).toBe(rows);
    expect(await h.filesOnDisk()).toEqual(files);
  });

  it('refuses a video as an avatar', async () => {
    const { id } = (await upload(meadow, alice.token, tinyMp4(100))).json();
    const res = await meadow.gql('mutation ($id: ID) { setAvatar(mediaId: $id) { handle } }', { id }, { token: alice.token });
    expect(res.errors?.[0]).toMatchObject({ message: 'An avatar must be an image, not a video', extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe.skipIf(!hasFfmpeg)('video uploads with ffmpeg and ffprobe', async () => {
  const work = await mkdtemp(join(tmpdir(), 'meadow-video-src-'));
  const made = join(work, 'out.mp4');
  if (hasFfmpeg) {
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=duration=2:size=320x240:rate=10', '-pix_fmt', 'yuv420p', made]);
  }
  const real = hasFfmpeg ? await readFile(made) : Buffer.alloc(0);
  beforeEach(() => void delete process.env.MEADOW_FFMPEG);
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('reads size and duration with ffprobe and cuts a poster frame with ffmpeg', async () => {
    expect(real.length).toBeLessThan(VIDEO_LIMIT);
    const res = await upload(meadow, alice.token, real, { filename: 'holiday.jpg', contentType: 'image/jpeg', fields: { alt: 'Test card' } });
    expect(res.statusCode).toBe(201);
    const media = res.json();
    expect(media).toMatchObject({ kind: 'video', mimeType: 'video/mp4', width: 320, height: 240, alt: 'Test card', bytes: real.length });
    expect(media.durationMs).toBeGreaterThanOrEqual(1900);
    expect(media.durationMs).toBeLessThanOrEqual(2100);
    expect(media.poster).toMatchObject({ kind: 'image', width: 320, height: 240, alt: 'Test card' });
    const gql = await h.gqlMedia(media.id);
    expect(gql).toMatchObject({ kind: 'video', width: 320, height: 240, durationMs: media.durationMs, variants: [{ name: 'original' }] });
    expect(gql.poster.kind).toBe('image');
    // Kept as uploaded: the served bytes are the uploaded bytes.
    expect((await h.fetchFile(media.url)).rawPayload.equals(real)).toBe(true);
    const poster = await sharp((await h.fetchFile(gql.poster.url)).rawPayload).metadata();
    expect([poster.width, poster.height]).toEqual([320, 240]);
  });

  it('prefers a poster the uploader sends over a cut frame', async () => {
    const res = await h.withPoster(real, await solidJpeg(64, 48));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ width: 320, height: 240, poster: { width: 64, height: 48 } });
  });

  it('refuses a damaged file with an MP4 signature (415), storing nothing', async () => {
    const [rows, files] = [await h.mediaRows(), await h.filesOnDisk()];
    for (const bad of [tinyMp4(3000), real.subarray(0, 200)]) {
      const res = await upload(meadow, alice.token, bad, { filename: 'clip.mp4', contentType: 'video/mp4' });
      expect(res.statusCode).toBe(415);
      expect(res.json().error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringMatching(/looks like a video but could not be read/) });
    }
    expect(await h.mediaRows()).toBe(rows);
    expect(await h.filesOnDisk()).toEqual(files);
  });
});
