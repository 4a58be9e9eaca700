// Notes with one video instead of images: the video and its poster in
// GraphQL, the poster as the card cover, the <video> element in the HTML,
// and every way of mixing images and videos refused with nothing stored.
// Videos are hand-built MP4 signatures stored with MEADOW_FFMPEG=off (no
// ffprobe), so the suite runs the same with or without ffmpeg.

import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { MediaServiceRef, toGlobalId, type AccountRecord } from '../../../core/index.ts';
import { CREATE, code, startNotes } from './helpers.ts';

/** An ISO-BMFF signature (`ftyp`, brand isom) and a small `mdat`. */
function tinyMp4(): Buffer {
  const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypisom', 'latin1'), Buffer.from([0, 0, 2, 0]), Buffer.from('isommp41', 'latin1')]);
  const mdat = Buffer.alloc(8 + 512, 0x42);
  mdat.writeUInt32BE(mdat.length, 0);
  mdat.write('mdat', 4, 'latin1');
  return Buffer.concat([ftyp, mdat]);
}

const VIDEO_NOTE = `id title images { media { id } } video { id kind mimeType url poster { id url(variant: medium) } }
  cover { isCover alt media { id kind } } html`;
const CREATE_VIDEO = `mutation($input: NoteInput!) { createNote(input: $input) { ${VIDEO_NOTE} } }`;

