// Signed-in use without JavaScript: like, share, comment and follow
// through the pages' forms (and the JSON the island gets), refusals of
// cross-site and signed-out posts, safe rendering of hostile strings,
// language choice, and the brand driving the theme.

import { afterAll, describe, expect, it } from 'vitest';
import { AccountsServiceRef, localId } from '../../../core/index.ts';
import { browse, person, postNote, startWeb, submit } from './helpers.ts';

describe('web: forms, safety, languages and branding', async () => {
  const meadow = await startWeb({ seed: false });
  afterAll(() => meadow.close());
  const lin = await person(meadow, 'lin', { displayName: 'Lin', locale: 'zh-CN' });
  const sam = await person(meadow, 'sam', { displayName: 'Sam', locale: 'en' });
  const note = await postNote(meadow, lin, {
    title: 'Camping checklist',
    body: 'Three nights out #camping',
    images: 2,
    blocks: [{ kind: 'checklist', title: 'Bring', items: [{ name: 'Tent' }, { name: 'Lamp', note: 'spare batteries' }] }],
  });

  it('likes and unlikes a note with the plain form (303 back to the page) and shows the state', async () => {
    const page = await browse(meadow, `/notes/${note.number}`, { cookie: sam.cookie });
    expect(page.body).toMatch(/<form method="post" action="\/actions\/like" data-action="like">/);
    expect(page.body).toMatch(/aria-pressed="false" data-on="Liked" data-off="Like"><span data-label>Like<\/span> <span data-count>0<\/span>/);
    const liked = await submit(meadow, '/actions/like', { noteId: note.id, on: '1', next: `/notes/${note.number}` }, { cookie: sam.cookie });
    expect(liked.statusCode).toBe(303);
    expect(liked.headers.location).toBe(`/notes/${note.number}`);
    const after = await browse(meadow, `/notes/${note.number}`, { cookie: sam.cookie });
    expect(after.body).toMatch(/aria-pressed="true" data-on="Liked" data-off="Like"><span data-label>Liked<\/span> <span data-count>1<\/span>/);
    // The island asks for JSON and gets the new state.
    const json = await submit(meadow, '/actions/like', { noteId: note.id, on: '0' }, { cookie: sam.cookie, accept: 'application/json' });
    expect(json.json()).toEqual({ ok: true, on: false, count: 0 });
  });

  it('refuses cross-site posts, signed-out posts and a next that leaves the site', async () => {
    const cross = await submit(meadow, '/actions/like', { noteId: note.id, on: '1' }, { cookie: sam.cookie, origin: 'https://evil.example' });
    expect(cross.statusCode).toBe(403);
    const fetchSite = await submit(meadow, '/actions/like', { noteId: note.id, on: '1' }, { cookie: sam.cookie, 'sec-fetch-site': 'cross-site' });
    expect(fetchSite.statusCode).toBe(403);
    const anonymous = await submit(meadow, '/actions/like', { noteId: note.id, on: '1' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/text\/html/);
    const offsite = await submit(meadow, '/actions/like', { noteId: note.id, on: '1', next: '//evil.example/x' }, { cookie: sam.cookie });
    expect(offsite.headers.location).toBe('/');
    const bad = await submit(meadow, '/actions/like', { noteId: 'not-an-id', on: '1' }, { cookie: sam.cookie, accept: 'application/json' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('BAD_USER_INPUT');
    const res = await meadow.gql(`query($id: ID!) { note(id: $id) { likesCount } }`, { id: note.id });
    expect(res.data.note.likesCount).toBe(1);
  });

  it('comments and replies through forms; the thread shows on the note page', async () => {
    const posted = await submit(meadow, '/actions/comment', { noteId: note.id, body: 'Which tent? #camping', next: `/notes/${note.number}` }, { cookie: sam.cookie });
    expect(posted.statusCode).toBe(303);
    const commentNumber = /#comment-(\d+)$/.exec(posted.headers.location as string)![1]!;
    const page = await browse(meadow, `/notes/${note.number}`, { cookie: lin.cookie });
    expect(page.body).toContain(`<li class="comment" id="comment-${commentNumber}">`);
    expect(page.body).toContain('Which tent?');
    const commentId = Buffer.from(`Comment:${commentNumber}`).toString('base64url');
    const reply = await submit(meadow, '/actions/comment', { noteId: note.id, replyTo: commentId, body: 'A three-season one', next: `/notes/${note.number}` }, { cookie: lin.cookie });
    expect(reply.statusCode).toBe(303);
    const thread = await browse(meadow, `/notes/${note.number}`);
    expect(thread.body).toMatch(new RegExp(`id="comment-${commentNumber}">[\\s\\S]*<ul class="replies"[^>]*><li class="comment" id="comment-\\d+">[\\s\\S]*A three-season one`));
    const empty = await submit(meadow, '/actions/comment', { noteId: note.id, body: '   ' }, { cookie: sam.cookie });
    expect(empty.statusCode).toBe(400);
  });

  it('follows and unfollows from the profile page', async () => {
    const page = await browse(meadow, '/@lin', { cookie: sam.cookie });
    expect(page.body).toContain('action="/actions/follow"');
    expect(page.body).not.toContain('remote-acct');
    const followed = await submit(meadow, '/actions/follow', { accountId: lin.id, on: '1', next: '/@lin' }, { cookie: sam.cookie });
    expect(followed.statusCode).toBe(303);
    expect((await browse(meadow, '/@lin', { cookie: sam.cookie })).body).toMatch(/<span>1 follower<\/span>/);
    // No follow button on one's own page.
    expect((await browse(meadow, '/@lin', { cookie: lin.cookie })).body).not.toContain('action="/actions/follow"');
  });

  it('renders hostile strings as text: script tags, quotes and javascript: URLs never become markup', async () => {
    const evil = await person(meadow, 'mallory', { displayName: '<script>alert(1)</script>"><img src=x>' });
    const profile = await meadow.gql(`mutation { updateProfile(input: { bio: "\\"><script>alert(3)</script>", links: [{ label: "<b>site</b>", url: "https://example.com/?q=\\"onmouseover=alert(4)" }] }) { handle } }`, {}, { token: evil.token });
    expect(profile.errors).toBeUndefined();
    const hostile = await postNote(meadow, evil, {
      title: '</title><script>alert(5)</script>',
      body: 'see [x](javascript:alert(6)) and <b onclick=alert(7)>bold</b> #safe',
      images: 1,
      blocks: [{ kind: 'checklist', items: [{ name: '<i>x</i>', link: 'https://example.com/list' }] }],
    });
    const pages = [await browse(meadow, `/notes/${hostile.number}`), await browse(meadow, '/@mallory'), await browse(meadow, '/'), await meadow.app.inject({ method: 'GET', url: '/@mallory/feed.atom' })];
    for (const page of pages) {
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toMatch(/<script>alert/);
      expect(page.body).not.toMatch(/<img src=x/);
      expect(page.body).not.toMatch(/href="javascript:/i);
      expect(page.body).not.toMatch(/<b onclick/);
      expect(page.body).not.toMatch(/"onmouseover=/);
    }
    expect(pages[0]!.body).toContain('&lt;/title&gt;&lt;script&gt;alert(5)&lt;/script&gt;');
    expect(pages[1]!.body).toContain('<h1 id="profile-name">&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x&gt;</h1>');
    // The title is escaped inside <title> and in the meta attributes too.
    expect(pages[0]!.body).toContain('<meta property="og:title" content="&lt;/title&gt;&lt;script&gt;alert(5)&lt;/script&gt;">');
  });

  it('speaks the signed-in person\'s language, else the picked one, else Accept-Language, else the instance default', async () => {
    const en = await browse(meadow, '/', { 'accept-language': 'en-GB,en;q=0.9' });
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('Skip to content');
    const zh = await browse(meadow, '/', { 'accept-language': 'zh-TW,zh;q=0.9,en;q=0.5' });
    expect(zh.body).toContain('<html lang="zh-CN">');
    expect(zh.body).toContain('跳到正文');
    // Nothing we speak: the instance default (zh-CN).
    expect((await browse(meadow, '/', { 'accept-language': 'fr-FR' })).body).toContain('<html lang="zh-CN">');
    // Sam's account says en, whatever the browser says.
    expect((await browse(meadow, '/', { 'accept-language': 'zh-CN', cookie: sam.cookie })).body).toContain('<html lang="en">');
    // A visitor picks English in the footer: a cookie, then English pages.
    const picked = await submit(meadow, '/actions/locale', { locale: 'en', next: '/@lin' });
    expect(picked.statusCode).toBe(303);
    expect(picked.headers.location).toBe('/@lin');
    const cookie = String(picked.headers['set-cookie']).split(';')[0]!;
    expect(cookie).toBe('meadow_locale=en');
    expect((await browse(meadow, '/', { 'accept-language': 'zh-CN', cookie })).body).toContain('<html lang="en">');
    // Lin (zh-CN) switches to English: her account changes too.
    await submit(meadow, '/actions/locale', { locale: 'en' }, { cookie: lin.cookie });
    expect((await meadow.gql('{ me { locale } }', {}, { token: lin.token })).data.me.locale).toBe('en');
    expect((await submit(meadow, '/actions/locale', { locale: 'fr' })).statusCode).toBe(400);
  });

  it('takes name, colours, logo and default language from the branding, with no code change', async () => {
    const admin = await person(meadow, 'boss');
    await meadow.kernel.contextOf('accounts').services.get(AccountsServiceRef).setRole(localId(admin.id, 'Account'), 'admin');
    const res = await meadow.gql(
      `mutation($input: BrandingInput!) { updateBranding(input: $input) { name } }`,
      { input: { name: 'Camp & Co', colors: { primary: '#0a7d3b', accent: '#222222', background: '#fffdf5' }, logoUrl: 'https://cdn.example/logo.png', defaultLocale: 'en' } },
      { token: admin.token },
    );
    expect(res.errors).toBeUndefined();
    const page = await browse(meadow, '/');
    expect(page.body).toContain('--brand:#0a7d3b;');
    expect(page.body).toContain('--bg:#fffdf5;');
    expect(page.body).toContain('--accent:#222222;');
    expect(page.body).toContain('<title>Camp &amp; Co</title>');
    expect(page.body).toContain('<img src="https://cdn.example/logo.png" alt="" width="32" height="32"><span>Camp &amp; Co</span>');
    expect(page.body).toContain('<meta name="theme-color" content="#0a7d3b">');
    expect(page.body).toContain('<html lang="en">');
    const manifest = (await meadow.app.inject({ method: 'GET', url: '/manifest.webmanifest' })).json();
    expect(manifest).toMatchObject({ name: 'Camp & Co', theme_color: '#0a7d3b', background_color: '#fffdf5', icons: [{ src: 'https://cdn.example/logo.png' }] });
    // A logo URL that is not http(s) is never put into the page.
    await meadow.gql(`mutation { updateBranding(input: { logoUrl: "javascript:alert(1)" }) { name } }`, {}, { token: admin.token });
    expect((await browse(meadow, '/')).body).not.toContain('javascript:');
  });

  it('refuses a remote-follow address that is not name@host', async () => {
    const res = await submit(meadow, '/actions/remote-follow', { handle: 'lin', acct: 'not an address' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('name@instance.example');
  });
});
