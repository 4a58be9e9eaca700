// Notifications on a real instance: follows notify, repeats are one
// notification, people are not told about their own acts, blocks and mutes
// silence and hide, read marks and pages work, and a new notification
// reaches its recipient's open subscription over SSE (and nobody else's).

import { describe, it, expect, afterAll } from 'vitest';
import { AccountsServiceRef, NotificationsServiceRef, localId } from '../../core/index.ts';
import { startTestInstance } from '../helpers/instance.ts';
import { signUp, codeOf } from './accounts-helpers.ts';
import { subscribeSse } from '../helpers/sse.ts';

const LIST = `query($first: Int, $after: String) {
  notifications(first: $first, after: $after) {
    edges { cursor node { id kind read subjectType subjectId data actor { handle domain } subject { id ... on Account { handle } } createdAt } }
    pageInfo { hasNextPage endCursor }
  }
  unreadNotificationsCount
}`;
const FOLLOW = 'mutation($id: ID!) { follow(accountId: $id) { id } }';
const UNFOLLOW = 'mutation($id: ID!) { unfollow(accountId: $id) { id } }';

describe('notifications', async () => {
  const meadow = await startTestInstance({ config: { rateLimits: { authMax: 1000, authWindowMs: 60_000 } } });
  const stop = new AbortController();
  afterAll(async () => {
    stop.abort();
    await new Promise((r) => setTimeout(r, 100));
    await meadow.close();
  });
  const notifications = () => meadow.kernel.contextOf('notifications').services.get(NotificationsServiceRef);
  const accounts = () => meadow.kernel.contextOf('accounts').services.get(AccountsServiceRef);
  const idOf = (person: { account: { id: string } }) => localId(person.account.id, 'Account');
  const list = async (token: string, variables: Record<string, unknown> = {}) => {
    const res = await meadow.gql(LIST, variables, { token });
    expect(res.errors).toBeUndefined();
    return res.data as { notifications: { edges: { cursor: string; node: any }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }; unreadNotificationsCount: number };
  };

  const ann = await signUp(meadow, 'ann_n');
  const ben = await signUp(meadow, 'ben_n');
  const cat = await signUp(meadow, 'cat_n');
  const dan = await signUp(meadow, 'dan_n');

  it('tells people who followed them, once however often it is repeated', async () => {
    await meadow.gql(FOLLOW, { id: ben.account.id }, { token: ann.token });
    await meadow.gql(UNFOLLOW, { id: ben.account.id }, { token: ann.token });
    await meadow.gql(FOLLOW, { id: ben.account.id }, { token: ann.token });
    await meadow.kernel.bus.drain();
    const page = await list(ben.token);
    expect(page.notifications.edges.map((e) => [e.node.kind, e.node.actor.handle, e.node.read, e.node.subjectId])).toEqual([['follow', 'ann_n', false, null]]);
    expect(page.unreadNotificationsCount).toBe(1);
    expect(Number.isNaN(Date.parse(page.notifications.edges[0]!.node.createdAt))).toBe(false);
    // Ann is told nothing: she did the following.
    expect((await list(ann.token)).notifications.edges).toEqual([]);
  });

  it('tells a locked account about a follow request', async () => {
    await meadow.gql('mutation { updateProfile(input: { locked: true }) { id } }', {}, { token: dan.token });
    await meadow.gql(FOLLOW, { id: dan.account.id }, { token: cat.token });
    await meadow.kernel.bus.drain();
    const page = await list(dan.token);
    expect(page.notifications.edges.map((e) => [e.node.kind, e.node.actor.handle])).toEqual([['follow-request', 'cat_n']]);
  });

  it('keeps one notification for a repeated act, and none for acting on your own things', async () => {
    const input = { accountId: idOf(cat), kind: 'like', actorId: idOf(ann), subject: { type: 'Account', id: idOf(cat) }, data: { note: 'x' } };
    const first = await notifications().notify(input);
    expect(first).toMatchObject({ accountId: idOf(cat), kind: 'like', actorId: idOf(ann), read: false, data: { note: 'x' } });
    expect(await notifications().notify(input)).toBeNull();
    // Another subject or another kind is another notification.
    expect(await notifications().notify({ ...input, kind: 'mention' })).not.toBeNull();
    expect(await notifications().notify({ ...input, subject: { type: 'Account', id: idOf(ann) } })).not.toBeNull();
    expect(await notifications().notify({ ...input, actorId: idOf(cat) })).toBeNull();
    const page = await list(cat.token);
    expect(page.notifications.edges.map((e) => e.node.kind)).toEqual(['like', 'mention', 'like']);
    // The subject is read as the viewer, through node lookup.
    const oldest = page.notifications.edges[2]!.node;
    expect(oldest.subjectType).toBe('Account');
    expect(oldest.subject).toEqual({ id: cat.account.id, handle: 'cat_n' });
    expect(oldest.subjectId).toBe(cat.account.id);
    expect(page.unreadNotificationsCount).toBe(3);
  });

  it('refuses a malformed notification with a clear error', async () => {
    await expect(notifications().notify({ accountId: idOf(cat), kind: 'Not A Kind', actorId: idOf(ann), subject: null })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(notifications().notify({ accountId: -1, kind: 'like', actorId: idOf(ann), subject: null })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(notifications().notify({ accountId: idOf(cat), kind: 'like', actorId: idOf(ann), subject: { type: 'No such!', id: 1 } })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await notifications().notify({ accountId: 999_999, kind: 'like', actorId: idOf(ann), subject: null })).toBeNull();
  });

  it('says nothing between people who block each other, and hides muted people', async () => {
    const eve = await signUp(meadow, 'eve_n');
    const fay = await signUp(meadow, 'fay_n');
    const n = (actor: { account: { id: string } }, kind: string) => notifications().notify({ accountId: idOf(eve), kind, actorId: idOf(actor), subject: null });
    expect(await n(fay, 'like')).not.toBeNull();
    // Fay blocks Eve: what Fay did to Eve is gone, and nothing new is said either way.
    await meadow.gql('mutation($id: ID!) { block(accountId: $id) { id } }', { id: eve.account.id }, { token: fay.token });
    await meadow.kernel.bus.drain();
    expect(await n(fay, 'mention')).toBeNull();
    expect(await notifications().notify({ accountId: idOf(fay), kind: 'like', actorId: idOf(eve), subject: null })).toBeNull();
    expect((await list(eve.token)).notifications.edges).toEqual([]);
    // Eve mutes Ann: Ann's acts neither arrive nor count while the mute lasts.
    expect(await n(ann, 'like')).not.toBeNull();
    await meadow.gql('mutation($id: ID!) { mute(accountId: $id) { id } }', { id: ann.account.id }, { token: eve.token });
    expect(await n(ann, 'mention')).toBeNull();
    expect(await list(eve.token)).toMatchObject({ notifications: { edges: [] }, unreadNotificationsCount: 0 });
    await meadow.gql('mutation($id: ID!) { unmute(accountId: $id) { id } }', { id: ann.account.id }, { token: eve.token });
    const after = await list(eve.token);
    expect(after.notifications.edges.map((e) => [e.node.kind, e.node.actor.handle])).toEqual([['like', 'ann_n']]);
  });

  it('tells local people about a remote actor, and never a remote account', async () => {
    const remote = await accounts().upsertRemoteAccount({
      actorUri: 'https://elsewhere.example/users/zoe',
      handle: 'zoe@elsewhere.example',
      domain: 'elsewhere.example',
      displayName: 'Zoe',
      bio: '',
      url: 'https://elsewhere.example/@zoe',
      avatarUrl: null,
    });
    const gina = await signUp(meadow, 'gina_n');
    expect(await notifications().notify({ accountId: idOf(gina), kind: 'like', actorId: remote.id, subject: null })).not.toBeNull();
    expect(await notifications().notify({ accountId: remote.id, kind: 'like', actorId: idOf(gina), subject: null })).toBeNull();
    const page = await list(gina.token);
    expect(page.notifications.edges.map((e) => e.node.actor)).toEqual([{ handle: 'zoe@elsewhere.example', domain: 'elsewhere.example' }]);
  });

  it('pages newest first and marks read up to a notification or all', async () => {
    const hal = await signUp(meadow, 'hal_n');
    for (const kind of ['one', 'two', 'three', 'four', 'five']) {
      await notifications().notify({ accountId: idOf(hal), kind, actorId: idOf(ann), subject: null });
    }
    const first = await list(hal.token, { first: 2 });
    expect(first.notifications.edges.map((e) => e.node.kind)).toEqual(['five', 'four']);
    expect(first.notifications.pageInfo.hasNextPage).toBe(true);
    const second = await list(hal.token, { first: 2, after: first.notifications.pageInfo.endCursor });
    expect(second.notifications.edges.map((e) => e.node.kind)).toEqual(['three', 'two']);
    const third = await list(hal.token, { first: 2, after: second.notifications.pageInfo.endCursor });
    expect(third.notifications.edges.map((e) => e.node.kind)).toEqual(['one']);
    expect(third.notifications.pageInfo.hasNextPage).toBe(false);

    // Read up to "three": the two newer ones stay unread.
    const three = second.notifications.edges[0]!.node.id;
    const marked = await meadow.gql('mutation($upTo: ID) { markNotificationsRead(upTo: $upTo) }', { upTo: three }, { token: hal.token });
    expect(marked.data.markNotificationsRead).toBe(2);
    const now = await list(hal.token);
    expect(now.notifications.edges.map((e) => [e.node.kind, e.node.read])).toEqual([['five', false], ['four', false], ['three', true], ['two', true], ['one', true]]);
    const all = await meadow.gql('mutation { markNotificationsRead }', {}, { token: hal.token });
    expect(all.data.markNotificationsRead).toBe(0);
    expect((await list(hal.token)).unreadNotificationsCount).toBe(0);
    // Someone else's marks do not touch Hal's, and Hal cannot read Ben's through node().
    const bens = await list(ben.token);
    expect(bens.unreadNotificationsCount).toBe(1);
    const peek = await meadow.gql('query($id: ID!) { node(id: $id) { id } }', { id: bens.notifications.edges[0]!.node.id }, { token: hal.token });
    expect(peek.data.node).toBeNull();
    const own = await meadow.gql('query($id: ID!) { node(id: $id) { ... on Notification { kind } } }', { id: bens.notifications.edges[0]!.node.id }, { token: ben.token });
    expect(own.data.node).toEqual({ kind: 'follow' });
  });

  it('refuses strangers, bad cursors and bad ids with codes', async () => {
    expect(codeOf(await meadow.gql(LIST))).toBe('UNAUTHENTICATED');
    expect(codeOf(await meadow.gql('mutation { markNotificationsRead }'))).toBe('UNAUTHENTICATED');
    expect(codeOf(await meadow.gql(LIST, { after: 'forged.cursor' }, { token: ben.token }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await meadow.gql(LIST, { first: 1000 }, { token: ben.token }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await meadow.gql('mutation($upTo: ID) { markNotificationsRead(upTo: $upTo) }', { upTo: ben.account.id }, { token: ben.token }))).toBe('BAD_USER_INPUT');
  });

  it('delivers a new notification to its recipient over SSE, and to nobody else', async () => {
    await meadow.app.listen({ port: 0, host: '127.0.0.1' });
    const address = meadow.app.server.address();
    if (!address || typeof address === 'string') throw new Error('not listening on TCP');
    const url = `http://127.0.0.1:${address.port}/graphql`;
    const query = 'subscription { notificationAdded { id kind read actor { handle } } }';
    const mine = subscribeSse(url, query, stop.signal, cat.token);
    const theirs = subscribeSse(url, query, stop.signal, ben.token);
    await Promise.all([mine.ready, theirs.ready]);
    await new Promise((r) => setTimeout(r, 100));
    await meadow.gql(FOLLOW, { id: cat.account.id }, { token: ann.token });
    await meadow.kernel.bus.drain();
    await mine.next(5_000);
    expect(mine.events).toHaveLength(1);
    expect(mine.events[0]).toMatchObject({ data: { notificationAdded: { kind: 'follow', read: false, actor: { handle: 'ann_n' } } } });
    await theirs.next(300);
    expect(theirs.events).toEqual([]);

    // A signed-out subscriber is refused with a code.
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream' }, body: JSON.stringify({ query }), signal: stop.signal });
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('UNAUTHENTICATED') && !text.includes('event: complete')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    await reader.cancel();
    expect(text).toContain('UNAUTHENTICATED');
  });
});