describe('notes with a video', async () => {
  const h = await startNotes();
  afterAll(() => h.close());
  beforeEach(() => void (process.env.MEADOW_FFMPEG = 'off'));
  afterEach(() => void delete process.env.MEADOW_FFMPEG);
  const media = () => h.meadow.kernel.contextOf('media').services.get(MediaServiceRef);
  const amy = await h.account('amy');
  const ben = await h.account('ben');

  process.env.MEADOW_FFMPEG = 'off';
  const video = async (owner: AccountRecord, options: { poster?: boolean; alt?: string } = {}) => {
    const poster = options.poster ? await sharp({ create: { width: 64, height: 48, channels: 3, background: '#204080' } }).jpeg().toBuffer() : undefined;
    const m = await media().upload(owner.id, tinyMp4(), { alt: options.alt ?? 'a test video', poster });
    expect(m.kind).toBe('video');
    return toGlobalId('Media', m.id);
  };
  const withPoster = await video(amy, { poster: true, alt: 'Sunset <script>alert(1)</script> & "waves"' });
  const bare = await video(amy);
  const second = await video(amy);
  const bensVideo = await video(ben);
  delete process.env.MEADOW_FFMPEG;
  const img = await h.image(amy);
  const count = async () => (await h.as(amy)(`{ me { notes(first: 100) { edges { node { id } } } } }`)).data.me.notes.edges.length;

  it('publishes a note with one video; its poster is the cover and the HTML has a <video> element', async () => {
    const res = await h.as(amy)(CREATE_VIDEO, { input: { title: 'Beach day', body: 'Waves #sea', videoId: withPoster } });
    expect(res.errors).toBeUndefined();
    const note = res.data.createNote;
    expect(note.images).toEqual([]);
    expect(note.video).toMatchObject({ id: withPoster, kind: 'video', mimeType: 'video/mp4' });
    expect(note.video.url).toMatch(/\/media\/files\/[A-Za-z0-9_-]{22}-original\.mp4$/);
    expect(note.cover).toEqual({ isCover: true, alt: 'Sunset <script>alert(1)</script> & "waves"', media: { id: note.video.poster.id, kind: 'image' } });

    const html: string = note.html;
    expect(html.startsWith('<figure class="note-video"><video controls preload="metadata" ')).toBe(true);
    expect(html).toContain(`poster="${note.video.poster.url}"`);
    expect(html).toContain(`<source src="${note.video.url}" type="video/mp4">`);
    // The alt text is escaped wherever it appears.
    expect(html).not.toContain('<script>');
    expect(html).toContain('aria-label="Sunset &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;waves&quot;"');
    expect(html.indexOf('</figure>')).toBeLessThan(html.indexOf('<p>Waves'));

    // Anyone reads it, and a follower's feed card gets the poster as its cover.
    await h.follow(ben, amy);
    const feed = await h.as(ben)(`{ followingFeed(first: 5) { edges { node { id video { id } cover { media { id } } } } } }`);
    const card = feed.data.followingFeed.edges.find((e: any) => e.node.id === note.id).node;
    expect(card).toEqual({ id: note.id, video: { id: withPoster }, cover: { media: { id: note.video.poster.id } } });
  });

  it('a video without a poster: no cover, no poster attribute', async () => {
    const res = await h.as(amy)(CREATE_VIDEO, { input: { title: 'Raw clip', videoId: bare } });
    expect(res.errors).toBeUndefined();
    const note = res.data.createNote;
    expect(note.video).toMatchObject({ id: bare, poster: null });
    expect(note.cover).toBeNull();
    expect(note.html).toMatch(/^<figure class="note-video"><video controls preload="metadata" aria-label="a test video"><source src="[^"]+\.mp4" type="video\/mp4">/);
    expect(note.html).not.toContain('poster=');
  });

  it('refuses images with a video, two videos, a video as an image, an image as the video and someone else’s video, storing nothing', async () => {
    const before = await count();
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ title: 'mixed', images: [{ mediaId: img }], videoId: bare }, 'BAD_USER_INPUT', /either 1 to 18 images or one video, not both/],
      [{ title: 'two videos', images: [{ mediaId: second }], videoId: bare }, 'BAD_USER_INPUT', /not both/],
      [{ title: 'video as image', images: [{ mediaId: bare }] }, 'BAD_USER_INPUT', new RegExp(`Media ${bare} is a video`)],
      [{ title: 'video in a step', images: [{ mediaId: img }], blocks: [{ kind: 'tutorial', steps: [{ text: 'watch', mediaIds: [bare] }] }] }, 'BAD_USER_INPUT', /is a video/],
      [{ title: 'image as video', videoId: img }, 'BAD_USER_INPUT', new RegExp(`Media ${img} is an image, not a video`)],
      [{ title: 'not mine', videoId: bensVideo }, 'FORBIDDEN', /belongs to another account/],
      [{ title: 'nothing' }, 'BAD_USER_INPUT', /1 to 18 images or one video/],
    ];
    for (const [input, expected, message] of cases) {
      const res = await h.as(amy)(CREATE, { input });
      expect(code(res), String(input.title)).toBe(expected);
      expect(res.errors![0]!.message, String(input.title)).toMatch(message);
    }
    expect(await count()).toBe(before);
  });

  it('switches a note from images to a video only when the images go; a refused edit changes nothing', async () => {
    const created = (await h.as(amy)(CREATE_VIDEO, { input: { title: 'pics', images: [{ mediaId: img }] } })).data.createNote;
    const UPDATE = `mutation($id: ID!, $input: NoteInput!) { updateNote(id: $id, input: $input) { ${VIDEO_NOTE} revisions { title } } }`;
    const mixed = await h.as(amy)(UPDATE, { id: created.id, input: { title: 'now a video', videoId: second } });
    expect(code(mixed)).toBe('BAD_USER_INPUT');
    const unchanged = (await h.as(amy)(`query($id: ID!) { note(id: $id) { ${VIDEO_NOTE} revisions { title } } }`, { id: created.id })).data.note;
    expect(unchanged).toMatchObject({ title: 'pics', images: [{ media: { id: img } }], video: null, revisions: [] });

    const switched = await h.as(amy)(UPDATE, { id: created.id, input: { title: 'now a video', images: [], videoId: second } });
    expect(switched.errors).toBeUndefined();
    expect(switched.data.updateNote).toMatchObject({ title: 'now a video', images: [], video: { id: second }, revisions: [{ title: 'pics' }] });
    const back = await h.as(amy)(UPDATE, { id: created.id, input: { images: [{ mediaId: img }], videoId: null } });
    expect(back.data.updateNote).toMatchObject({ images: [{ media: { id: img } }], video: null, cover: { media: { id: img } } });
  });
});
