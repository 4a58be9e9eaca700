// Topics and communities as fediverse Groups (FEP-1b12), between two real
// Meadow instances over TLS running the real notes and topics plugins:
// following #露营 on another instance by WebFinger, Announce of each public
// note under the tag, Undo(Announce) when it leaves, a Mastodon-style
// Create addressed to the Group joining the topic, and a community that
// restricts posting answering Reject.

import { describe, it, expect, afterAll } from 'vitest';
import sharp from 'sharp';
import { Announce, Create, Note, type Activity, PUBLIC_COLLECTION, Reject, Undo } from '@fedify/vocab';
// Tests may boot the real notes plugin; plugin code may not import it.
// eslint-disable-next-line meadow/plugin-boundaries
import notesPlugin from '../../notes/index.ts';
import topicsPlugin from '../index.ts';
import { Temporal } from '@js-temporal/polyfill';
import { FederationServiceRef, MediaServiceRef, fromGlobalId, toGlobalId } from '../../../core/index.ts';
import { signUp } from '../../../tests/core/accounts-helpers.ts';
import { startTlsInstance, settle, type TlsInstance } from '../../../tests/federation/tls.ts';
import { punycodeEncode } from '../federation/handles.ts';

const FEED = '{ followingFeed { edges { node { body author { handle } } } } }';
const AS = { accept: 'application/activity+json' };
const CAMPING = `t.xn--${punycodeEncode('露营')}`;

async function start() {
  return startTlsInstance({ plugins: [notesPlugin, topicsPlugin] });
}

async function person(instance: TlsInstance, handle: string) {
  const { token, account } = await signUp(instance, handle);
  const id = Number((await instance.kernel.db.kysely().selectFrom('core_accounts').select('id').where('handle', '=', handle).executeTakeFirstOrThrow()).id);
  const png = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#88aa66' } }).png().toBuffer();
  const image = await instance.kernel.contextOf('media').services.get(MediaServiceRef).upload(id, png);
  const post = async (body: string, visibility = 'public') => {
    const res = await instance.gql(
      'mutation($input: NoteInput!) { createNote(input: $input) { id } }',
      { input: { title: 'Weekend', body, images: [{ mediaId: toGlobalId('Media', image.id) }], visibility } },
      { token },
    );
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return { gid: res.data.createNote.id as string, id: Number(fromGlobalId(res.data.createNote.id).id) };
  };
  return { id, token, gid: account.id, post };
}

/** Every activity of these types an instance's inbox handled. */
function record(instance: TlsInstance) {
  const seen: { type: string; actor: string; object: string | null; inner: string | null }[] = [];
  const fed = instance.kernel.contextOf('federation').services.get(FederationServiceRef);
  const push = (type: string, activity: Activity, inner: string | null) => {
    seen.push({ type, actor: activity.actorId!.href, object: activity.objectId?.href ?? null, inner });
  };
  fed.onInbox(Announce, (activity) => push('Announce', activity, null));
  fed.onInbox(Reject, (activity) => push('Reject', activity, null));
  fed.onInbox(Undo, async (activity) => {
    push('Undo', activity, (await activity.getObject().catch(() => null))?.id?.href ?? null);
  });
  return seen;
}

