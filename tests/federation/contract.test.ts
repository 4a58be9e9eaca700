// The plugin contract: a plugin (defined here, as a third party would)
// serves its own object type, handles inbound Create through onInbox, sends
// to its author's remote followers, adds NodeInfo usage and answers
// browsers through the HTML fallback — with no change to core.
import { describe, it, expect, afterAll } from 'vitest';
import { Create, Note, PUBLIC_COLLECTION } from '@fedify/vocab';
import { signUp } from '../core/accounts-helpers.ts';
import {
  definePlugin, filter, PLUGIN_API_VERSION, FederationServiceRef, FederationHtmlFallback, NodeInfoUsage,
} from '../../core/index.ts';
import { startTlsInstance, settle } from './tls.ts';

function memoPlugin() {
  const received: { author: string; content: string; recipient: string | null }[] = [];
  const plugin = definePlugin({
    name: 'memo',
    apiVersion: PLUGIN_API_VERSION,
    dependsOn: ['federation'],
    hooks: [
      filter(NodeInfoUsage, (usage) => ({ ...usage, localPosts: usage.localPosts + 7 })),
      filter(FederationHtmlFallback, (response, { request }) =>
        response ?? new Response(`<h1>${new URL(request.url).pathname}</h1>`, { headers: { 'content-type': 'text/html; charset=utf-8' } }),
      ),
    ],
    bootstrap(ctx) {
      const federation = ctx.services.get(FederationServiceRef);
      federation.registerObjectType({
        type: Note,
        path: '/memos/{id}',
        dispatch: (fctx, { id }) =>
          id === '1' ? new Note({ id: fctx.getObjectUri(Note, { id }), content: '<p>memo one</p>', attribution: fctx.getActorUri('bob') }) : null,
      });
      federation.onInbox(Create, async (create, { context, recipientHandle }) => {
        const object = await create.getObject(context);
        if (!(object instanceof Note)) return;
        received.push({ author: create.actorId!.href, content: String(object.content), recipient: recipientHandle });
      });
    },
  });
  return { plugin, received };
}

describe('the federation contract for plugins', async () => {
  const onA = memoPlugin();
  const onB = memoPlugin();
  const a = await startTlsInstance({ plugins: [onA.plugin] });
  const b = await startTlsInstance({ plugins: [onB.plugin] });
  afterAll(async () => {
    await a.close();
    await b.close();
  });
  const alice = await signUp(a, 'alice');
  await signUp(b, 'bob');
  const AS = { accept: 'application/activity+json' };

  it('serves a plugin object type at its own path', async () => {
    const res = await b.app.inject({ method: 'GET', url: '/memos/1', headers: AS });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ type: 'Note', id: `${b.url}/memos/1`, content: '<p>memo one</p>', attributedTo: `${b.url}/users/bob` });
    expect((await b.app.inject({ method: 'GET', url: '/memos/2', headers: AS })).statusCode).toBe(404);
  });

  it('delivers a plugin activity to remote followers, and the other side hands it to onInbox', async () => {
    await a.gql('mutation($h: String!) { followRemote(handle: $h) { state } }', { h: `bob@${b.host}` }, { token: alice.token });
    await settle(a, b);
    const service = b.kernel.contextOf('memo').services.get(FederationServiceRef);
    const bobId = Number((await b.kernel.db.kysely().selectFrom('core_accounts').select('id').where('handle', '=', 'bob').executeTakeFirstOrThrow()).id);
    const bobUri = service.actorUri('bob');
    const note = new Note({
      id: new URL('/memos/1', b.url),
      attribution: bobUri,
      content: '<p>你好, fediverse</p>',
      to: PUBLIC_COLLECTION,
    });
    await service.sendActivity({ accountId: bobId }, 'followers', new Create({ id: new URL('/memos/1#create', b.url), actor: bobUri, object: note, to: PUBLIC_COLLECTION }));
    await settle(a, b);
    expect(onA.received).toEqual([{ author: `${b.url}/users/bob`, content: '<p>你好, fediverse</p>', recipient: null }]);
    expect(onB.received).toEqual([]);
  });

  it('adds plugin figures to NodeInfo', async () => {
    const info = (await a.app.inject({ method: 'GET', url: '/nodeinfo/2.1' })).json();
    expect(info.usage.localPosts).toBe(7);
    expect(info.metadata.enabledPlugins).toContain('memo');
  });

  it('lets a plugin answer browsers asking for an actor URL', async () => {
    const res = await a.app.inject({ method: 'GET', url: '/users/alice', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toBe('<h1>/users/alice</h1>');
  });

  it('refuses object types registered after the instance started', () => {
    const service = a.kernel.contextOf('memo').services.get(FederationServiceRef);
    expect(() => service.registerObjectType({ type: Note, path: '/late/{id}', dispatch: () => null })).toThrow(/after the instance started/);
  });
});
