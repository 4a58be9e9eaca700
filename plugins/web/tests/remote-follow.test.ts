// "Follow from your own instance", Meadow to Meadow over HTTPS: B's profile
// page sends a visitor to their home instance A (found through the OStatus
// subscribe link A publishes in WebFinger), A's /authorize_interaction
// resolves the account through lookupRemote and follows it; a post URL
// gets an "Open" link to its copy on A.

import { afterAll, describe, expect, it } from 'vitest';
import { startTlsInstance, settle } from '../../../tests/federation/tls.ts';
import { BROWSER_ACCEPT, browse, person, postNote, submit } from './helpers.ts';

describe('web: remote follow between two Meadow instances', async () => {
  const a = await startTlsInstance({ discover: true });
  const b = await startTlsInstance({ discover: true });
  afterAll(async () => {
    await a.close();
    await b.close();
  });
  const alice = await person(a, 'alice', { displayName: 'Alice', locale: 'en' });
  const bob = await person(b, 'bob', { displayName: 'Bob Builder', locale: 'en' });
  await b.gql('mutation { updateProfile(input: { bio: "I build <b>boats</b> & <script>x()</script>" }) { bio } }', {}, { token: bob.token });
  const note = await postNote(b, bob, { title: 'Launch day', body: 'The boat floats #boats', images: 1 });
  const interactUrl = (uri: string) => `/authorize_interaction?uri=${encodeURIComponent(uri)}`;

  it('publishes the subscribe template in WebFinger', async () => {
    const res = await a.app.inject({ method: 'GET', url: `/.well-known/webfinger?resource=acct:alice@${a.host}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().links).toContainEqual({ rel: 'http://ostatus.org/schema/1.0/subscribe', template: `${a.url}/authorize_interaction?uri={uri}` });
  });

  it('sends a visitor of B to their own instance A with the account to follow', async () => {
    const profile = await browse(b, '/@bob');
    expect(profile.body).toContain('<form method="post" action="/actions/remote-follow">');
    expect(profile.body).toContain('<input type="hidden" name="handle" value="bob">');
    const go = await submit(b, '/actions/remote-follow', { handle: 'bob', acct: `@alice@${a.host}` });
    expect(go.statusCode, /<section class="message"[\s\S]*?<\/section>/.exec(go.body)?.[0]).toBe(303);
    expect(go.headers.location).toBe(`${a.url}/authorize_interaction?uri=${encodeURIComponent(`acct:bob@${b.host}`)}`);
    const bad = await submit(b, '/actions/remote-follow', { handle: 'bob', acct: 'not an address' });
    expect(bad.statusCode).toBe(400);
  });

  it('asks a signed-out visitor on A to sign in first, and follows once signed in', async () => {
    const uri = `acct:bob@${b.host}`;
    const signedOut = await browse(a, interactUrl(uri), { 'accept-language': 'en' });
    expect(signedOut.statusCode).toBe(401);
    expect(signedOut.body).toContain('Sign in to Meadow to follow or open this from your account here.');
    expect(signedOut.body).toContain(`<a class="button primary" href="/signin?next=${encodeURIComponent(interactUrl(uri))}">`);

    const page = await browse(a, interactUrl(uri), { cookie: alice.cookie });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1 id="interact-title">Follow Bob Builder</h1>');
    expect(page.body).toContain(`<p class="handle">@bob@${b.host}</p>`);
    // The remote bio is sanitized on the way in and escaped here: no markup from B.
    expect(page.body).toContain('<p class="bio">I build');
    expect(page.body).not.toContain('<script>x()');
    const accountId = /name="accountId" value="([^"]+)"/.exec(page.body)![1]!;
    expect(page.body).toMatch(/<button type="submit" class="primary">Follow<\/button>/);

    const followed = await submit(a, '/authorize_interaction', { uri, accountId, on: '1' }, { cookie: alice.cookie });
    expect(followed.statusCode).toBe(303);
    expect(followed.headers.location).toBe(interactUrl(uri));
    await settle(a, b);
    const bobNow = await b.gql('query { account(handle: "bob") { followersCount } }');
    expect(bobNow.data.account.followersCount).toBe(1);
    const after = await browse(a, interactUrl(uri), { cookie: alice.cookie });
    expect(after.body).toContain(`<p role="status">You follow @bob@${b.host}.</p>`);
    expect(after.body).toMatch(/<button type="submit" class="secondary">Unfollow<\/button>/);
    const following = await a.gql('query { me { followingCount } }', {}, { token: alice.token });
    expect(following.data.me.followingCount).toBe(1);
  });

  it('accepts the actor URL and a post URL as the uri: a post opens as its copy here', async () => {
    const actor = await browse(a, interactUrl(`${b.url}/users/bob`), { cookie: alice.cookie });
    expect(actor.statusCode).toBe(200);
    expect(actor.body).toContain(`<p class="handle">@bob@${b.host}</p>`);

    const post = await browse(a, interactUrl(`${b.url}/notes/${note.number}`), { cookie: alice.cookie });
    expect(post.statusCode).toBe(200);
    const open = /<a class="button primary" href="(\/notes\/\d+)">Open<\/a>/.exec(post.body);
    expect(open).not.toBeNull();
    const copy = await browse(a, open![1]!, { cookie: alice.cookie });
    expect(copy.statusCode).toBe(200);
    expect(copy.body).toContain('Launch day');
  });

  it('answers a missing or unknown uri with a page that says so, and refuses cross-site posts', async () => {
    expect((await browse(a, '/authorize_interaction', { cookie: alice.cookie })).statusCode).toBe(400);
    const unknown = await browse(a, interactUrl(`acct:nobody@${b.host}`), { cookie: alice.cookie });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain(`Nothing was found at acct:nobody@${b.host}.`);
    const cross = await a.app.inject({
      method: 'POST',
      url: '/authorize_interaction',
      headers: { accept: BROWSER_ACCEPT, 'content-type': 'application/x-www-form-urlencoded', origin: b.url, cookie: alice.cookie },
      payload: new URLSearchParams({ uri: `acct:bob@${b.host}`, accountId: 'x', on: '0' }).toString(),
    });
    expect(cross.statusCode).toBe(403);
    expect((await b.gql('query { account(handle: "bob") { followersCount } }')).data.account.followersCount).toBe(1);
  });
});
