// The notifications page on a real instance: signed-out visitors are sent
// to sign in; a person sees who followed, liked, commented and mentioned
// them (in their language, links to the note, the comment and the
// profile, hostile names escaped), the header badge counts unread ones,
// "mark all as read" is a same-site form, nobody reads another's
// notification, and the SSE stream the island opens (GET /graphql with the
// session cookie) delivers a new notification.

import { afterAll, describe, expect, it } from 'vitest';
import { localId } from '../../../core/index.ts';
import { browse, person, postNote, startWeb, submit } from './helpers.ts';

describe('web: notifications', async () => {
  const meadow = await startWeb({ seed: false, config: { rateLimits: { authMax: 1000, authWindowMs: 60_000 } } });
  const stop = new AbortController();
  afterAll(async () => {
    stop.abort();
    await new Promise((r) => setTimeout(r, 100));
    await meadow.close();
  });
  const ann = await person(meadow, 'ann_web_n', { locale: 'en' });
  const ben = await person(meadow, 'ben_web_n');
  await meadow.gql('mutation { updateProfile(input: { displayName: "<script>alert(1)</script>Ben" }) { id } }', {}, { token: ben.token });
  const note = await postNote(meadow, ann, { title: 'Tea garden', body: 'Spring leaves' });
  const settle = () => meadow.kernel.bus.drain();

  it('sends a signed-out visitor to sign in and back', async () => {
    const res = await browse(meadow, '/notifications');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/signin?next=%2Fnotifications');
  });

  it('lists follows, likes, comments and mentions with links, a badge and escaped names', async () => {
    await meadow.gql('mutation($id: ID!) { follow(accountId: $id) { id } }', { id: ann.id }, { token: ben.token });
    await meadow.gql('mutation($id: ID!) { likeNote(id: $id) { id } }', { id: note.id }, { token: ben.token });
    const comment = await meadow.gql('mutation($n: ID!) { addComment(noteId: $n, body: "Lovely, @ann_web_n") { id } }', { n: note.id }, { token: ben.token });
    await settle();
    const res = await browse(meadow, '/notifications', { cookie: ann.cookie });
    expect(res.statusCode).toBe(200);
    const page = res.body;
    const commentNumber = localId(comment.data.addComment.id, 'Comment');
    expect(page).toContain(`<a href="/notes/${note.number}#comment-${commentNumber}">&lt;script&gt;alert(1)&lt;/script&gt;Ben commented on your note</a>`);
    expect(page).toContain(`<a href="/notes/${note.number}">&lt;script&gt;alert(1)&lt;/script&gt;Ben liked your note</a>`);
    expect(page).toContain('<a href="/@ben_web_n">&lt;script&gt;alert(1)&lt;/script&gt;Ben started following you</a>');
    expect(page).toContain('Tea garden');
    expect(page).not.toContain('<script>alert(1)');
    // The mention and the comment are one comment: Ann is told once, as its note's author.
    expect(page.match(/class="notification unread"/g)).toHaveLength(3);
    expect(page).toMatch(/href="\/notifications" aria-current="page">Notifications <span class="nav-badge" aria-hidden="true" data-badge>3<\/span><span class="visually-hidden" data-badge-label>\(3 unread\)<\/span>/);
    expect(page).toMatch(/<script type="module" src="\/assets\/notifications\.[\w-]+\.js"><\/script>/);
  });

  it('speaks the language of the reader', async () => {
    const cat = await person(meadow, 'cat_web_n', { locale: 'zh-CN' });
    await meadow.gql('mutation($id: ID!) { follow(accountId: $id) { id } }', { id: cat.id }, { token: ann.token });
    await settle();
    const res = await browse(meadow, '/notifications', { cookie: cat.cookie });
    expect(res.body).toContain('<a href="/@ann_web_n">ann_web_n 关注了你</a>');
    expect(res.body).toContain('>通知 <span class="nav-badge"');
  });

  it('marks everything read from a same-site form, and refuses one from elsewhere', async () => {
    const forged = await submit(meadow, '/notifications', { upTo: '' }, { cookie: ann.cookie, origin: 'https://evil.example' });
    expect(forged.statusCode).toBe(403);
    expect((await browse(meadow, '/notifications', { cookie: ann.cookie })).body.match(/class="notification unread"/g)).toHaveLength(3);
    const res = await submit(meadow, '/notifications', { upTo: '' }, { cookie: ann.cookie });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/notifications');
    const after = (await browse(meadow, '/notifications', { cookie: ann.cookie })).body;
    expect(after).not.toContain('notification unread');
    expect(after).not.toContain('data-badge');
    expect(after.match(/class="notification"/g)).toHaveLength(3);
  });

  it("shows a notification's item only to its recipient", async () => {
    const list = await meadow.gql('{ notifications(first: 1) { edges { node { id } } } }', {}, { token: ann.token });
    const id = list.data.notifications.edges[0].node.id;
    const own = await browse(meadow, `/notifications/item/${id}`, { cookie: ann.cookie });
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain(`data-id="${id}"`);
    expect((await browse(meadow, `/notifications/item/${id}`, { cookie: ben.cookie })).statusCode).toBe(404);
    expect((await browse(meadow, `/notifications/item/${id}`)).statusCode).toBe(404);
  });

  it('streams new notifications over the SSE URL the island opens, with the session cookie', async () => {
    const page = (await browse(meadow, '/notifications', { cookie: ann.cookie })).body;
    const stream = /data-stream="([^"]+)"/.exec(page)?.[1]?.replaceAll('&amp;', '&');
    expect(stream).toMatch(/^\/graphql\?query=/);
    await meadow.app.listen({ port: 0, host: '127.0.0.1' });
    const address = meadow.app.server.address();
    if (!address || typeof address === 'string') throw new Error('not listening on TCP');
    const res = await fetch(`http://127.0.0.1:${address.port}${stream}`, { headers: { accept: 'text/event-stream', cookie: ann.cookie }, signal: stop.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const dee = await person(meadow, 'dee_web_n');
    setTimeout(() => void meadow.gql('mutation($id: ID!) { follow(accountId: $id) { id } }', { id: ann.id }, { token: dee.token }).then(settle), 100);
    let text = '';
    const deadline = Date.now() + 5_000;
    while (!text.includes('notificationAdded') && Date.now() < deadline) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    const id = /"notificationAdded":\{"id":"([^"]+)"\}/.exec(text)?.[1];
    expect(id, text).toBeTruthy();
    // What the island then fetches and puts on top.
    const item = await browse(meadow, `/notifications/item/${id}`, { cookie: ann.cookie });
    expect(item.body).toContain('dee_web_n started following you');
  });

  it('serves the island itself', async () => {
    const page = (await browse(meadow, '/notifications', { cookie: ann.cookie })).body;
    const src = /src="(\/assets\/notifications\.[\w-]+\.js)"/.exec(page)![1]!;
    const asset = await meadow.app.inject({ method: 'GET', url: src });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.body).toContain('EventSource');
  });
});
