// Instance-level blocks across three real instances over HTTPS: A blocks B;
// C is in good standing and shares B's post. Silence and reject-media are
// policies plugins ask for; suspension is enforced by core on every path:
// delivery, the inbox (before any key is fetched), content inside a share,
// lookups and follows — and the follows both ways are removed.
import { describe, it, expect, afterAll } from 'vitest';
import { Announce, Create, Note, PUBLIC_COLLECTION } from '@fedify/vocab';
import { signUp, codeOf } from '../core/accounts-helpers.ts';
import { definePlugin, PLUGIN_API_VERSION, FederationServiceRef } from '../../core/index.ts';
import { startTlsInstance, settle } from './tls.ts';
import { adminToken, federationOf, inboxPosts, localAccountId, postToFollowers } from './ops-helpers.ts';

const ADD = 'mutation($i: DomainBlockInput!) { addDomainBlock(input: $i) { domain severity rejectMedia reason public } }';
const UPDATE = 'mutation($d: String!, $p: DomainBlockPatch!) { updateDomainBlock(domain: $d, patch: $p) { domain severity rejectMedia reason public } }';
const REMOVE = 'mutation($d: String!) { removeDomainBlock(domain: $d) }';
const BLOCKS = '{ domainBlocks { domain severity rejectMedia reason public } }';
const FOLLOW = 'mutation($h: String!) { followRemote(handle: $h) { state } }';

/** Records what reaches A's inbox handlers. */
function witness() {
  const heard: string[] = [];
  const plugin = definePlugin({
    name: 'witness',
    apiVersion: PLUGIN_API_VERSION,
    dependsOn: ['federation'],
    bootstrap(ctx) {
      const federation = ctx.services.get(FederationServiceRef);
      federation.onInbox(Create, (create) => void heard.push(`Create ${create.objectId?.href}`));
      federation.onInbox(Announce, (announce) => void heard.push(`Announce ${announce.objectId?.href}`));
    },
  });
  return { plugin, heard };
}

