// Sign-up, sign-in, sign-out and settings as a person without JavaScript
// uses them: plain forms, the API's messages next to the field they are
// about, the session cookie, going back where they came from (on this site
// only), refusals of cross-site posts, and each settings form taking effect.

import { afterAll, describe, expect, it } from 'vitest';
import { AccountsServiceRef, localId } from '../../../core/index.ts';
import { BROWSER_ACCEPT, browse, person, startWeb, submit } from './helpers.ts';
import { jpeg, multipart, sessionCookie } from './form-helpers.ts';

describe('web: sign-up, sign-in, sign-out and settings', async () => {
  const meadow = await startWeb({ seed: false });
  afterAll(() => meadow.close());
  const boss = await person(meadow, 'boss');
  await meadow.kernel.contextOf('accounts').services.get(AccountsServiceRef).setRole(localId(boss.id, 'Account'), 'admin');
  await meadow.gql(`mutation { updateBranding(input: { name: "Hill Club", rules: ["Be kind to newcomers", "No ads"] }) { name } }`, {}, { token: boss.token });
  const en = { 'accept-language': 'en' };

  it('signs up with the rules shown: errors sit next to their field, then the person is signed in and back where they were', async () => {
    const form = await browse(meadow, '/signup?next=/tags/hiking', en);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<h1 id="signup-title">Join Hill Club</h1>');
    expect(form.body).toMatch(/<h2 id="rules-title">The rules of Hill Club<\/h2>\s*<ol><li>Be kind to newcomers<\/li><li>No ads<\/li><\/ol>/);
    expect(form.body).toContain('<input type="hidden" name="next" value="/tags/hiking">');

    const unagreed = await submit(meadow, '/signup', { handle: 'mei', password: 'Sunny-Meadow-7', next: '/tags/hiking' }, en);
    expect(unagreed.statusCode).toBe(400);
    expect(unagreed.body).toContain('<p class="field-error" id="agree-error" role="alert">Please read the rules and tick the box to agree.</p>');
    expect(sessionCookie(unagreed)).toBeNull();

    const weak = await submit(meadow, '/signup', { handle: 'mei', displayName: 'Mei <b>', password: 'short', agree: '1', next: '/tags/hiking' }, en);
    expect(weak.statusCode).toBe(400);
    expect(weak.body).toMatch(/name="password" type="password" value="" required autocomplete="new-password" aria-invalid="true" aria-describedby="password-hint password-error">/);
    expect(weak.body).toContain('<p class="field-error" id="password-error" role="alert">The password is too short: use at least');
    // What was typed stays (escaped), except the password.
    expect(weak.body).toContain('value="Mei &lt;b&gt;"');
    expect(weak.body).toMatch(/name="handle" type="text" value="mei"/);

    const taken = await submit(meadow, '/signup', { handle: 'boss', password: 'Sunny-Meadow-7', agree: '1' }, en);
    expect(taken.body).toContain('<p class="field-error" id="handle-error" role="alert">The handle &quot;boss&quot; is already taken</p>');

    const ok = await submit(meadow, '/signup', { handle: 'mei', displayName: 'Mei', password: 'Sunny-Meadow-7', agree: '1', locale: 'en', next: '/tags/hiking' }, en);
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/tags/hiking');
    const cookie = sessionCookie(ok)!;
    expect(cookie).toMatch(/^meadow_session=.+/);
    expect(String(ok.headers['set-cookie'])).toMatch(/HttpOnly/i);
    const home = await browse(meadow, '/', { cookie });
    expect(home.body).toContain('<li><a href="/@mei">My profile</a></li>');
    expect(home.body).toContain('<li><a href="/compose">Post</a></li>');
    expect(home.body).not.toContain('href="/signin');
  });

  it('signs in with a clear message for a wrong password, and never follows a next that leaves the site', async () => {
    await person(meadow, 'lin', { locale: 'en' });
    const page = await browse(meadow, '/', en);
    // Signed out, the header offers sign-in and sign-up.
    expect(page.body).toContain('<li><a href="/signin">Sign in</a></li>');
    expect((await browse(meadow, '/tags/hiking', en)).body).toContain('<a href="/signin?next=%2Ftags%2Fhiking">Sign in</a>');

    const wrong = await submit(meadow, '/signin', { handle: 'lin', password: 'not-the-password-1', next: '/@lin' }, en);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('<p class="form-error" role="alert" id="form-error">The handle or password is not right</p>');
    expect(wrong.body).toMatch(/name="handle" type="text" value="lin"/);
    expect(sessionCookie(wrong)).toBeNull();

    const right = await submit(meadow, '/signin', { handle: 'lin', password: 'Correct-Horse-42', next: '/@lin' }, en);
    expect(right.statusCode).toBe(303);
    expect(right.headers.location).toBe('/@lin');
    const cookie = sessionCookie(right)!;
    expect((await meadow.app.inject({ method: 'POST', url: '/graphql', headers: { cookie, 'content-type': 'application/json' }, payload: { query: '{ me { handle } }' } })).json().data.me.handle).toBe('lin');

    for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const res = await submit(meadow, '/signin', { handle: 'lin', password: 'Correct-Horse-42', next }, en);
      expect(res.headers.location, next).toBe('/');
    }
    // Signed in already: the form sends the person on.
    expect((await browse(meadow, '/signin?next=/@lin', { cookie })).headers.location).toBe('/@lin');
  });

  it('refuses sign-in, sign-up and settings posts from another site', async () => {
    const evil = { origin: 'https://evil.example' };
    const signin = await submit(meadow, '/signin', { handle: 'lin', password: 'Correct-Horse-42' }, evil);
    expect(signin.statusCode).toBe(403);
    expect(sessionCookie(signin)).toBeNull();
    expect((await submit(meadow, '/signup', { handle: 'eve', password: 'Sunny-Meadow-7', agree: '1' }, evil)).statusCode).toBe(403);
    expect((await meadow.gql(`{ account(handle: "eve") { id } }`)).data.account).toBeNull();
    const lin = await submit(meadow, '/signin', { handle: 'lin', password: 'Correct-Horse-42' });
    const cross = await submit(meadow, '/settings/profile', { displayName: 'Hacked' }, { cookie: sessionCookie(lin)!, 'sec-fetch-site': 'cross-site' });
    expect(cross.statusCode).toBe(403);
    expect((await meadow.gql(`{ account(handle: "lin") { displayName } }`)).data.account.displayName).not.toBe('Hacked');
  });

  it('signs out with a confirmation: GET only asks, POST ends the session', async () => {
    const res = await submit(meadow, '/signin', { handle: 'lin', password: 'Correct-Horse-42' });
    const cookie = sessionCookie(res)!;
    const ask = await browse(meadow, '/signout', { cookie, ...en });
    expect(ask.body).toContain('You are signed in as @lin.');
    expect((await browse(meadow, '/', { cookie })).body).toContain('href="/@lin"');
    const out = await submit(meadow, '/signout', {}, { cookie });
    expect(out.statusCode).toBe(303);
    expect(String(out.headers['set-cookie'])).toMatch(/meadow_session=;/);
    // The old cookie no longer signs anyone in.
    expect((await browse(meadow, '/', { cookie, ...en })).body).toContain('<a href="/signin">Sign in</a>');
  });

  it('changes profile, privacy, password and avatar through the settings forms', async () => {
    const sam = await person(meadow, 'sam', { locale: 'en' });
    const cookie = sam.cookie;
    expect((await browse(meadow, '/settings')).headers.location).toBe('/signin?next=%2Fsettings');
    const page = await browse(meadow, '/settings', { cookie });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h2 id="settings-password">Password</h2>');

    const badLink = await submit(meadow, '/settings/profile', { displayName: 'Sam W', bio: 'Hikes', locale: 'en', linkLabel: 'Blog', linkUrl: 'javascript:alert(1)' }, { cookie });
    expect(badLink.statusCode).toBe(400);
    expect(badLink.body).toContain('<p class="field-error" id="links-error" role="alert">Link 1 must be an http:// or https:// address');
    expect(badLink.body).toContain('value="Sam W"');
    const saved = await submit(meadow, '/settings/profile', { displayName: 'Sam W', bio: 'Hikes on weekends', locale: 'zh-CN', linkLabel: 'Blog', linkUrl: 'https://sam.example/' }, { cookie });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/settings?saved=profile');
    expect((await browse(meadow, '/settings?saved=profile', { cookie })).body).toContain('<p class="form-saved" role="status">已保存。</p>');
    const profile = await browse(meadow, '/@sam');
    expect(profile.body).toContain('<h1 id="profile-name">Sam W</h1>');
    expect(profile.body).toContain('<a href="https://sam.example/" rel="me nofollow noopener">Blog</a>');

    expect((await submit(meadow, '/settings/privacy', { locked: '1', hideNetwork: '1' }, { cookie })).statusCode).toBe(303);
    let me = (await meadow.gql(`{ me { locked hideNetwork } }`, {}, { token: sam.token })).data.me;
    expect(me).toEqual({ locked: true, hideNetwork: true });
    await submit(meadow, '/settings/privacy', { hideNetwork: '1' }, { cookie });
    me = (await meadow.gql(`{ me { locked hideNetwork } }`, {}, { token: sam.token })).data.me;
    expect(me).toEqual({ locked: false, hideNetwork: true });

    const wrongCurrent = await submit(meadow, '/settings/password', { currentPassword: 'nope-nope-1', newPassword: 'Brand-New-Trail-9' }, { cookie, 'accept-language': 'en' });
    expect(wrongCurrent.statusCode).toBe(400);
    expect(wrongCurrent.body).toContain('<p class="field-error" id="currentPassword-error" role="alert">The current password is not right</p>');
    expect((await submit(meadow, '/settings/password', { currentPassword: 'Correct-Horse-42', newPassword: 'Brand-New-Trail-9' }, { cookie })).headers.location).toBe('/settings?saved=password');
    expect((await submit(meadow, '/signin', { handle: 'sam', password: 'Brand-New-Trail-9' })).statusCode).toBe(303);

    const body = await multipart([['avatar', await jpeg(200)]]);
    const upload = await meadow.app.inject({ method: 'POST', url: '/settings/avatar', payload: body.payload, headers: { cookie, accept: BROWSER_ACCEPT, 'content-type': body.contentType, origin: meadow.kernel.config.publicUrl } });
    expect(upload.statusCode).toBe(303);
    const avatar = (await meadow.gql(`{ me { avatar { url(variant: small) } } }`, {}, { token: sam.token })).data.me.avatar;
    expect(avatar.url).toMatch(/\/media\/files\//);
    expect((await browse(meadow, '/@sam')).body).toContain(`<img class="avatar" src="${avatar.url}"`);
    const notImage = await multipart([['avatar', new Blob(['hello'], { type: 'image/jpeg' })]]);
    const refused = await meadow.app.inject({ method: 'POST', url: '/settings/avatar', payload: notImage.payload, headers: { cookie, accept: BROWSER_ACCEPT, 'accept-language': 'en', 'content-type': notImage.contentType, origin: meadow.kernel.config.publicUrl } });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('id="avatar-error" role="alert">');
    // The avatar that was set stays.
    expect((await meadow.gql(`{ me { avatar { url(variant: small) } } }`, {}, { token: sam.token })).data.me.avatar.url).toBe(avatar.url);
  });
});
