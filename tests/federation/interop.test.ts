// Inbound interop: what Mastodon, Misskey, Pixelfed, PeerTube, Lemmy and
// another Meadow really send, against a Meadow instance with its bundled plugins over TLS
// on 127.0.0.1. Each software is a fake server (tests/helpers/fake-fediverse.ts)
// serving the actors and objects of the hand-written fixtures in
// tests/federation/fixtures/<software>/; each activity is posted signed
// (draft-cavage, as they all sign) to Meadow's shared inbox. Every one is
// accepted (2xx) or refused with a clean 4xx JSON answer, the job queue
// settles with no dead or retrying job, and then the effect a person would
// look for is checked: the note with its title, text, images, tags and
// content warning (or the readable fallback for polls, videos and pages),
// the comment in the thread, the like and share counts, the deletion.
// What a Lemmy community relays (FEP-1b12 Announce of its members'
// activities) is handled as its member's, and never for someone elsewhere.
// A parent that cannot be fetched for a network failure is retried.
import { describe, it, expect, afterAll } from 'vitest';
import sharp from 'sharp';
import { AccountsServiceRef, FederationServiceRef, fromGlobalId, MediaServiceRef, toGlobalId } from '../../core/index.ts';
import { signUp } from '../core/accounts-helpers.ts';
import { startFakeFediverse, type FakeActor, type FakeFediverse } from '../helpers/fake-fediverse.ts';
import { fixture, serveActor, serveObject, type Software } from './fixtures/fixtures.ts';
import { startTlsInstance, settle } from './tls.ts';
import { makeJobsDue } from './ops-helpers.ts';

const NOTE = `query($id: ID!) { note(id: $id) { id title body bodyHtml hashtags contentWarning visibility remoteUrl likesCount sharesCount commentsCount
  author { handle } images { url remote alt width height blurhash } quoteUrl quote { title }
  comments(first: 20) { edges { node { body remoteUrl author { handle } } } } } }`;
const ACCOUNT = 'query($h: String!) { account(handle: $h) { handle displayName bio domain remoteUrl remoteAvatarUrl } }';

