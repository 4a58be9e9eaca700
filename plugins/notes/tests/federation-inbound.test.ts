// Notes arriving from another instance: two real Meadow instances over TLS
// on 127.0.0.1, running the real plugins (discovered). Bob posts on B, Alice
// follows him from A, and everything that travels from B (notes with
// images, tags and warnings, edits, deletes, replies, polls and events) and
// to B (comments, likes, shares, their Undo) takes effect on the other side.
//
// Activities are built the way Mastodon and Misskey send them and
// delivered through FederationService.sendActivity, so this suite checks
// the inbound half on its own; when the outbound half already sends the
// same activity, `ensure` sees it arrived and sends nothing more.
import { describe, it, expect, afterAll } from 'vitest';
import { Accept, Announce, Create, Delete, Like, Note, PUBLIC_COLLECTION, QuoteAuthorization, QuoteRequest, Reject, Tombstone, Undo, Update, type Activity } from '@fedify/vocab';
import { AccountsServiceRef, FederationServiceRef, fromGlobalId, MediaServiceRef, toGlobalId } from '../../../core/index.ts';
import { signUp } from '../../../tests/core/accounts-helpers.ts';
import { startTlsInstance, settle, type TlsInstance } from '../../../tests/federation/tls.ts';
import sharp from 'sharp';

const FEED = `query { followingFeed(first: 20) { edges { node { id title body bodyHtml html hashtags contentWarning visibility remoteUrl likesCount commentsCount
  author { handle } images { url remote alt width height blurhash media { id } } quoteUrl quote { title } } } } }`;
const NOTE = `query($id: ID!) { note(id: $id) { id title bodyHtml likesCount sharesCount commentsCount remoteUrl
  comments(first: 5) { edges { node { id body remoteUrl author { handle } replies(first: 3) { edges { node { body author { handle } remoteUrl } } } } } } } }`;
const AS_CONTEXT = ['https://www.w3.org/ns/activitystreams', {
  toot: 'http://joinmastodon.org/ns#', blurhash: 'toot:blurhash', sensitive: 'as:sensitive', Hashtag: 'as:Hashtag',
  quote: { '@id': 'https://w3id.org/fep/044f#quote', '@type': '@id' }, _misskey_quote: 'https://misskey-hub.net/ns#_misskey_quote',
}];

