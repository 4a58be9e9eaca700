// Outbound plain form: what Mastodon, Misskey, Pixelfed and PeerTube read
// when they fetch a Meadow note and its author. A note with a picture,
// hashtags, a mention, a content warning and structured blocks is fetched
// over HTTPS with `Accept: application/activity+json` (as those servers
// ask), together with the author's actor, outbox and followers, and each
// field they need to display it is checked in the JSON as served, and once
// more as a JSON-LD reader (Fedify) understands it.
import { describe, it, expect, afterAll } from 'vitest';
import sharp from 'sharp';
import { Hashtag, Image, Mention, Note, Person } from '@fedify/vocab';
import { AccountsServiceRef, fromGlobalId, MediaServiceRef, toGlobalId } from '../../core/index.ts';
import { signUp } from '../core/accounts-helpers.ts';
import { startTlsInstance } from './tls.ts';

const AS_ACCEPT = 'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"';
const PUBLIC = ['https://www.w3.org/ns/activitystreams#Public', 'as:Public', 'Public'];
const list = (v: unknown): any[] => (v == null ? [] : Array.isArray(v) ? v : [v]);
const hrefOf = (v: any): string | null => (typeof v === 'string' ? v : (v?.href ?? null));

describe('outbound plain form (what Mastodon, Misskey, Pixelfed and PeerTube read)', async () => {
  const meadow = await startTlsInstance({ discover: true });
  afterAll(() => meadow.close());
  const river = await signUp(meadow, 'river');
  await signUp(meadow, 'pat');
  const accounts = meadow.kernel.contextOf('accounts').services.get(AccountsServiceRef);
  const media = meadow.kernel.contextOf('media').services.get(MediaServiceRef);
  const riverId = (await accounts.getByHandle('river'))!.id;

  const jpeg = (r: number, g: number, b: number) => sharp({ create: { width: 120, height: 80, channels: 3, background: { r, g, b } } }).jpeg().toBuffer();
  const avatar = await media.upload(riverId, await jpeg(200, 120, 40), { alt: 'river' });
  await accounts.setAvatar(riverId, avatar.id);
  const photo = await media.upload(riverId, await jpeg(30, 90, 160), { alt: 'Tent by the lake at dusk' });

  const created = await meadow.gql('mutation($i: NoteInput!) { createNote(input: $i) { id } }', {
    i: {
      title: 'Three-day lake loop 湖边三日',
      body: 'Route notes for the loop, thanks @pat for the map. #hiking #露营',
      contentWarning: 'Steep drop-offs',
      language: 'en',
      images: [{ mediaId: toGlobalId('Media', photo.id), alt: 'Tent by the lake at dusk' }],
      blocks: [
        { kind: 'tutorial', title: 'Pitching on sand', steps: [{ text: 'Use wide pegs' }, { text: 'Bury them sideways' }] },
        { kind: 'checklist', title: 'Pack', items: [{ name: 'Headlamp' }, { name: 'Water filter', note: 'the lake water is cloudy' }] },
        { kind: 'pitfalls', title: 'Mistakes', entries: [{ warning: 'Camping under dead trees', reason: 'branches fall in wind' }] },
      ],
    },
  }, { token: river.token });
  expect(created.errors).toBeUndefined();
  const noteId = fromGlobalId(created.data.createNote.id).id;
  const noteUri = `${meadow.url}/notes/${noteId}`;
  const actorUri = `${meadow.url}/users/river`;

  const getJson = async (url: string) => {
    const res = await fetch(url, { headers: { accept: AS_ACCEPT } });
    expect(res.status, `${url}: ${res.status}`).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/(activity\+json|ld\+json)/);
    return res.json() as Promise<Record<string, any>>;
  };

  it('the note: Note with name, HTML content carrying the title and blocks, url, attributedTo, published, to/cc', async () => {
    const json = await getJson(noteUri);
    expect(json.type).toBe('Note');
    expect(json.id).toBe(noteUri);
    expect(json.attributedTo).toBe(actorUri);
    expect(hrefOf(list(json.url)[0])).toMatch(/^https:\/\//);
    expect(Number.isNaN(Date.parse(json.published))).toBe(false);
    expect(json.name).toBe('Three-day lake loop 湖边三日');
    // Mastodon shows only content: the title and the blocks must be readable there.
    const content: string = json.content;
    expect(content).toContain('<strong>Three-day lake loop 湖边三日</strong>');
    expect(content).toContain('Route notes for the loop');
    expect(content).toMatch(/<h3>Pitching on sand<\/h3><ol><li>Use wide pegs<\/li><li>Bury them sideways<\/li><\/ol>/);
    expect(content).toContain('Headlamp');
    expect(content).toContain('the lake water is cloudy');
    expect(content).toContain('Camping under dead trees');
    expect(content).not.toMatch(/href="\/(?!\/)/); // no site-relative links
    expect(json.contentMap?.en).toBe(content);
    // Public: to Public, cc the followers.
    expect(list(json.to).some((t) => PUBLIC.includes(t))).toBe(true);
    expect(list(json.cc)).toContain(`${actorUri}/followers`);
  });

  it('content warning as summary + sensitive', async () => {
    const json = await getJson(noteUri);
    expect(json.summary).toBe('Steep drop-offs');
    expect(json.sensitive).toBe(true);
  });

  it('the picture as an attachment with mediaType, absolute url, width, height, blurhash, focalPoint and alt text', async () => {
    const json = await getJson(noteUri);
    const [attachment, ...rest] = list(json.attachment);
    expect(rest).toEqual([]);
    expect(attachment).toMatchObject({ type: 'Image', mediaType: 'image/jpeg', width: 120, height: 80, name: 'Tent by the lake at dusk' });
    expect(hrefOf(attachment.url)).toMatch(/^https:\/\/127\.0\.0\.1:\d+\//);
    expect(typeof attachment.blurhash).toBe('string');
    expect(attachment.blurhash.length).toBeGreaterThanOrEqual(6);
    expect(attachment.focalPoint).toHaveLength(2);
    // The image itself is served.
    const image = await fetch(hrefOf(attachment.url)!);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toMatch(/^image\//);
  });

  it('Hashtag tags with # and an absolute href; the Mention with the actor href and @user@host', async () => {
    const json = await getJson(noteUri);
    const tags = list(json.tag);
    const hashtags = tags.filter((t) => t.type === 'Hashtag');
    expect(hashtags.map((t) => t.name).sort()).toEqual(['#hiking', '#露营']);
    for (const t of hashtags) expect(t.href).toMatch(/^https:\/\//);
    expect(tags.filter((t) => t.type === 'Mention')).toEqual([{ type: 'Mention', href: `${meadow.url}/users/pat`, name: `@pat@${meadow.host}` }]);
    expect(list(json.cc)).toContain(`${meadow.url}/users/pat`);
  });

  it('a JSON-LD reader understands the same note (the extension context does not get in the way)', async () => {
    const json = await getJson(noteUri);
    const note = await Note.fromJsonLd(json);
    expect(note.id?.href).toBe(noteUri);
    expect(String(note.name)).toBe('Three-day lake loop 湖边三日');
    expect(note.sensitive).toBe(true);
    const tags = [];
    for await (const t of note.getTags()) tags.push(t);
    expect(tags.filter((t) => t instanceof Hashtag)).toHaveLength(2);
    expect(tags.filter((t) => t instanceof Mention)).toHaveLength(1);
    const attachments = [];
    for await (const a of note.getAttachments()) attachments.push(a);
    expect(attachments[0]).toBeInstanceOf(Image);
  });

  it('the actor: Person with preferredUsername, inbox, sharedInbox, followers, outbox, url, icon and a publicKey owned by the actor', async () => {
    const json = await getJson(actorUri);
    expect(json).toMatchObject({ id: actorUri, type: 'Person', preferredUsername: 'river' });
    expect(json.inbox).toMatch(/^https:\/\//);
    expect(json.endpoints?.sharedInbox).toBe(`${meadow.url}/inbox`);
    expect(json.followers).toBe(`${actorUri}/followers`);
    expect(json.outbox).toMatch(/^https:\/\//);
    expect(hrefOf(list(json.url)[0])).toMatch(/^https:\/\//);
    // Mastodon and Misskey verify signatures with publicKey (RSA, owner = the actor).
    const keys = list(json.publicKey);
    expect(keys.length).toBeGreaterThanOrEqual(1);
    expect(keys[0]).toMatchObject({ id: expect.stringContaining(actorUri), owner: actorUri, publicKeyPem: expect.stringContaining('BEGIN PUBLIC KEY') });
    const icon = list(json.icon)[0];
    expect(icon?.type).toBe('Image');
    const iconUrl = hrefOf(icon.url);
    expect(iconUrl).toMatch(/^https:\/\//);
    expect((await fetch(iconUrl!)).status).toBe(200);
    const person = await Person.fromJsonLd(json);
    expect(person.preferredUsername?.toString()).toBe('river');
  });

  it('the outbox lists the Create of the note; followers answers with a count', async () => {
    const actor = await getJson(actorUri);
    const outbox = await getJson(actor.outbox);
    expect(outbox.type).toMatch(/^OrderedCollection/);
    expect(outbox.totalItems).toBe(1);
    const page = typeof outbox.first === 'string' ? await getJson(outbox.first) : (outbox.first ?? outbox);
    const items = list(page.orderedItems);
    const create = items.find((a) => a.type === 'Create');
    expect(hrefOf(typeof create?.object === 'string' ? create.object : create?.object?.id)).toBe(noteUri);

    const followers = await getJson(actor.followers);
    expect(followers.type).toMatch(/^OrderedCollection/);
    expect(followers.totalItems).toBe(0);
  });
});