describe('inbound interop fixtures (Mastodon, Misskey, Pixelfed, PeerTube, Lemmy, Meadow)', async () => {
  const meadow = await startTlsInstance({ discover: true });
  const servers: Record<Software, FakeFediverse> = {
    mastodon: await startFakeFediverse(),
    misskey: await startFakeFediverse(),
    pixelfed: await startFakeFediverse(),
    peertube: await startFakeFediverse(),
    lemmy: await startFakeFediverse(),
    meadow: await startFakeFediverse(),
  };
  afterAll(async () => {
    await Promise.all([meadow.close(), ...Object.values(servers).map((s) => s.close())]);
  });

  const river = await signUp(meadow, 'river');
  const fed = meadow.kernel.contextOf('federation').services.get(FederationServiceRef);
  const riverUri = fed.actorUri('river').href;
  const db = () => meadow.kernel.db.kysely();

  const riverId = (await meadow.kernel.contextOf('accounts').services.get(AccountsServiceRef).getByHandle('river'))!.id;
  const media = meadow.kernel.contextOf('media').services.get(MediaServiceRef);
  const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 40, g: 120, b: 60 } } }).jpeg().toBuffer();

  /** A local note by river (notes need a picture); returns its global id and its ActivityPub id (/notes/{id}). */
  const localNote = async (title: string) => {
    const image = await media.upload(riverId, photo, { alt: title });
    const i = { title, body: `${title}: the body.`, images: [{ mediaId: toGlobalId('Media', image.id) }] };
    const res = await meadow.gql('mutation($i: NoteInput!) { createNote(input: $i) { id } }', { i }, { token: river.token });
    expect(res.errors).toBeUndefined();
    const id: string = res.data.createNote.id;
    return { id, uri: `${meadow.url}/notes/${fromGlobalId(id).id}` };
  };

  const varsOf = (software: Software, extra: Record<string, string> = {}) => ({
    origin: servers[software].url,
    host: servers[software].host,
    meadow: meadow.url,
    meadowHost: meadow.host,
    targetActor: riverUri,
    ...extra,
  });

  /** Jobs that died or wait for a retry: an inbound activity must leave none. */
  const unhealthyJobs = () =>
    db().selectFrom('core_job').select(['name', 'status', 'attempts', 'last_error'])
      .where((eb) => eb.or([eb('status', '=', 'dead'), eb.and([eb('status', '=', 'queued'), eb('attempts', '>', 0)])]))
      .execute();

  /** Posts a signed activity to Meadow's shared inbox and runs the queue until idle. */
  const deliver = async (software: Software, as: FakeActor, activity: object) => {
    const res = await servers[software].post(`${meadow.url}/inbox`, activity, { as });
    const body = await res.text();
    if (res.status >= 400) {
      // A refusal is clean: a 4xx with a JSON body saying why.
      expect(res.status, body).toBeLessThan(500);
      expect(res.headers.get('content-type')).toMatch(/json/);
      expect(() => JSON.parse(body)).not.toThrow();
    } else {
      expect(res.status, body).toBeLessThan(300);
    }
    await settle(meadow);
    expect(await unhealthyJobs()).toEqual([]);
    return res;
  };

  const noteIdByUri = async (uri: string) => {
    const row = await db().selectFrom('notes_note').select(['id', 'status']).where('remote_uri', '=', uri).executeTakeFirst();
    return row && row.status !== 'deleted' ? toGlobalId('Note', Number(row.id)) : null;
  };
  const note = async (id: string) => {
    const res = await meadow.gql(NOTE, { id }, { token: river.token });
    expect(res.errors).toBeUndefined();
    return res.data.note;
  };
  const remoteNote = async (uri: string) => {
    const id = await noteIdByUri(uri);
    expect(id, `no note stored for ${uri}`).toBeTruthy();
    return note(id!);
  };
  const comments = async (id: string) => (await note(id)).comments.edges.map((e: any) => e.node);
  const withoutBlurhash = ({ blurhash: _, ...rest }: Record<string, unknown>) => rest;
  const account = async (handle: string) => (await meadow.gql(ACCOUNT, { h: handle })).data.account;

  // ------------------------------------------------------------ Mastodon

  describe('Mastodon', async () => {
    const remote = servers.mastodon;
    const target = await localNote('Packing list for the ridge');
    const vars = varsOf('mastodon', { target: target.uri });
    const alice = await serveActor(remote, 'mastodon', 'person', vars);
    remote.serve('/users/alice/collections/featured', { body: fixture('mastodon', 'featured', vars) });
    const post = (name: string) => {
      const activity = fixture('mastodon', name, vars);
      if (activity.object && typeof activity.object === 'object' && activity.type !== 'Delete' && activity.type !== 'Undo') serveObject(remote, activity.object, activity['@context']);
      return deliver('mastodon', alice, activity);
    };
    const statusUri = (n: number) => `${remote.url}/users/alice/statuses/11000000000000000${n}`;

    it('Create(Note) with hashtags, mention, blurhash/focalPoint images, content warning and contentMap becomes a note', async () => {
      await post('create-note');
      const got = await remoteNote(statusUri(1));
      expect(got).toMatchObject({
        title: 'Made it to the top of the ridge! #hiking #露营',
        contentWarning: 'Spoilers: the summit view',
        visibility: 'public',
        remoteUrl: `${remote.url}/@alice/110000000000000001`,
        author: { handle: `alice@${remote.host}` },
      });
      expect(got.hashtags).toEqual(expect.arrayContaining(['hiking', '露营']));
      expect(got.bodyHtml).toContain('for the route tips');
      expect(got.images.map(withoutBlurhash)).toEqual([
        { url: `${remote.url}/system/media_attachments/files/110/000/001/original/ridge.jpg`, remote: true, alt: 'A rocky ridge above the clouds at sunrise', width: 2048, height: 1365 },
        { url: `${remote.url}/system/media_attachments/files/110/000/002/original/map.png`, remote: true, alt: '', width: 800, height: 600 },
      ]);
    });

    it('the blurhash of each attachment embedded in the Create is kept', async () => {
      expect((await remoteNote(statusUri(1))).images.map((i: any) => i.blurhash)).toEqual(['UHE{OJ4n00~q%Mt7M{xu00of%MRjofWBRjM{', 'U9Q]:s_3~qxu%MfQWBfQ~qRjM{t7xuj[ayof']);
    });

    it('the Person (featured, featuredTags, discoverable, indexable, PropertyValue fields, icon/image) is cached as an account', async () => {
      expect(await account(`alice@${remote.host}`)).toMatchObject({
        handle: `alice@${remote.host}`,
        displayName: 'Alice Liddell :verified:',
        domain: remote.host,
        remoteUrl: `${remote.url}/@alice`,
        remoteAvatarUrl: `${remote.url}/system/accounts/avatars/alice.png`,
      });
      expect((await account(`alice@${remote.host}`)).bio).toContain('Hiking, tea and #photography');
    });

    it('a reply to a Meadow note becomes a comment in its thread', async () => {
      await post('create-reply');
      const [comment] = await comments(target.id);
      expect(comment).toMatchObject({ remoteUrl: `${remote.url}/@alice/110000000000000002`, author: { handle: `alice@${remote.host}` } });
      expect(comment.body).toContain('Bring extra water');
      expect((await note(target.id)).commentsCount).toBe(1);
    });

    it('Update(Note) changes the stored note (text, warning lifted, images gone)', async () => {
      await post('update-note');
      const got = await remoteNote(statusUri(1));
      expect(got.bodyHtml).toContain('edited: it was the east ridge');
      expect(got.contentWarning).toBeNull();
      expect(got.images).toEqual([]);
      expect(got.hashtags).toEqual(['hiking']);
    });

    it('Like counts on the Meadow note, Undo(Like) takes it back', async () => {
      await post('like');
      expect((await note(target.id)).likesCount).toBe(1);
      await post('undo-like');
      expect((await note(target.id)).likesCount).toBe(0);
    });

    it('Announce of a Meadow note counts as a share', async () => {
      await post('announce');
      expect((await note(target.id)).sharesCount).toBe(1);
    });

    it('Question (poll) arrives as a readable note with its options and votes', async () => {
      await post('create-question');
      const got = await remoteNote(statusUri(4));
      expect(got.title).toBe('Which trail this weekend?');
      expect(got.bodyHtml).toContain('<li>Lakeside loop (4)</li><li>North ridge (3)</li>');
    });

    it('a quote post in the Mastodon 4.5 shape (FEP-044f quote) shows the quoted Meadow note', async () => {
      await post('create-quote');
      const got = await remoteNote(statusUri(5));
      expect(got.quoteUrl).toBe(target.uri);
      expect(got.quote).toEqual({ title: 'Packing list for the ridge' });
      expect(got.bodyHtml).toContain('This packing list saved my trip.');
    });

    it('a reply whose parent cannot be fetched for a network failure (503, then refused) is retried until the parent comes; a 404 parent drops it', async () => {
      const [parent, reply] = ['110000000000000007', '110000000000000008'];
      const ids = { parent, reply };
      const parentPath = new URL(statusUri(7)).pathname;
      remote.serve(parentPath, { status: 503, body: { error: 'Service Unavailable' }, contentType: 'application/json' });
      const res = await remote.post(`${meadow.url}/inbox`, fixture('mastodon', 'create-reply-to-status', { ...vars, ...ids }), { as: alice });
      expect(res.status).toBeLessThan(300);
      await settle(meadow);
      expect(await noteIdByUri(statusUri(7))).toBeNull();
      // The inbox job failed and waits for its retry; the parent's origin was asked.
      expect((await makeJobsDue(meadow)).length).toBeGreaterThan(0);
      expect(remote.requestsTo(parentPath).length).toBeGreaterThan(0);
      // Still down, by another failure: retried again.
      remote.route(parentPath, (req) => req.socket.destroy());
      await settle(meadow);
      expect((await makeJobsDue(meadow)).length).toBeGreaterThan(0);
      // Back: the retry brings the parent in and the reply joins its thread.
      serveObject(remote, fixture('mastodon', 'status', { ...vars, ...ids }));
      await settle(meadow);
      const parentId = await noteIdByUri(statusUri(7));
      expect(parentId).toBeTruthy();
      expect((await comments(parentId!)).map((c: any) => c.body)).toEqual([expect.stringContaining('the hut was full')]);
      expect(await unhealthyJobs()).toEqual([]);

      // A parent that is not there (404) is no reason to retry: nothing is stored, no job waits.
      const gone = { parent: '110000000000000009', reply: '110000000000000010' };
      await deliver('mastodon', alice, fixture('mastodon', 'create-reply-to-status', { ...vars, ...gone }));
      expect(await makeJobsDue(meadow)).toEqual([]);
      expect(await noteIdByUri(`${remote.url}/users/alice/statuses/${gone.reply}`)).toBeNull();
      expect(await db().selectFrom('notes_comment').select('id').where('remote_uri', '=', `${remote.url}/users/alice/statuses/${gone.reply}`).execute()).toEqual([]);
    });

    it('Delete(Tombstone) removes the note', async () => {
      remote.serve(new URL(statusUri(1)).pathname, { status: 410, body: { error: 'Gone' }, contentType: 'application/json' });
      await post('delete-note');
      expect(await noteIdByUri(statusUri(1))).toBeNull();
      // The rest stays.
      expect(await noteIdByUri(statusUri(4))).toBeTruthy();
    });
  });

  // ------------------------------------------------------------ Misskey

  describe('Misskey', async () => {
    const remote = servers.misskey;
    const [quoted, reacted, unicode, emojiReacted] = [
      await localNote('Tent pegs that hold in snow'),
      await localNote('Frost on the fly sheet'),
      await localNote('Stove comparison'),
      await localNote('Sleeping bag ratings'),
    ];
    const vars = varsOf('misskey', { target: quoted.uri, target2: unicode.uri, target3: emojiReacted.uri });
    const mika = await serveActor(remote, 'misskey', 'person', vars);
    const post = (name: string, extra: Record<string, string> = {}) => {
      const activity = fixture('misskey', name, { ...vars, ...extra });
      if (activity.type === 'Create') serveObject(remote, activity.object, activity['@context']);
      return deliver('misskey', mika, activity);
    };

    it('Create(Note) with _misskey_content, MFM source, Emoji and Hashtag tags becomes a note; the cat Person is cached', async () => {
      await post('create-note');
      const got = await remoteNote(`${remote.url}/notes/9tjm0a1b2c`);
      expect(got.title).toBe('テント泊の朝 #camping :blobcat:');
      expect(got.bodyHtml).toContain('Morning at the tent');
      expect(got.hashtags).toEqual(['camping']);
      expect(got.contentWarning).toBeNull();
      expect(got.images).toEqual([{ url: `${remote.url}/files/webpublic-tent.webp`, remote: true, alt: 'Orange tent in frost', width: null, height: null, blurhash: null }]);
      expect(await account(`mika@${remote.host}`)).toMatchObject({ displayName: 'みか :blobcat:', remoteAvatarUrl: `${remote.url}/files/avatar-9tjl.webp` });
    });

    it('a quote with _misskey_quote and quoteUrl shows the quoted Meadow note', async () => {
      await post('create-quote');
      const got = await remoteNote(`${remote.url}/notes/9tjm0a1b2d`);
      expect(got.quoteUrl).toBe(quoted.uri);
      expect(got.quote).toEqual({ title: 'Tent pegs that hold in snow' });
    });

    it('Like with a custom-emoji _misskey_reaction counts as a like', async () => {
      await post('like-reaction', { target: reacted.uri });
      expect((await note(reacted.id)).likesCount).toBe(1);
    });

    it('Like with a Unicode reaction in content counts as a like', async () => {
      await post('like-unicode');
      expect((await note(unicode.id)).likesCount).toBe(1);
    });

    it("EmojiReact (Pleroma's reaction, also read by Misskey forks) is accepted and counts as a like", async () => {
      await post('emoji-react');
      expect((await note(emojiReacted.id)).likesCount).toBe(1);
    });
  });

  // ------------------------------------------------------------ Pixelfed

  describe('Pixelfed', async () => {
    const remote = servers.pixelfed;
    const target = await localNote('Golden hour on the lake');
    const vars = varsOf('pixelfed', { target: target.uri });
    const pia = await serveActor(remote, 'pixelfed', 'person', vars);
    const post = (name: string) => {
      const activity = fixture('pixelfed', name, vars);
      if (activity.type === 'Create') serveObject(remote, activity.object, activity['@context']);
      return deliver('pixelfed', pia, activity);
    };

    it('Create(Note) with Image attachments, commentsEnabled and a Place becomes a photo note', async () => {
      await post('create-note');
      const got = await remoteNote(`${remote.url}/p/pia/700000000000000001`);
      expect(got.title).toBe('Midnight sun over the fjord #fjord #nature');
      expect(got.hashtags).toEqual(expect.arrayContaining(['fjord', 'nature']));
      expect(got.images.map(withoutBlurhash)).toEqual([
        { url: `${remote.url}/storage/m/_v2/700/fjord-1.jpg`, remote: true, alt: 'Sun low over a calm fjord with mountains', width: 1440, height: 1080 },
        { url: `${remote.url}/storage/m/_v2/700/fjord-2.jpg`, remote: true, alt: '', width: 1080, height: 1350 },
      ]);
      expect(got.remoteUrl).toBe(`${remote.url}/p/pia/700000000000000001`);
    });

    it('the blurhash of each Image embedded in the Create is kept', async () => {
      const got = await remoteNote(`${remote.url}/p/pia/700000000000000001`);
      expect(got.images.map((i: any) => i.blurhash)).toEqual(['U6Dcy6~q00-;?bRjD%of00M{%MRj~qofIUWB', 'U8E:IA~q00%M?bRjD%of00M{%MRj~qofIUWB']);
    });

    it('a comment on a Meadow note joins its thread; a Like counts', async () => {
      await post('create-comment');
      const [comment] = await comments(target.id);
      expect(comment.body).toContain('Lovely light in this one!');
      expect(comment.author.handle).toBe(`pia@${remote.host}`);
      await post('like');
      expect((await note(target.id)).likesCount).toBe(1);
    });
  });

  // ------------------------------------------------------------ PeerTube

  describe('PeerTube', async () => {
    const remote = servers.peertube;
    const target = await localNote('Filming trail races');
    const vars = varsOf('peertube', { target: target.uri });
    const tomas = await serveActor(remote, 'peertube', 'person', vars);
    await serveActor(remote, 'peertube', 'channel', vars, 'channelPublicKeyPem');
    const videoUri = `${remote.url}/videos/watch/3f2b9a6e-7c1d-4e8a-9b4f-1a2b3c4d5e6f`;
    const post = (name: string) => {
      const activity = fixture('peertube', name, vars);
      if (activity.type === 'Create') serveObject(remote, activity.object, activity['@context']);
      return deliver('peertube', tomas, activity);
    };

    it('Create(Video) with markdown content, url Links, icon thumbnails and [Person, Group] attribution becomes a readable note', async () => {
      await post('create-video');
      const got = await remoteNote(videoUri);
      expect(got.title).toBe('Ridge run at dawn');
      expect(got.body).toContain('five minute');
      // The watch page, not the mp4 or the torrent, is the link people follow.
      expect(got.remoteUrl).toBe(`${remote.url}/w/8kq3QZ5Yk2VbRz`);
      expect(got.bodyHtml).toContain(`href="${remote.url}/w/8kq3QZ5Yk2VbRz"`);
      expect(got.images[0]).toMatchObject({ url: `${remote.url}/lazy-static/thumbnails/3f2b9a6e.jpg`, remote: true });
      expect(got.hashtags).toEqual(expect.arrayContaining(['trailrunning', 'mountains']));
      expect(got.author.handle).toBe(`tomas@${remote.host}`);
    });

    it('a comment Note inReplyTo the video joins its thread', async () => {
      await post('create-comment');
      const id = (await noteIdByUri(videoUri))!;
      const [comment] = await comments(id);
      expect(comment).toMatchObject({ body: expect.stringContaining('Full route is on my profile'), author: { handle: `tomas@${remote.host}` } });
    });

    it('a Like from a PeerTube account counts on a Meadow note', async () => {
      await post('like');
      expect((await note(target.id)).likesCount).toBe(1);
    });
  });

  // ------------------------------------------------------------ Lemmy

  describe('Lemmy', async () => {
    const remote = servers.lemmy;
    const target = await localNote('Which col is easier?');
    const voted = await localNote('Best hut on the route');
    const vars = varsOf('lemmy', { target: target.uri, target2: voted.uri, followerActor: riverUri, otherOrigin: servers.mastodon.url });
    const lou = await serveActor(remote, 'lemmy', 'person', vars);
    const community = await serveActor(remote, 'lemmy', 'group', vars, 'groupPublicKeyPem');
    remote.serve('/c/hiking/moderators', { body: fixture('lemmy', 'moderators', vars) });
    const page = fixture('lemmy', 'page', vars);
    remote.serve('/post/4242', { body: page });
    const pageUri = `${remote.url}/post/4242`;
    // Lemmy's WebFinger: acct:hiking@host names the community.
    remote.route('/.well-known/webfinger', (req, res) => {
      const resource = new URL(req.url ?? '/', remote.url).searchParams.get('resource');
      if (resource !== `acct:hiking@${remote.host}`) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{}');
      res.writeHead(200, { 'content-type': 'application/jrd+json' }).end(JSON.stringify({
        subject: resource,
        links: [{ rel: 'self', type: 'application/activity+json', href: community.id }, { rel: 'http://webfinger.net/rel/profile-page', type: 'text/html', href: community.id }],
      }));
    });
    const post = (as: FakeActor, name: string, extra: Record<string, string> = {}) => deliver('lemmy', as, fixture('lemmy', name, { ...vars, ...extra }));

    it('river follows the community (Group with moderators and postingRestrictedToMods); its Accept is taken', async () => {
      const res = await meadow.gql('mutation($h: String!) { followRemote(handle: $h) { state } }', { h: `hiking@${remote.host}` }, { token: river.token });
      expect(res.errors).toBeUndefined();
      await settle(meadow);
      const follow = remote.requests.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body)).find((a) => a.type === 'Follow');
      expect(follow?.object).toBe(community.id);
      await post(community, 'accept-follow', { followId: follow.id });
      const following = await fed.remoteFollowing(riverId);
      expect(following.map((f) => ({ uri: f.actor.uri, type: f.actor.type, state: f.state }))).toEqual([{ uri: community.id, type: 'Group', state: 'accepted' }]);
    });

    it('Announce(Create(Page)) from the community is accepted without error', async () => {
      await post(community, 'announce-create-page');
    });

    it('the announced Page becomes a note in the FOLLOWING feed with its title and HTML', async () => {
      const got = await remoteNote(pageUri);
      expect(got.title).toBe('Trip report: three days on the Haute Route');
      expect(got.bodyHtml).toContain('<strong>very</strong>');
      const feed = await meadow.gql('query { followingFeed(first: 20) { edges { node { title } } } }', {}, { token: river.token });
      expect(feed.data.followingFeed.edges.map((e: any) => e.node.title)).toContain('Trip report: three days on the Haute Route');
      // Lou is its author, not the community; the community's relay is not a share.
      expect(got.author.handle).toBe(`lou@${remote.host}`);
      expect(got.sharesCount).toBe(0);
    });

    it('Announce(Update(Page)) from the community edits the note; Announce(Like) counts as lou\'s like', async () => {
      await post(community, 'announce-update-page');
      const got = await remoteNote(pageUri);
      expect(got.title).toBe('Trip report: three days on the Haute Route (edited)');
      expect(got.bodyHtml).toContain('the col has a new ladder');
      await post(community, 'announce-like');
      expect((await note(voted.id)).likesCount).toBe(1);
      // The same vote delivered again by the community changes nothing.
      await post(community, 'announce-like');
      expect((await note(voted.id)).likesCount).toBe(1);
    });

    it('a community cannot speak for someone on another instance: a relayed Create by a Mastodon account is not stored', async () => {
      const forgedPage = (n: string) => `${servers.mastodon.url}/users/alice/statuses/${n}`;
      // The inner Create's id on the community's origin, its actor elsewhere.
      await post(community, 'announce-forged-create', { forged: '990000000000000001', createId: `${remote.url}/activities/create/990000000000000001` });
      // Its id on the actor's origin, where it does not exist (the community made it up).
      await post(community, 'announce-forged-create', { forged: '990000000000000002', createId: `${forgedPage('990000000000000002')}/activity` });
      expect(await noteIdByUri(forgedPage('990000000000000001'))).toBeNull();
      expect(await noteIdByUri(forgedPage('990000000000000002'))).toBeNull();
      // The second one was looked for at its own origin, not taken from the Announce.
      expect(servers.mastodon.requestsTo('/users/alice/statuses/990000000000000002/activity').length).toBeGreaterThan(0);
      const feed = await meadow.gql('query { followingFeed(first: 20) { edges { node { title } } } }', {}, { token: river.token });
      expect(feed.data.followingFeed.edges.map((e: any) => e.node.title)).not.toContain('Free gear giveaway, log in here');
    });

    it('a comment Note on a Meadow note joins its thread (the mention of river kept)', async () => {
      await post(lou, 'create-comment');
      const [comment] = await comments(target.id);
      expect(comment.author.handle).toBe(`lou@${remote.host}`);
      expect(comment.body).toContain('the col is easier from the south side');
    });

    it('a Page reached through lookup of its URL becomes a note with its title and readable body', async () => {
      const res = await meadow.gql('query($q: String!) { lookupRemote(query: $q) { __typename } }', { q: pageUri }, { token: river.token });
      expect(res.errors).toBeUndefined();
      const got = await remoteNote(pageUri);
      expect(got.title).toBe('Trip report: three days on the Haute Route');
      expect(got.bodyHtml).toContain('<strong>very</strong>');
      expect(got.bodyHtml).toContain('<li>Day 1: Arolla</li>');
      expect(got.author.handle).toBe(`lou@${remote.host}`);
    });

    it('a Like vote counts; a Dislike vote is ignored cleanly', async () => {
      await post(lou, 'like');
      expect((await note(target.id)).likesCount).toBe(1);
      await post(lou, 'dislike');
      expect((await note(target.id)).likesCount).toBe(1);
    });

    it('Delete of the post removes it', async () => {
      remote.serve('/post/4242', { status: 404, body: { error: 'not_found' }, contentType: 'application/json' });
      await post(lou, 'delete-page');
      expect(await noteIdByUri(pageUri)).toBeNull();
    });

    it('an activity type Meadow does not know (Lemmy Lock) is accepted or refused cleanly and changes nothing', async () => {
      const before = await note(target.id);
      await post(lou, 'lock-note');
      expect(await note(target.id)).toEqual(before);
    });
  });

  // ------------------------------------------------------------ Meadow

  describe('Meadow', async () => {
    const remote = servers.meadow;
    const vars = varsOf('meadow');
    const nora = await serveActor(remote, 'meadow', 'person', vars);
    const post = (extra: Record<string, string>) => deliver('meadow', nora, fixture('meadow', 'create-note', { ...vars, ...extra }));

    it('the title Meadow repeats in bold as the first paragraph (for Mastodon, which hides name) shows once', async () => {
      await post({ n: '1', title: 'Gentians & edelweiss', content: '<p><strong>Gentians &amp; edelweiss</strong></p><p>Found above the second hut.</p>' });
      const got = await remoteNote(`${remote.url}/notes/1`);
      expect(got.title).toBe('Gentians & edelweiss');
      expect(got.bodyHtml).not.toContain('Gentians');
      expect(got.body.trim()).toBe('Found above the second hut.');
      // The image keeps the blurhash Meadow sends.
      expect(got.images).toEqual([{ url: `${remote.url}/media/1/original.webp`, remote: true, alt: 'Gentians by the path', width: 640, height: 480, blurhash: 'LEHV6nWB2yk8pyo0adR*.7kCMdnj' }]);
    });

    it('a first paragraph that is not the title stays', async () => {
      await post({ n: '2', title: 'Gentians', content: '<p><strong>Gentians everywhere</strong></p><p>Second paragraph.</p>' });
      const got = await remoteNote(`${remote.url}/notes/2`);
      expect(got.title).toBe('Gentians');
      expect(got.bodyHtml).toContain('<strong>Gentians everywhere</strong>');
    });
  });
});