describe('instance-level blocks', async () => {
  const onA = witness();
  const a = await startTlsInstance({ plugins: [onA.plugin] });
  const b = await startTlsInstance();
  const c = await startTlsInstance();
  afterAll(async () => {
    await a.close();
    await b.close();
    await c.close();
  });
  const alice = await signUp(a, 'alice');
  const bob = await signUp(b, 'bob');
  await signUp(c, 'carol');
  const admin = await adminToken(a);
  const fedA = federationOf(a);
  // Follows both ways between A and B, and C's carol follows alice.
  await b.gql(FOLLOW, { h: `alice@${a.host}` }, { token: bob.token });
  await a.gql(FOLLOW, { h: `bob@${b.host}` }, { token: alice.token });
  await settle(a, b);

  /** `from` sends `activity` straight to alice on A. */
  const sendToAlice = async (from: typeof b, handle: string, build: (me: URL, n: number) => Create | Announce) => {
    const federation = federationOf(from);
    const aliceThere = await federation.resolveRemoteActor(`alice@${a.host}`);
    await federation.sendActivity({ accountId: await localAccountId(from, handle) }, aliceThere, build(federation.actorUri(handle), Date.now()));
    await settle(a, b, c);
  };
  const noteBy = (instance: typeof b, me: URL, n: number) =>
    new Note({ id: new URL(`/notes/${n}`, instance.url), attribution: me, content: `<p>note ${n}</p>`, to: PUBLIC_COLLECTION });

  it('refuses bad input with clear errors, and only admins may block', async () => {
    for (const domain of ['', 'not a domain', 'bob@example.com', 'example', '*.example.com', 'example.com/path', 'ftp://']) {
      const res = await a.gql(ADD, { i: { domain } }, { token: admin });
      expect(codeOf(res), domain).toBe('BAD_USER_INPUT');
    }
    const own = await a.gql(ADD, { i: { domain: a.host } }, { token: admin });
    expect(codeOf(own)).toBe('BAD_USER_INPUT');
    expect(own.errors![0].message).toMatch(/own domain/);
    // 127.0.0.1 (every port) would cover this instance too.
    expect(codeOf(await a.gql(ADD, { i: { domain: '127.0.0.1' } }, { token: admin }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await a.gql(ADD, { i: { domain: 'spam.example', reason: 'x'.repeat(2001) } }, { token: admin }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await a.gql(ADD, { i: { domain: 'spam.example' } }, { token: alice.token }))).toBe('FORBIDDEN');
    expect(codeOf(await a.gql(ADD, { i: { domain: 'spam.example' } }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await a.gql(BLOCKS, {}, { token: alice.token }))).toBe('FORBIDDEN');

    const made = await a.gql(ADD, { i: { domain: 'HTTPS://Spam.Example/', severity: 'SILENCE', reason: 'spam waves', public: true } }, { token: admin });
    expect(made.data.addDomainBlock).toEqual({ domain: 'spam.example', severity: 'SILENCE', rejectMedia: false, reason: 'spam waves', public: true });
    const dup = await a.gql(ADD, { i: { domain: 'spam.example', severity: 'SUSPEND' } }, { token: admin });
    expect(codeOf(dup)).toBe('CONFLICT');
    expect(codeOf(await a.gql(UPDATE, { d: 'never.example', p: { reason: 'x' } }, { token: admin }))).toBe('NOT_FOUND');
    expect(codeOf(await a.gql(UPDATE, { d: 'spam.example', p: {} }, { token: admin }))).toBe('BAD_USER_INPUT');
    // Nothing of the refused attempts was stored.
    expect((await a.gql(BLOCKS, {}, { token: admin })).data.domainBlocks).toEqual([
      { domain: 'spam.example', severity: 'SILENCE', rejectMedia: false, reason: 'spam waves', public: true },
    ]);
  });

  it('covers subdomains; a host:port block covers that port only', () => {
    expect(fedA.domainPolicy('spam.example')).toBe('silence');
    expect(fedA.domainPolicy('https://media.spam.example/a.png')).toBe('silence');
    expect(fedA.domainPolicy('someone@cdn.spam.example')).toBe('silence');
    expect(fedA.domainPolicy('https://notspam.example/')).toBe('none');
    expect(fedA.domainPolicy(b.url)).toBe('none');
    expect(fedA.domainPolicy(a.url)).toBe('none');
  });

  it('silence: content is still accepted, and plugins are told to keep it out of public feeds', async () => {
    await a.gql(ADD, { i: { domain: b.host, severity: 'SILENCE', reason: 'low-effort bots' } }, { token: admin });
    expect(fedA.domainPolicy(`${b.url}/users/bob`)).toBe('silence');
    expect(fedA.domainPolicy(`bob@${b.host}`)).toBe('silence');
    expect(fedA.domainPolicy(c.url)).toBe('none');
    expect(fedA.rejectsMedia(b.host)).toBe(false);
    await sendToAlice(b, 'bob', (me, n) => new Create({ id: new URL(`/notes/${n}#create`, b.url), actor: me, object: noteBy(b, me, n) }));
    expect(onA.heard.filter((h) => h.startsWith(`Create ${b.url}`))).toHaveLength(1);
  });

  it('reject media: that instance media is neither fetched nor shown', async () => {
    const res = await a.gql(UPDATE, { d: b.host, p: { rejectMedia: true } }, { token: admin });
    expect(res.data.updateDomainBlock).toMatchObject({ severity: 'SILENCE', rejectMedia: true, reason: 'low-effort bots' });
    expect(fedA.rejectsMedia(`${b.url}/media/1.jpg`)).toBe(true);
    expect(fedA.rejectsMedia(`${c.url}/media/1.jpg`)).toBe(false);
  });

  it('suspend: removes the follows both ways, sends nothing, and accepts nothing from it', async () => {
    const db = a.kernel.db.kysely();
    expect(await db.selectFrom('core_fed_followers').selectAll().execute()).toHaveLength(1);
    expect(await db.selectFrom('core_fed_following').selectAll().execute()).toHaveLength(1);
    const res = await a.gql(UPDATE, { d: b.host, p: { severity: 'SUSPEND' } }, { token: admin });
    expect(res.data.updateDomainBlock.severity).toBe('SUSPEND');
    expect(await db.selectFrom('core_fed_followers').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('core_fed_following').selectAll().execute()).toEqual([]);
    const counts = (await a.gql('query { account(handle: "alice") { followersCount followingCount } }')).data.account;
    expect(counts).toEqual({ followersCount: 0, followingCount: 0 });
    expect(fedA.rejectsMedia(b.host)).toBe(true);

    // Nothing goes out to it.
    const before = b.requests.length;
    await postToFollowers(a, 'alice', 'not for B');
    await settle(a, b);
    expect(b.requests.length).toBe(before);

    // What it sends is answered 202 and dropped, without fetching its key.
    const heard = onA.heard.length;
    await sendToAlice(b, 'bob', (me, n) => new Create({ id: new URL(`/notes/${n}#create`, b.url), actor: me, object: noteBy(b, me, n) }));
    expect(onA.heard.length).toBe(heard);
    expect(b.requests.slice(before).filter((r) => r.method === 'GET')).toEqual([]);

    // Nor is it looked up or followed.
    const follow = await a.gql(FOLLOW, { h: `bob@${b.host}` }, { token: alice.token });
    expect(codeOf(follow)).toBe('FORBIDDEN');
    expect(await fedA.lookup(`${b.url}/users/bob`)).toBeNull();
    expect(await fedA.lookup(`@bob@${b.host}`)).toBeNull();
    // A plugin fetching through Fedify's context directly is stopped by the loader too.
    const fctx = fedA.context();
    await expect(fctx.lookupObject(`${b.url}/users/bob`, { documentLoader: fctx.documentLoader })).resolves.toBeNull();
    await expect(fctx.documentLoader(`${b.url}/users/bob`)).rejects.toThrow(/suspended/);
    expect(b.requests.slice(before).filter((r) => r.method === 'GET')).toEqual([]);
  });

  it('suspend: its content shared by another instance is dropped too', async () => {
    const heard = onA.heard.length;
    const bobNote = `${b.url}/notes/shared-by-carol`;
    // carol on C shares bob's post (embedded, as Mastodon does for its own copies) …
    await sendToAlice(c, 'carol', (me, n) =>
      new Announce({ id: new URL(`/shares/${n}`, c.url), actor: me, object: new Note({ id: new URL(bobNote), attribution: new URL(`${b.url}/users/bob`), content: '<p>from B</p>' }), to: PUBLIC_COLLECTION }),
    );
    // … or by reference only; both are dropped.
    await sendToAlice(c, 'carol', (me, n) => new Announce({ id: new URL(`/shares/${n + 1}`, c.url), actor: me, object: new URL(bobNote), to: PUBLIC_COLLECTION }));
    expect(onA.heard.length).toBe(heard);
    // C's own content still arrives.
    await sendToAlice(c, 'carol', (me, n) => new Announce({ id: new URL(`/shares/${n + 2}`, c.url), actor: me, object: new URL(`/notes/${n}`, c.url), to: PUBLIC_COLLECTION }));
    expect(onA.heard.slice(heard)).toHaveLength(1);
    expect(onA.heard.at(-1)).toMatch(new RegExp(`^Announce ${c.url}/notes/`));
  });

  it('lists only public blocks to everyone, in GraphQL and in Mastodon shape', async () => {
    const open = await a.gql('{ publicDomainBlocks { domain severity rejectMedia reason } }');
    expect(open.data.publicDomainBlocks).toEqual([{ domain: 'spam.example', severity: 'SILENCE', rejectMedia: false, reason: 'spam waves' }]);
    const json = await a.app.inject({ method: 'GET', url: '/api/v1/instance/domain_blocks' });
    expect(json.statusCode).toBe(200);
    expect(json.json()).toEqual([{ domain: 'spam.example', digest: expect.stringMatching(/^[0-9a-f]{64}$/), severity: 'silence', comment: 'spam waves' }]);
    await a.gql(UPDATE, { d: b.host, p: { public: true } }, { token: admin });
    expect((await a.gql('{ publicDomainBlocks { domain } }')).data.publicDomainBlocks.map((x: any) => x.domain).sort()).toEqual([b.host, 'spam.example'].sort());
  });

  it('lifting the block lets it speak again (removed follows stay removed)', async () => {
    expect((await a.gql(REMOVE, { d: b.host }, { token: admin })).data.removeDomainBlock).toBe(true);
    expect((await a.gql(REMOVE, { d: b.host }, { token: admin })).data.removeDomainBlock).toBe(false);
    expect(codeOf(await a.gql(REMOVE, { d: 'not a domain' }, { token: admin }))).toBe('BAD_USER_INPUT');
    expect(fedA.domainPolicy(b.url)).toBe('none');
    const heard = onA.heard.length;
    await sendToAlice(b, 'bob', (me, n) => new Create({ id: new URL(`/notes/${n}#create`, b.url), actor: me, object: noteBy(b, me, n) }));
    expect(onA.heard.length).toBe(heard + 1);
    expect(await a.kernel.db.kysely().selectFrom('core_fed_followers').selectAll().execute()).toEqual([]);
    expect(inboxPosts(b)).toBeGreaterThan(0);
  });
});