describe('topics and communities as Group actors', async () => {
  const a = await start();
  const b = await start();
  afterAll(async () => {
    await a.close();
    await b.close();
  });
  const fedA = a.kernel.contextOf('federation').services.get(FederationServiceRef);
  const alice = await person(a, 'alice');
  const carol = await person(a, 'carol');
  const dave = await person(a, 'dave');
  const bob = await person(b, 'bob');
  const onA = record(a);
  const onB = record(b);
  const groupUri = `${b.url}/users/${CAMPING}`;
  const firstNote = await bob.post('第一次 #露营 去山里');
  await settle(a, b);
  const feedOf = async (token: string) => ((await a.gql(FEED, {}, { token })).data.followingFeed.edges as any[]).map((e) => [e.node.author.handle, e.node.body]);

  it('serves #露营 as a Group with an ASCII (Punycode) name, found by WebFinger under its Chinese name too', async () => {
    const doc = (await b.app.inject({ method: 'GET', url: `/users/${CAMPING}`, headers: AS })).json();
    expect(doc).toMatchObject({
      type: 'Group', id: groupUri, preferredUsername: CAMPING, name: '#露营', manuallyApprovesFollowers: false,
      url: `${b.url}/tags/${encodeURIComponent('露营')}`, inbox: `${groupUri}/inbox`, followers: `${groupUri}/followers`,
    });
    expect(doc.publicKey.publicKeyPem).toContain('BEGIN PUBLIC KEY');
    for (const name of [CAMPING, 't.露营']) {
      const wf = await b.app.inject({ method: 'GET', url: `/.well-known/webfinger?resource=${encodeURIComponent(`acct:${name}@${b.host}`)}` });
      expect(wf.statusCode, name).toBe(200);
      const self = wf.json().links.find((l: any) => l.rel === 'self').href;
      const actor = (await b.app.inject({ method: 'GET', url: new URL(self).pathname, headers: AS })).json();
      expect(actor.id).toBe(groupUri);
    }
    const topic = (await b.gql('{ topic(name: "露营") { fediverseHandle fediverseUrl } }')).data.topic;
    expect(topic).toEqual({ fediverseHandle: `${CAMPING}@${b.host}`, fediverseUrl: groupUri });
  });

  it('answers 404 for topics and communities that do not exist', async () => {
    for (const name of [`t.xn--${punycodeEncode('没有这个')}`, 't.nothing', 't.没有这个', 'c.nowhere', 't.', 't.a b']) {
      const wf = await b.app.inject({ method: 'GET', url: `/.well-known/webfinger?resource=${encodeURIComponent(`acct:${name}@${b.host}`)}` });
      expect(wf.statusCode, name).toBe(404);
    }
    expect((await b.app.inject({ method: 'GET', url: '/users/t.nothing', headers: AS })).statusCode).toBe(404);
  });

  it('lets alice@A follow #露营 on B by its handle (WebFinger, Follow, Accept)', async () => {
    const follow = await fedA.followRemote(alice.id, `t.露营@${b.host}`);
    expect(follow.actor.uri).toBe(groupUri);
    expect(follow.actor.type).toBe('Group');
    await fedA.followRemote(carol.id, `${CAMPING}@${b.host}`);
    await settle(a, b);
    expect((await fedA.remoteFollowing(alice.id)).map((f) => [f.actor.uri, f.state])).toEqual([[groupUri, 'accepted']]);
    expect((await b.app.inject({ method: 'GET', url: `/users/${CAMPING}/followers`, headers: AS })).json().totalItems).toBe(2);
    // The note published before anyone followed is not sent now.
    expect(onA.filter((x) => x.type === 'Announce')).toEqual([]);
    expect(firstNote.id).toBeGreaterThan(0);
  });

  it('announces each public note under the tag to the followers, once; not followers-only notes', async () => {
    const note = await bob.post('周末 #露营 看星星');
    await bob.post('只给粉丝 #露营', 'followers');
    await bob.post('别的 #咖啡');
    await settle(a, b);
    const announces = onA.filter((x) => x.type === 'Announce');
    // One delivery to A's shared inbox for alice and carol.
    expect(announces).toEqual([{ type: 'Announce', actor: groupUri, object: `${b.url}/notes/${note.id}`, inner: null }]);

    // Editing the note (the tag stays) announces nothing new.
    const edit = await b.gql('mutation($id: ID!, $input: NoteInput!) { updateNote(id: $id, input: $input) { id } }',
      { id: note.gid, input: { body: '周末 #露营 看星星 (edited)' } }, { token: bob.token });
    expect(edit.errors).toBeUndefined();
    await settle(a, b);
    expect(onA.filter((x) => x.type === 'Announce')).toHaveLength(1);

    // The note leaves the tag: Undo(Announce).
    const untag = await b.gql('mutation($id: ID!, $input: NoteInput!) { updateNote(id: $id, input: $input) { id } }',
      { id: note.gid, input: { body: '周末 看星星' } }, { token: bob.token });
    expect(untag.errors).toBeUndefined();
    await settle(a, b);
    const undos = onA.filter((x) => x.type === 'Undo');
    expect(undos).toHaveLength(1);
    expect(undos[0]!.actor).toBe(groupUri);
    expect(undos[0]!.inner).toMatch(new RegExp(`^${groupUri}#announces/`));

    // A deleted note is taken back too.
    const gone = await bob.post('最后一次 #露营');
    await settle(a, b);
    expect(onA.filter((x) => x.type === 'Announce').map((x) => x.object)).toContain(`${b.url}/notes/${gone.id}`);
    expect((await b.gql('mutation($id: ID!) { deleteNote(id: $id) }', { id: gone.gid }, { token: bob.token })).errors).toBeUndefined();
    await settle(a, b);
    expect(onA.filter((x) => x.type === 'Undo')).toHaveLength(2);
  });

  it('shows notes a followed remote Group announces in its followers\' FOLLOWING feed, until the Group takes them back', async () => {
    const note = await bob.post('山顶日出 #露营');
    await settle(a, b);
    expect(await feedOf(alice.token)).toEqual([[`bob@${b.host}`, expect.stringContaining('山顶日出')]]);
    expect(await feedOf(carol.token)).toHaveLength(1);
    expect(await feedOf(dave.token)).toEqual([]);
    // On A the note also joined the local #露营 topic through its tag.
    const local = (await a.gql('{ topic(name: "露营") { notes { edges { node { author { handle } } } } } }')).data.topic;
    expect(local.notes.edges.map((e: any) => e.node.author.handle)).toContain(`bob@${b.host}`);
    expect((await b.gql('mutation($id: ID!) { deleteNote(id: $id) }', { id: note.gid }, { token: bob.token })).errors).toBeUndefined();
    await settle(a, b);
    expect(await feedOf(alice.token)).toEqual([]);
  });

  it('takes a Mastodon-style Create addressed to the Group into the topic and announces it to the followers', async () => {
    const group = await fedA.resolveRemoteActor(`${CAMPING}@${b.host}`);
    const aliceUri = fedA.actorUri('alice');
    const noteUri = new URL(`${aliceUri.href}/statuses/1`);
    const before = onA.filter((x) => x.type === 'Announce').length;
    await fedA.sendActivity({ accountId: alice.id }, group, new Create({
      id: new URL(`${noteUri.href}/activity`), actor: aliceUri, to: PUBLIC_COLLECTION, ccs: [new URL(groupUri), fedA.context().getFollowersUri('alice')],
      object: new Note({
        id: noteUri, attribution: aliceUri, to: PUBLIC_COLLECTION, ccs: [new URL(groupUri)],
        content: `<p><span class="h-card"><a href="${groupUri}" class="u-url mention">@<span>${CAMPING}</span></a></span> 山里下雪了</p>`,
        published: Temporal.Instant.from(new Date().toISOString()),
      }),
    }));
    await settle(a, b);
    const notes = (await b.gql('{ topic(name: "露营") { notes { edges { node { id author { handle } } } } } }')).data.topic.notes.edges;
    expect(notes.map((e: any) => e.node.author.handle)).toContain(`alice@${a.host}`);
    // Announced to the Group's followers (carol), never back to its author alone.
    const announced = onA.filter((x) => x.type === 'Announce').slice(before);
    expect(announced.map((x) => x.object)).toEqual([noteUri.href]);

    // The same Create again changes nothing.
    await fedA.sendActivity({ accountId: alice.id }, group, new Create({
      id: new URL(`${noteUri.href}/activity`), actor: aliceUri, to: PUBLIC_COLLECTION, cc: new URL(groupUri),
      object: new Note({ id: noteUri, attribution: aliceUri, to: PUBLIC_COLLECTION, cc: new URL(groupUri), content: '<p>山里下雪了</p>' }),
    }));
    await settle(a, b);
    expect(onA.filter((x) => x.type === 'Announce').slice(before)).toHaveLength(1);
    const again = (await b.gql('{ topic(name: "露营") { notes { edges { node { author { handle } } } } } }')).data.topic.notes.edges;
    expect(again.filter((e: any) => e.node.author.handle === `alice@${a.host}`)).toHaveLength(1);
  });

  it('lets a community restrict posting: a remote note addressed to it is refused with Reject', async () => {
    const mod = await person(b, 'mod_b');
    await b.kernel.db.kysely().updateTable('core_accounts').set({ role: 'moderator' }).where('id', '=', mod.id).execute();
    const modToken = (await b.gql('mutation($i: SignInInput!) { signIn(input: $i) { token } }', { i: { handle: 'mod_b', password: 'Correct-Horse-42' } })).data.signIn.token;
    const created = await b.gql('mutation($input: CreateCommunityInput!) { createCommunity(input: $input) { slug fediverseHandle postingRestricted } }',
      { input: { slug: 'camping', name: '露营 Camping', description: '周末去山里', topics: ['露营'] } }, { token: modToken });
    expect(created.data.createCommunity).toEqual({ slug: 'camping', fediverseHandle: `c.camping@${b.host}`, postingRestricted: false });
    const community = await fedA.resolveRemoteActor(`c.camping@${b.host}`);
    expect(community.type).toBe('Group');

    // Open posting: carol's note addressed to the community (no tag) joins it, and carol becomes a member.
    const carolUri = fedA.actorUri('carol');
    const carolNote = new URL(`${carolUri.href}/statuses/1`);
    await fedA.sendActivity({ accountId: carol.id }, community, new Create({
      id: new URL(`${carolNote.href}/activity`), actor: carolUri, to: PUBLIC_COLLECTION, cc: new URL(community.uri),
      object: new Note({ id: carolNote, attribution: carolUri, to: PUBLIC_COLLECTION, cc: new URL(community.uri), content: '<p>营地推荐</p>' }),
    }));
    await settle(a, b);
    const open = (await b.gql('{ community(slug: "camping") { members { totalCount } notes { edges { node { author { handle } } } } } }')).data.community;
    expect(open.members.totalCount).toBe(2);
    expect(open.notes.edges.map((e: any) => e.node.author.handle)).toEqual([`carol@${a.host}`]);

    const denied = await b.gql('mutation { setCommunityPostingRestricted(slug: "camping", restricted: true) { postingRestricted } }', {}, { token: bob.token });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const set = await b.gql('mutation { setCommunityPostingRestricted(slug: "camping", restricted: true) { postingRestricted } }', {}, { token: modToken });
    expect(set.data.setCommunityPostingRestricted.postingRestricted).toBe(true);

    const aliceUri = fedA.actorUri('alice');
    const noteUri = new URL(`${aliceUri.href}/statuses/2`);
    await fedA.sendActivity({ accountId: alice.id }, community, new Create({
      id: new URL(`${noteUri.href}/activity`), actor: aliceUri, to: PUBLIC_COLLECTION, cc: new URL(community.uri),
      object: new Note({ id: noteUri, attribution: aliceUri, to: PUBLIC_COLLECTION, cc: new URL(community.uri), content: '<p>我也想发 #露营</p>' }),
    }));
    await settle(a, b);
    const rejects = onA.filter((x) => x.type === 'Reject');
    expect(rejects).toEqual([{ type: 'Reject', actor: community.uri, object: `${noteUri.href}/activity`, inner: null }]);
    const members = (await b.gql('{ community(slug: "camping") { members { totalCount } notes { edges { node { author { handle } } } } } }')).data.community;
    expect(members.members.totalCount).toBe(2);
    expect(members.notes.edges.map((e: any) => e.node.author.handle)).not.toContain(`alice@${a.host}`);
    expect(onB.filter((x) => x.type === 'Reject')).toEqual([]);
  });
});