describe('notes federation, inbound', async () => {
  // The real plugins, found as in production (notes, topics, search …).
  const a = await startTlsInstance({ discover: true });
  const b = await startTlsInstance({ discover: true });
  afterAll(async () => {
    await a.close();
    await b.close();
  });
  const alice = await signUp(a, 'alice');
  const bob = await signUp(b, 'bob');
  const fedA = a.kernel.contextOf('federation').services.get(FederationServiceRef);
  const fedB = b.kernel.contextOf('federation').services.get(FederationServiceRef);
  const idOf = async (m: TlsInstance, handle: string) => (await m.kernel.contextOf('accounts').services.get(AccountsServiceRef).getByHandle(handle))!.id;
  const aliceId = await idOf(a, 'alice');
  const bobId = await idOf(b, 'bob');
  const bobUri = fedB.actorUri('bob');
  const aliceUri = fedA.actorUri('alice');
  const bobFollowers = new URL(`${bobUri.href}/followers`);

  /** Bob sends to his followers (alice on A). */
  const fromBob = async (activity: Activity) => {
    await fedB.sendActivity({ accountId: bobId }, 'followers', activity);
    await settle(a, b);
  };
  /** Alice sends to bob on B. */
  const fromAlice = async (activity: Activity) => {
    const bobOnA = (await a.kernel.contextOf('accounts').services.get(AccountsServiceRef).getByActorUri(bobUri.href))!;
    await fedA.sendActivity({ accountId: aliceId }, (await fedA.remoteActorOf(bobOnA))!, activity);
    await settle(a, b);
  };
  /** Carol (on B, signed up later) sends to alice on A. */
  const fromCarol = async (activity: Activity) => {
    const aliceOnB = (await b.kernel.contextOf('accounts').services.get(AccountsServiceRef).getByActorUri(aliceUri.href))!;
    await fedB.sendActivity({ accountId: await idOf(b, 'carol') }, (await fedB.remoteActorOf(aliceOnB))!, activity);
    await settle(a, b);
  };
  /** Lets the outbound half deliver first; sends the activity ourselves only when it did not arrive. */
  const ensure = async (arrived: () => Promise<boolean>, send: () => Promise<void>) => {
    await settle(a, b);
    if (!(await arrived())) await send();
  };
  const feed = async () => {
    const res = await a.gql(FEED, {}, { token: alice.token });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data.followingFeed.edges.map((e: any) => e.node);
  };
  const noteOn = async (m: TlsInstance, id: string, token?: string) => {
    const res = await m.gql(NOTE, { id }, { token });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data.note;
  };
  const mastodonNote = (path: string, fields: Record<string, unknown>) =>
    Note.fromJsonLd({ '@context': AS_CONTEXT, id: `${b.url}${path}`, type: 'Note', attributedTo: bobUri.href, to: [PUBLIC_COLLECTION.href], cc: [bobFollowers.href], published: '2025-06-01T10:00:00Z', ...fields });
  const create = (note: Note) => new Create({ id: new URL(`${note.id!.href}/activity`), actor: bobUri, object: note, tos: note.toIds, ccs: note.ccIds });

  it('alice follows bob; his note arrives in her following feed with title, remote images, tags and content warning', async () => {
    const res = await a.gql('mutation($h: String!) { followRemote(handle: $h) { state } }', { h: `bob@${b.host}` }, { token: alice.token });
    expect(res.errors).toBeUndefined();
    await settle(a, b);
    const note = await mastodonNote('/ap/notes/1', {
      name: 'Mountain trip 山行',
      summary: 'Heights',
      sensitive: true,
      content: '<p>Up the <a href="https://b.example/tags/hiking" class="mention hashtag" rel="tag">#<span>hiking</span></a> trail, with <a href="' + aliceUri.href + '" class="u-url mention">@alice</a></p>',
      contentMap: { en: '<p>Up the #hiking trail</p>' },
      tag: [
        { type: 'Hashtag', href: `${b.url}/tags/hiking`, name: '#hiking' },
        { type: 'Hashtag', href: `${b.url}/tags/露营`, name: '#露营' },
        { type: 'Mention', href: aliceUri.href, name: `@alice@${a.host}` },
      ],
      attachment: [
        { type: 'Document', mediaType: 'image/jpeg', url: 'https://cdn.example.org/1.jpg', name: 'A ridge at dawn', width: 1200, height: 800, blurhash: 'LEHV6nWB2yk8pyo0adR*.7kCMdnj' },
        { type: 'Document', mediaType: 'image/png', url: 'https://cdn.example.org/2.png', name: null, width: 640, height: 480 },
        { type: 'Document', mediaType: 'application/pdf', url: 'https://cdn.example.org/menu.pdf' },
      ],
      url: `${b.url}/@bob/1`,
    });
    await fromBob(create(note));
    const [got] = await feed();
    expect(got).toMatchObject({
      title: 'Mountain trip 山行',
      contentWarning: 'Heights',
      visibility: 'public',
      remoteUrl: `${b.url}/@bob/1`,
      author: { handle: `bob@${b.host}` },
    });
    expect(got.hashtags).toEqual(expect.arrayContaining(['hiking', '露营']));
    expect(got.images).toEqual([
      // Fedify's sender drops fields it does not model (blurhash); the lookup test below reads it.
      { url: 'https://cdn.example.org/1.jpg', remote: true, alt: 'A ridge at dawn', width: 1200, height: 800, blurhash: null, media: null },
      { url: 'https://cdn.example.org/2.png', remote: true, alt: '', width: 640, height: 480, blurhash: null, media: null },
    ]);
    expect(got.bodyHtml).toContain('#<span>hiking</span>');

    // Remote hashtags join local topics.
    const topic = await a.gql('query { topic(name: "露营") { noteCount notes { edges { node { title } } } } }');
    expect(topic.data.topic.notes.edges.map((e: any) => e.node.title)).toEqual(['Mountain trip 山行']);

    // The same Create again (a retry, a second inbox) changes nothing.
    await fromBob(create(note));
    expect((await feed()).filter((n: any) => n.title === 'Mountain trip 山行')).toHaveLength(1);
  });

  it('an object brought in by lookup keeps the fields Fedify does not model (blurhash)', async () => {
    const raw = {
      '@context': AS_CONTEXT, id: `${b.url}/ap/notes/looked-up`, type: 'Note', attributedTo: bobUri.href, to: [PUBLIC_COLLECTION.href], content: '<p>Found by URL</p>',
      attachment: [{ type: 'Document', mediaType: 'image/webp', url: 'https://cdn.example.org/3.webp', name: 'Moss', width: 10, height: 20, blurhash: 'LEHV6nWB2yk8pyo0adR*.7kCMdnj' }],
    };
    const imported = await fedA.importObject(await Note.fromJsonLd(raw));
    expect(imported?.type).toBe('Note');
    const again = await fedA.importObject(await Note.fromJsonLd(raw));
    expect(again).toEqual(imported);
    const res = await a.gql('query($id: ID!) { note(id: $id) { title images { url blurhash alt width height } } }', { id: toGlobalId('Note', imported!.id) }, { token: alice.token });
    expect(res.data.note).toEqual({ title: 'Found by URL', images: [{ url: 'https://cdn.example.org/3.webp', blurhash: 'LEHV6nWB2yk8pyo0adR*.7kCMdnj', alt: 'Moss', width: 10, height: 20 }] });
  });

  it('a note without a name takes its first line (at most 60 characters) as title', async () => {
    const note = await mastodonNote('/ap/notes/2', { content: '<p>Breakfast by the lake, cold but worth it. The second sentence is long enough to be cut.</p><p>More</p>' });
    await fromBob(create(note));
    const got = (await feed()).find((n: any) => n.remoteUrl === `${b.url}/ap/notes/2`);
    expect(got.title).toBe('Breakfast by the lake, cold but worth it. The second sentenc');
    expect([...got.title]).toHaveLength(60);
  });

  it("bob's edit updates the note on A; an Update by someone else is refused", async () => {
    const edited = await mastodonNote('/ap/notes/1', { name: 'Mountain trip (edited)', content: '<p>Changed</p>', updated: '2025-06-01T11:00:00Z' });
    await fromBob(new Update({ id: new URL(`${b.url}/ap/notes/1#update-1`), actor: bobUri, object: edited, to: PUBLIC_COLLECTION }));
    const got = (await feed()).find((n: any) => n.remoteUrl === `${b.url}/@bob/1` || n.title.startsWith('Mountain trip'));
    expect(got).toMatchObject({ title: 'Mountain trip (edited)', bodyHtml: '<p>Changed</p>', contentWarning: null, images: [] });

    // carol on B claims to update bob's note: her own note id space is B, but the note is bob's.
    await signUp(b, 'carol');
    const carolUri = fedB.actorUri('carol');
    const forged = await Note.fromJsonLd({ '@context': AS_CONTEXT, id: `${b.url}/ap/notes/1`, type: 'Note', attributedTo: carolUri.href, to: [PUBLIC_COLLECTION.href], content: '<p>hijacked</p>' });
    await fromCarol(new Update({ id: new URL(`${b.url}/ap/carol-update`), actor: carolUri, object: forged }));
    expect((await feed()).find((n: any) => n.title === 'Mountain trip (edited)').bodyHtml).toBe('<p>Changed</p>');
  });

  it('remote HTML arrives sanitized: no script, no event handlers, no javascript: links', async () => {
    const note = await mastodonNote('/ap/notes/evil', {
      name: 'Harmless',
      content: '<p onclick="steal()">Hi<script>alert(1)</script> <a href="javascript:alert(2)">click</a> <a href="https://ok.example/">ok</a><img src=x onerror="alert(3)"><iframe src="https://evil.example"></iframe><style>body{}</style></p>',
    });
    await fromBob(create(note));
    const got = (await feed()).find((n: any) => n.title === 'Harmless');
    for (const field of [got.bodyHtml, got.html]) {
      expect(field).not.toMatch(/script|onclick|onerror|javascript:|<img|<iframe|<style|alert/i);
      expect(field).toContain('<a href="https://ok.example/"');
    }
    expect(got.body).toContain('Hi');
  });

  it('Question and Event arrive as readable notes', async () => {
    const question = await (await import('@fedify/vocab')).Question.fromJsonLd({
      '@context': AS_CONTEXT, id: `${b.url}/ap/polls/1`, type: 'Question', attributedTo: bobUri.href, to: [PUBLIC_COLLECTION.href],
      content: '<p>Where next?</p>', endTime: '2030-01-01T00:00:00Z',
      oneOf: [
        { type: 'Note', name: 'Lake', replies: { type: 'Collection', totalItems: 3 } },
        { type: 'Note', name: 'Forest', replies: { type: 'Collection', totalItems: 5 } },
      ],
    });
    await fromBob(new Create({ id: new URL(`${b.url}/ap/polls/1/activity`), actor: bobUri, object: question, to: PUBLIC_COLLECTION }));
    const poll = (await feed()).find((n: any) => n.remoteUrl === `${b.url}/ap/polls/1`);
    expect(poll.title).toBe('Where next?');
    expect(poll.bodyHtml).toContain('<li>Lake (3)</li><li>Forest (5)</li>');

    const event = await (await import('@fedify/vocab')).Event.fromJsonLd({
      '@context': AS_CONTEXT, id: `${b.url}/ap/events/1`, type: 'Event', attributedTo: bobUri.href, to: [PUBLIC_COLLECTION.href],
      name: 'Night walk', content: '<p>Bring a lamp</p>', startTime: '2030-05-01T19:00:00Z', location: { type: 'Place', name: 'North gate' },
    });
    await fromBob(new Create({ id: new URL(`${b.url}/ap/events/1/activity`), actor: bobUri, object: event, to: PUBLIC_COLLECTION }));
    const walk = (await feed()).find((n: any) => n.title === 'Night walk');
    expect(walk.bodyHtml).toContain('Bring a lamp');
    expect(walk.bodyHtml).toContain('Starts: 2030-05-01T19:00:00Z');
    expect(walk.bodyHtml).toContain('Where: North gate');
  });

  it('a forged Create whose object claims another origin or another author is not stored', async () => {
    const before = (await feed()).length;
    // The object's id is on another origin: Fedify fetches it from there (nothing there) and the Create is dropped.
    const elsewhere = await mastodonNote('/x', { id: 'https://127.0.0.1:9/ap/notes/forged', name: 'Forged elsewhere', content: '<p>forged</p>' });
    await fromBob(new Create({ id: new URL(`${b.url}/ap/forged-1`), actor: bobUri, object: elsewhere, to: PUBLIC_COLLECTION }));
    // The object is on B but attributed to alice on A.
    const other = await mastodonNote('/ap/notes/forged-2', { attributedTo: aliceUri.href, name: 'Forged author', content: '<p>forged</p>' });
    await fromBob(new Create({ id: new URL(`${b.url}/ap/forged-2`), actor: bobUri, object: other, to: PUBLIC_COLLECTION }));
    const titles = (await feed()).map((n: any) => n.title);
    expect(titles).not.toContain('Forged elsewhere');
    expect(titles).not.toContain('Forged author');
    expect(titles).toHaveLength(before);
    const stored = await a.kernel.db.kysely().selectFrom('notes_note').select('title').where('title', 'like', 'Forged%').execute();
    expect(stored).toEqual([]);
  });

  // ------------------------------------------------ a thread across instances

  let bobNoteId = '';
  let bobNoteUri = '';
  let bobNoteOnA: any = null;

  it("alice comments on bob's note on A and the comment appears on B; bob's reply builds the thread on A", async () => {
    const media = b.kernel.contextOf('media').services.get(MediaServiceRef);
    const image = await media.upload(bobId, await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 9, g: 99, b: 199 } } }).jpeg().toBuffer(), { alt: 'pic' });
    const created = await b.gql('mutation($i: NoteInput!) { createNote(input: $i) { id title } }', {
      i: { title: 'Campfire 篝火', body: 'Who brings the marshmallows?', images: [{ mediaId: toGlobalId('Media', image.id) }] },
    }, { token: bob.token });
    expect(created.errors).toBeUndefined();
    bobNoteId = created.data.createNote.id;
    // Where B serves it: the outbound half's URI when it sent one, else /notes/<id> (understood by B's inbound too).
    bobNoteUri = `${b.url}/notes/${fromGlobalId(bobNoteId).id}`;
    const campfire = async () => (await feed()).find((n: any) => n.title === 'Campfire 篝火');
    await ensure(async () => !!(await campfire()), async () => fromBob(create(await mastodonNote(new URL(bobNoteUri).pathname, {
      name: 'Campfire 篝火', content: '<p>Who brings the marshmallows?</p>',
    }))));
    bobNoteOnA = await campfire();
    expect(bobNoteOnA).toBeTruthy();
    const stored = await a.kernel.db.kysely().selectFrom('notes_note').select('remote_uri').where('title', '=', 'Campfire 篝火').executeTakeFirstOrThrow();
    bobNoteUri = String(stored.remote_uri);

    // alice comments on A.
    const comment = await a.gql('mutation($n: ID!, $b: String!) { addComment(noteId: $n, body: $b) { id } }', { n: bobNoteOnA.id, b: 'Me! 🔥' }, { token: alice.token });
    expect(comment.errors).toBeUndefined();
    const aliceCommentId = Number((await a.kernel.db.kysely().selectFrom('notes_comment').select('id').where('body', '=', 'Me! 🔥').executeTakeFirstOrThrow()).id);
    const aliceCommentUri = `${a.url}/comments/${aliceCommentId}`;
    const commentsOnB = async () => (await noteOn(b, bobNoteId)).comments.edges.map((e: any) => e.node);
    await ensure(async () => (await commentsOnB()).length > 0, () => fromAlice(new Create({
      id: new URL(`${aliceCommentUri}/activity`), actor: aliceUri, to: PUBLIC_COLLECTION,
      object: new Note({ id: new URL(aliceCommentUri), attribution: aliceUri, replyTarget: new URL(bobNoteUri), content: '<p>Me! 🔥</p>', to: PUBLIC_COLLECTION }),
    })));
    const [onB] = await commentsOnB();
    expect(onB).toMatchObject({ body: 'Me! 🔥', author: { handle: `alice@${a.host}` } });
    expect((await noteOn(b, bobNoteId)).commentsCount).toBe(1);

    // bob replies on B to alice's comment.
    const reply = await b.gql('mutation($n: ID!, $b: String!, $r: ID) { addComment(noteId: $n, body: $b, replyTo: $r) { id } }', { n: bobNoteId, b: 'Deal.', r: onB.id }, { token: bob.token });
    expect(reply.errors).toBeUndefined();
    const replies = async () => (await noteOn(a, bobNoteOnA.id, alice.token)).comments.edges[0]?.node.replies.edges.map((e: any) => e.node) ?? [];
    await ensure(async () => (await replies()).length > 0, () => fromBob(new Create({
      id: new URL(`${b.url}/ap/comments/reply-1/activity`), actor: bobUri, to: PUBLIC_COLLECTION,
      object: new Note({ id: new URL(`${b.url}/ap/comments/reply-1`), attribution: bobUri, replyTarget: new URL(aliceCommentUri), content: '<p>Deal.</p>', to: PUBLIC_COLLECTION }),
    })));
    expect(await replies()).toMatchObject([{ body: 'Deal.', author: { handle: `bob@${b.host}` } }]);
    expect((await noteOn(a, bobNoteOnA.id, alice.token)).commentsCount).toBe(2);
  });

  it('a reply to a note A has never seen fetches nothing it cannot and stores nothing', async () => {
    const orphan = new Note({ id: new URL(`${b.url}/ap/comments/orphan`), attribution: bobUri, replyTarget: new URL(`${b.url}/ap/notes/never-served`), content: '<p>orphan</p>', to: PUBLIC_COLLECTION });
    await fromBob(new Create({ id: new URL(`${b.url}/ap/comments/orphan/activity`), actor: bobUri, object: orphan, to: PUBLIC_COLLECTION }));
    expect(await a.kernel.db.kysely().selectFrom('notes_comment').select('id').where('remote_uri', '=', `${b.url}/ap/comments/orphan`).execute()).toEqual([]);
  });

  it("alice's like counts on B, twice is once, and Undo takes it back; Announce counts as a share", async () => {
    const likeId = new URL(`${a.url}/ap/likes/1`);
    const like = new Like({ id: likeId, actor: aliceUri, object: new URL(bobNoteUri) });
    const likes = async () => (await noteOn(b, bobNoteId)).likesCount;
    await a.gql('mutation($id: ID!) { likeNote(id: $id) { likesCount } }', { id: bobNoteOnA.id }, { token: alice.token });
    await ensure(async () => (await likes()) === 1, () => fromAlice(like));
    expect(await likes()).toBe(1);
    // Fedify drops a repeated activity id; a second Like under a new id must not count twice either.
    await fromAlice(new Like({ id: new URL(`${likeId.href}-again`), actor: aliceUri, object: new URL(bobNoteUri) }));
    expect(await likes()).toBe(1);

    await a.gql('mutation($id: ID!) { unlikeNote(id: $id) { likesCount } }', { id: bobNoteOnA.id }, { token: alice.token });
    await ensure(async () => (await likes()) === 0, () => fromAlice(new Undo({ id: new URL(`${likeId.href}/undo`), actor: aliceUri, object: like })));
    expect(await likes()).toBe(0);
    // An Undo naming only the Like's id works too.
    const like2 = new URL(`${a.url}/ap/likes/2`);
    await fromAlice(new Like({ id: like2, actor: aliceUri, object: new URL(bobNoteUri) }));
    expect(await likes()).toBe(1);
    await fromAlice(new Undo({ id: new URL(`${like2.href}/undo`), actor: aliceUri, object: like2 }));
    expect(await likes()).toBe(0);

    const shares = async () => (await noteOn(b, bobNoteId)).sharesCount;
    const announce = new Announce({ id: new URL(`${a.url}/ap/announces/1`), actor: aliceUri, object: new URL(bobNoteUri), to: PUBLIC_COLLECTION });
    await fromAlice(announce);
    await fromAlice(new Announce({ id: new URL(`${a.url}/ap/announces/1-again`), actor: aliceUri, object: new URL(bobNoteUri), to: PUBLIC_COLLECTION }));
    expect(await shares()).toBe(1);
    await fromAlice(new Undo({ id: new URL(`${a.url}/ap/announces/1/undo`), actor: aliceUri, object: announce }));
    expect(await shares()).toBe(0);
  });

  it("a Delete by someone else leaves the note; bob's Delete removes it on A", async () => {
    const target = `${b.url}/ap/notes/2`;
    await fromCarol(new Delete({ id: new URL(`${b.url}/ap/carol-delete`), actor: fedB.actorUri('carol'), object: new URL(target) }));
    expect((await feed()).some((n: any) => n.remoteUrl === target)).toBe(true);

    await fromBob(new Delete({ id: new URL(`${target}#delete`), actor: bobUri, object: new Tombstone({ id: new URL(target) }), to: PUBLIC_COLLECTION }));
    expect((await feed()).some((n: any) => n.remoteUrl === target)).toBe(false);
    // Deleting again (a retry) is harmless.
    await fromBob(new Delete({ id: new URL(`${target}#delete-again`), actor: bobUri, object: new URL(target), to: PUBLIC_COLLECTION }));

    // A comment: bob's reply in the thread goes, and the note counts one comment less.
    const reply = await a.kernel.db.kysely().selectFrom('notes_comment').select('remote_uri').where('body', '=', 'Deal.').executeTakeFirstOrThrow();
    await fromBob(new Delete({ id: new URL(`${reply.remote_uri}#delete`), actor: bobUri, object: new Tombstone({ id: new URL(String(reply.remote_uri)) }), to: PUBLIC_COLLECTION }));
    const thread = await noteOn(a, bobNoteOnA.id, alice.token);
    expect(thread.commentsCount).toBe(1);
    expect(thread.comments.edges[0].node.replies.edges).toEqual([]);
  });

  it('a quote post shows the quoted note; an unknown quoted note is fetched from its origin or kept as a link', async () => {
    const quoting = await mastodonNote('/ap/notes/quote-1', {
      content: '<p>Look at this RE: old trip</p>', quote: `${b.url}/ap/polls/1`, _misskey_quote: `${b.url}/ap/polls/1`,
    });
    await fromBob(create(quoting));
    const got = (await feed()).find((n: any) => n.remoteUrl === `${b.url}/ap/notes/quote-1`);
    expect(got.quoteUrl).toBe(`${b.url}/ap/polls/1`);
    expect(got.quote).toEqual({ title: 'Where next?' });
  });
  // ------------------------------------------------ fetching what is missing, quotes, instance blocks

  const carolNote = async (title: string, visibility = 'public') => {
    const carol = await b.gql('mutation($i: SignInInput!) { signIn(input: $i) { token } }', { i: { handle: 'carol', password: 'Correct-Horse-42' } });
    const media = b.kernel.contextOf('media').services.get(MediaServiceRef);
    const image = await media.upload(await idOf(b, 'carol'), await sharp({ create: { width: 20, height: 20, channels: 3, background: { r: 200, g: 9, b: 9 } } }).jpeg().toBuffer(), { alt: 'red' });
    const res = await b.gql('mutation($i: NoteInput!) { createNote(input: $i) { id } }', {
      i: { title, body: 'by carol', visibility, images: [{ mediaId: toGlobalId('Media', image.id) }] },
    }, { token: carol.data.signIn.token });
    const uri = `${b.url}/notes/${fromGlobalId(res.data.createNote.id).id}`;
    // B serves it (the outbound half); A has never seen it.
    if (visibility === 'public') expect((await b.app.inject({ method: 'GET', url: new URL(uri).pathname, headers: { accept: 'application/activity+json' } })).statusCode).toBe(200);
    await settle(a, b);
    return { id: res.data.createNote.id as string, uri };
  };
  const storedOnA = (uri: string) => a.kernel.db.kysely().selectFrom('notes_note').select(['id', 'title', 'shares_count', 'comments_count', 'visibility']).where('remote_uri', '=', uri).executeTakeFirst();

  it("a reply to a note A has not seen fetches the parent from its origin, so the thread assembles", async () => {
    const parent = await carolNote('Carol asks 问');
    expect(await storedOnA(parent.uri)).toBeUndefined();
    await fromBob(new Create({
      id: new URL(`${b.url}/ap/comments/to-carol/activity`), actor: bobUri, to: PUBLIC_COLLECTION,
      object: new Note({ id: new URL(`${b.url}/ap/comments/to-carol`), attribution: bobUri, replyTarget: new URL(parent.uri), content: '<p>Answer</p>', to: PUBLIC_COLLECTION }),
    }));
    const stored = await storedOnA(parent.uri);
    expect(stored).toMatchObject({ title: 'Carol asks 问' });
    expect(Number(stored!.comments_count)).toBe(1);
    const onA = await noteOn(a, toGlobalId('Note', Number(stored!.id)), alice.token);
    expect(onA.comments.edges.map((e: any) => [e.node.body, e.node.author.handle])).toEqual([['Answer', `bob@${b.host}`]]);
  });

  it("bob's Announce of a note A does not have brings it from its origin and counts as his share", async () => {
    const shared = await carolNote('Carol shares 分享');
    await fromBob(new Announce({ id: new URL(`${b.url}/ap/announces/carol-1`), actor: bobUri, object: new URL(shared.uri), to: PUBLIC_COLLECTION }));
    const stored = await storedOnA(shared.uri);
    expect(stored).toMatchObject({ title: 'Carol shares 分享' });
    expect(Number(stored!.shares_count)).toBe(1);
  });

  it('a QuoteRequest for a public note is answered with a QuoteAuthorization, for a followers-only note with Reject', async () => {
    const answers: { type: string; target: string | null; quoting: string | null }[] = [];
    const authorizations: URL[] = [];
    fedA.onInbox(Accept, async (accept, { context }) => {
      const result = await accept.getResult({ documentLoader: context.documentLoader, suppressError: true, crossOrigin: 'trust' });
      if (!(result instanceof QuoteAuthorization)) return;
      answers.push({ type: 'Accept', target: result.interactionTargetId?.href ?? null, quoting: result.interactingObjectId?.href ?? null });
      authorizations.push(result.id!);
    });
    fedA.onInbox(Reject, () => void answers.push({ type: 'Reject', target: null, quoting: null }));
    const open = await carolNote('Quote me');
    const closed = await carolNote('Do not quote', 'followers');
    const quoting = new URL(`${a.url}/ap/notes/quoting-1`);
    await fromAlice(new QuoteRequest({ id: new URL(`${a.url}/ap/quote-requests/1`), actor: aliceUri, object: new URL(open.uri), instrument: quoting }));
    const carolOnA = (await fedA.lookup(`@carol@${b.host}`))!;
    expect(carolOnA.kind).toBe('account');
    const carolActor = (await fedA.remoteActorOf((carolOnA as { account: any }).account))!;
    await fedA.sendActivity({ accountId: aliceId }, carolActor, new QuoteRequest({ id: new URL(`${a.url}/ap/quote-requests/2`), actor: aliceUri, object: new URL(closed.uri), instrument: quoting }));
    await settle(a, b);
    expect(answers).toEqual(expect.arrayContaining([{ type: 'Accept', target: open.uri, quoting: quoting.href }, { type: 'Reject', target: null, quoting: null }]));
    // The authorization is served at its id, so a quoting server can check it.
    expect(authorizations[0]!.origin).toBe(b.url);
    const served = await b.app.inject({ method: 'GET', url: authorizations[0]!.pathname, headers: { accept: 'application/activity+json' } });
    expect(served.statusCode).toBe(200);
    expect(served.json()).toMatchObject({ type: 'QuoteAuthorization', interactingObject: quoting.href, interactionTarget: open.uri, attributedTo: fedB.actorUri('carol').href });
  });

  it('an instance silenced with media rejected: its notes stay out of topics and show no images; suspended: nothing arrives', async () => {
    await a.kernel.db.kysely().updateTable('core_accounts').set({ role: 'admin' }).where('handle', '=', 'alice').execute();
    const block = await a.gql('mutation($i: DomainBlockInput!) { addDomainBlock(input: $i) { domain severity rejectMedia } }',
      { i: { domain: b.host, severity: 'SILENCE', rejectMedia: true } }, { token: alice.token });
    expect(block.errors, JSON.stringify(block.errors)).toBeUndefined();
    const note = await mastodonNote('/ap/notes/silenced', {
      name: 'Quiet one', content: '<p>#露营 again</p>', tag: [{ type: 'Hashtag', name: '#露营', href: `${b.url}/tags/露营` }],
      attachment: [{ type: 'Document', mediaType: 'image/jpeg', url: 'https://cdn.example.org/9.jpg', name: 'x' }],
    });
    await fromBob(create(note));
    const got = (await feed()).find((n: any) => n.title === 'Quiet one');
    expect(got).toMatchObject({ visibility: 'unlisted', images: [] });
    const topic = await a.gql('query { topic(name: "露营") { notes { edges { node { title } } } } }');
    expect(topic.data.topic.notes.edges.map((e: any) => e.node.title)).not.toContain('Quiet one');

    await a.gql('mutation($d: String!, $p: DomainBlockPatch!) { updateDomainBlock(domain: $d, patch: $p) { severity } }', { d: b.host, p: { severity: 'SUSPEND' } }, { token: alice.token });
    await fromBob(create(await mastodonNote('/ap/notes/suspended', { name: 'Never here', content: '<p>no</p>' })));
    expect(await storedOnA(`${b.url}/ap/notes/suspended`)).toBeUndefined();
  });
});
