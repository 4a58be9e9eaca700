// Compose, drafts and the following feed as a person sees them: sign up
// through the form, post a note with images through the plain multipart
// form (no JavaScript) or with ids the compose island uploaded to /media,
// see it on the profile and in a follower's /following; drafts saved,
// listed, edited and published; errors shown next to their field.

import { afterAll, describe, expect, it } from 'vitest';
import { localId } from '../../../core/index.ts';
import { BROWSER_ACCEPT, browse, person, startWeb, submit } from './helpers.ts';
import { jpeg, multipart, sessionCookie } from './form-helpers.ts';

describe('web: compose, drafts and the following feed', async () => {
  const meadow = await startWeb({ seed: false });
  afterAll(() => meadow.close());
  const origin = meadow.kernel.config.publicUrl;
  const en = { 'accept-language': 'en' };

  const postForm = async (url: string, fields: [string, string | Blob][], headers: Record<string, string>) => {
    const body = await multipart(fields);
    return meadow.app.inject({ method: 'POST', url, payload: body.payload, headers: { accept: BROWSER_ACCEPT, origin, 'content-type': body.contentType, ...headers } });
  };

  const signedUp = await submit(meadow, '/signup', { handle: 'yun', displayName: 'Yun', password: 'River-Stones-8', locale: 'en' });
  const yun = { cookie: sessionCookie(signedUp)! };
  const fan = await person(meadow, 'fan', { locale: 'en' });
  await submit(meadow, '/actions/follow', { accountId: (await meadow.gql(`{ account(handle: "yun") { id } }`)).data.account.id, on: '1' }, { cookie: fan.cookie });

  it('publishes a note with two images, a checklist and a #tag through the plain form; it shows on the profile and in a follower\'s feed', async () => {
    const form = await browse(meadow, '/compose', { cookie: yun.cookie, ...en });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<form method="post" action="/compose" enctype="multipart/form-data" class="stacked compose" data-compose>');
    expect(form.body).toMatch(/<input id="f-files" name="files" type="file" accept="image\/\*" multiple/);
    expect(form.body).toMatch(/<script type="module" src="\/assets\/compose\.[0-9a-f]{10}\.js"><\/script>/);

    const res = await postForm('/compose', [
      ['title', 'Autumn picnic kit'],
      ['body', 'What we packed #picnic with @fan'],
      ['files', await jpeg(30)],
      ['files', await jpeg(220)],
      ['block', '0:checklist'], ['b0-title', 'Pack'],
      ['b0-name', 'Blanket'], ['b0-note', 'waterproof'], ['b0-link', ''],
      ['b0-name', ''], ['b0-note', ''], ['b0-link', ''],
      ['b0-name', 'Thermos'], ['b0-note', ''], ['b0-link', 'https://example.com/thermos'],
      ['block', '1:pitfalls'], ['b1-warning', ''], ['b1-reason', ''],
      ['visibility', 'public'],
      ['intent', 'publish'],
    ], { cookie: yun.cookie });
    expect(res.statusCode).toBe(303);
    const n = Number(/^\/notes\/(\d+)$/.exec(res.headers.location as string)?.[1]);
    expect(n).toBeGreaterThan(0);
    await meadow.kernel.bus.drain();

    const note = await browse(meadow, `/notes/${n}`, en);
    expect(note.body).toContain('Autumn picnic kit');
    expect(note.body).toContain('Image 2 of 2');
    expect(note.body).toMatch(/<h2 id="block-0">Pack<\/h2>\s*<ul class="checklist"><li>.*<strong>Blanket<\/strong> <span class="item-note">waterproof<\/span>.*<a href="https:\/\/example.com\/thermos"[^>]*>Thermos<\/a>/s);
    expect(note.body).not.toContain('block-pitfalls');
    expect(note.body).toContain('href="/tags/picnic"');

    const profile = await browse(meadow, '/@yun', en);
    expect(profile.body).toContain(`<a class="card-link" href="/notes/${n}">`);
    const feed = await browse(meadow, '/following', { cookie: fan.cookie, ...en });
    expect(feed.statusCode).toBe(200);
    expect(feed.body).toContain('<h1 class="page-title">Following</h1>');
    expect(feed.body).toMatch(new RegExp(`<ul class="grid" role="list"><li class="card">[\\s\\S]*href="/notes/${n}"[\\s\\S]*Autumn picnic kit`));
    // Someone who follows nobody gets an empty feed that says why.
    const lone = await person(meadow, 'lone', { locale: 'en' });
    expect((await browse(meadow, '/following', { cookie: lone.cookie })).body).toContain('Notes of the people and topics you follow appear here.');
  });

  it('keeps the order and cover the compose island chose for images it uploaded to /media', async () => {
    const ids: string[] = [];
    for (const shade of [10, 90, 170]) {
      const up = await postForm('/media', [['file', await jpeg(shade)]], { cookie: yun.cookie, accept: 'application/json' });
      expect(up.statusCode).toBe(201);
      ids.push(up.json().id);
    }
    const [a, b, c] = ids as [string, string, string];
    const res = await postForm('/compose', [
      ['image', c], ['imageAlt', 'the lake'], ['image', a], ['imageAlt', ''], ['image', b], ['imageAlt', 'the hut'],
      ['cover', b], ['removeImage', a],
      ['title', 'Lake walk'], ['body', 'Loop trail'], ['visibility', 'unlisted'], ['intent', 'publish'],
    ], { cookie: yun.cookie });
    expect(res.statusCode).toBe(303);
    const id = `${Buffer.from(`Note:${/\d+$/.exec(res.headers.location as string)![0]}`).toString('base64url')}`;
    const data = (await meadow.gql(`query($id: ID!) { note(id: $id) { visibility images { alt isCover media { id } } } }`, { id })).data.note;
    expect(data.visibility).toBe('unlisted');
    expect(data.images.map((i: any) => [i.media.id, i.alt, i.isCover])).toEqual([[c, 'the lake', false], [b, 'the hut', true]]);
  });

  it('shows the API\'s message next to the field and keeps what was typed and uploaded', async () => {
    const noImages = await postForm('/compose', [['title', 'Just words <3'], ['body', 'no pictures'], ['intent', 'publish']], { cookie: yun.cookie, ...en });
    expect(noImages.statusCode).toBe(400);
    expect(noImages.body).toContain('<p class="field-error" id="images-error" role="alert">A note needs 1 to 18 images or one video</p>');
    expect(noImages.body).toContain('value="Just words &lt;3"');
    const notImage = await postForm('/compose', [['title', 'Broken'], ['files', new Blob(['not a picture at all'], { type: 'image/png' })], ['intent', 'publish']], { cookie: yun.cookie, ...en });
    expect(notImage.statusCode).toBe(400);
    expect(notImage.body).toMatch(/id="images-error" role="alert">[^<]+</);
    const badLink = await postForm('/compose', [['title', 'Links'], ['files', await jpeg(60)], ['block', '0:checklist'], ['b0-name', 'Rope'], ['b0-note', ''], ['b0-link', 'ftp://rope'], ['intent', 'publish']], { cookie: yun.cookie, ...en });
    expect(badLink.statusCode).toBe(400);
    expect(badLink.body).toContain('id="blocks-error" role="alert">blocks.0.items.0.link: a link must start with https:// or http://');
    // The image uploaded with the failed post is in the form again, so it is not lost.
    expect(badLink.body).toMatch(/<li class="thumb" data-thumb>\s*<img src="[^"]+\/media\/files\/[^"]+"/);
    expect(badLink.body).toContain('value="Rope"');
  });

  it('saves a draft, lists it at /drafts, edits it and publishes it', async () => {
    const saved = await postForm('/compose', [['title', 'Half-written guide'], ['body', 'Steps to come'], ['block', '0:tutorial'], ['b0-text', 'Boil water'], ['b0-media', ''], ['b0-product', ''], ['b0-place', ''], ['intent', 'draft']], { cookie: yun.cookie });
    expect(saved.statusCode).toBe(303);
    const n = Number(/^\/drafts\?saved=(\d+)$/.exec(saved.headers.location as string)?.[1]);
    expect(n).toBeGreaterThan(0);
    const drafts = await browse(meadow, saved.headers.location as string, { cookie: yun.cookie, ...en });
    expect(drafts.body).toContain('<p class="form-saved" role="status">Draft saved.</p>');
    expect(drafts.body).toContain(`<a href="/compose?edit=${n}">Half-written guide</a>`);
    // Not public yet.
    expect((await browse(meadow, '/@yun', en)).body).not.toContain('Half-written guide');

    const edit = await browse(meadow, `/compose?edit=${n}`, { cookie: yun.cookie, ...en });
    expect(edit.body).toContain('<h1 class="page-title">Edit draft</h1>');
    expect(edit.body).toMatch(/<textarea id="b0-text-0" name="b0-text" rows="2" placeholder="Step 1">Boil water<\/textarea>/);
    const noteId = /name="noteId" value="([^"]+)"/.exec(edit.body)![1]!;
    // Someone else cannot open it for editing.
    expect((await browse(meadow, `/compose?edit=${n}`, { cookie: fan.cookie })).statusCode).toBe(404);

    const published = await postForm('/compose', [['noteId', noteId], ['title', 'Camp coffee guide'], ['body', 'Steps #coffee'], ['files', await jpeg(120)], ['block', '0:tutorial'], ['b0-text', 'Boil water'], ['b0-media', ''], ['b0-product', ''], ['b0-place', ''], ['b0-text', 'Pour slowly'], ['b0-media', ''], ['b0-product', ''], ['b0-place', ''], ['intent', 'publish']], { cookie: yun.cookie });
    expect(published.statusCode).toBe(303);
    expect(published.headers.location).toBe(`/notes/${n}`);
    const page = await browse(meadow, `/notes/${n}`, en);
    expect(page.body).toMatch(/<ol class="steps"><li><p>Boil water<\/p><\/li><li><p>Pour slowly<\/p><\/li><\/ol>/);
    expect((await browse(meadow, '/drafts', { cookie: yun.cookie, ...en })).body).toContain('No drafts.');
    expect(localId(noteId, 'Note')).toBe(n);
  });

  it('sends signed-out visitors to sign in and refuses posts from another site', async () => {
    for (const path of ['/compose', '/drafts', '/following']) {
      const res = await browse(meadow, path);
      expect(res.statusCode, path).toBe(303);
      expect(res.headers.location).toBe(`/signin?next=${encodeURIComponent(path)}`);
    }
    const anonymous = await postForm('/compose', [['title', 'x'], ['files', await jpeg(5)], ['intent', 'publish']], {});
    expect(anonymous.statusCode).toBe(401);
    const before = (await meadow.gql(`{ account(handle: "yun") { notes { edges { node { id } } } } }`)).data.account.notes.edges.length;
    const cross = await postForm('/compose', [['title', 'Forged'], ['files', await jpeg(5)], ['intent', 'publish']], { cookie: yun.cookie, origin: 'https://evil.example' });
    expect(cross.statusCode).toBe(403);
    const sec = await postForm('/compose', [['title', 'Forged'], ['files', await jpeg(5)], ['intent', 'publish']], { cookie: yun.cookie, origin: '', 'sec-fetch-site': 'cross-site' });
    expect(sec.statusCode).toBe(403);
    expect((await meadow.gql(`{ account(handle: "yun") { notes { edges { node { id } } } } }`)).data.account.notes.edges.length).toBe(before);
  });
});
