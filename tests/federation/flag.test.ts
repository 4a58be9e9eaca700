// Reports across instances: sendFlag sends a Flag from the instance actor
// (the reporter is not named) to the reported account's instance, where it
// becomes federation.flag-received for the trust plugin; bad reports are
// refused before anything is sent, and Flags naming nothing here are dropped.
import { describe, it, expect, afterAll } from 'vitest';
import { Flag } from '@fedify/vocab';
import { signUp } from '../core/accounts-helpers.ts';
import { definePlugin, PLUGIN_API_VERSION, FederationServiceRef, FlagReceived } from '../../core/index.ts';
import { startTlsInstance, settle, type TlsInstance } from './tls.ts';

type Heard = { actorUri: string; domain: string; targetAccountId: number | null; objectUris: string[]; content: string };

/** Stands in for the trust plugin: records every inbound Flag. */
function trustListener() {
  const heard: Heard[] = [];
  const plugin = definePlugin({
    name: 'flag-listener',
    apiVersion: PLUGIN_API_VERSION,
    dependsOn: ['federation'],
    register(reg) {
      reg.on(FlagReceived, ({ actorUri, domain, targetAccountId, objectUris, content }) => {
        heard.push({ actorUri, domain, targetAccountId, objectUris, content });
      });
    },
  });
  return { plugin, heard };
}

describe('Flag (reports) across instances', async () => {
  const listenerA = trustListener();
  const listenerB = trustListener();
  const a = await startTlsInstance({ plugins: [listenerA.plugin] });
  const b = await startTlsInstance({ plugins: [listenerB.plugin] });
  afterAll(async () => {
    await a.close();
    await b.close();
  });
  await signUp(a, 'alice');
  await signUp(b, 'bob');
  const fed = (m: TlsInstance) => m.kernel.contextOf('federation').services.get(FederationServiceRef);
  const idOn = async (m: TlsInstance, handle: string) =>
    Number((await m.kernel.db.kysely().selectFrom('core_accounts').select('id').where('handle', '=', handle).executeTakeFirstOrThrow()).id);

  it('reports a remote account and its notes; the other instance hears who reported, whom, what and why', async () => {
    const found = await fed(a).lookup(`bob@${b.host}`);
    expect(found?.kind).toBe('account');
    const bobRemote = found!.kind === 'account' ? found!.account.id : 0;
    await fed(a).sendFlag({ reporterAccountId: await idOn(a, 'alice'), targetAccountId: bobRemote, objects: [`${b.url}/notes/7`], reason: 'Spam 垃圾广告' });
    await settle(a, b);
    expect(listenerB.heard).toEqual([{
      actorUri: `${a.url}/users/instance`,
      domain: a.host,
      targetAccountId: await idOn(b, 'bob'),
      objectUris: [`${b.url}/notes/7`],
      content: 'Spam 垃圾广告',
    }]);
    // The reporter is not named anywhere on B.
    expect(await b.kernel.db.kysely().selectFrom('core_accounts').select('handle').where('handle', '=', `alice@${a.host}`).execute()).toEqual([]);
  });

  it('refuses reports of local accounts, of objects on another instance, and of unknown accounts', async () => {
    const bobRemote = (await fed(a).lookup(`bob@${b.host}`)) as { kind: 'account'; account: { id: number } };
    await expect(fed(a).sendFlag({ reporterAccountId: null, targetAccountId: await idOn(a, 'alice'), reason: 'x' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(fed(a).sendFlag({ reporterAccountId: null, targetAccountId: bobRemote.account.id, objects: ['https://elsewhere.example/notes/1'], reason: 'x' }))
      .rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(fed(a).sendFlag({ reporterAccountId: null, targetAccountId: bobRemote.account.id, objects: ['not a url'], reason: 'x' }))
      .rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(fed(a).sendFlag({ reporterAccountId: null, targetAccountId: 999_999, reason: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await settle(a, b);
    expect(listenerB.heard).toHaveLength(1);
  });

  it('the other way, and a Flag that names nothing of the receiving instance is dropped', async () => {
    const found = await fed(b).lookup(`alice@${a.host}`);
    const aliceRemote = found!.kind === 'account' ? found!.account.id : 0;
    await fed(b).sendFlag({ reporterAccountId: null, targetAccountId: aliceRemote, reason: '<p>Harassment</p>' });
    // A Flag from B's instance actor about B's own account, sent to A: nothing of A's in it.
    const instanceB = fed(b).actorUri('instance');
    const actorA = (await fed(b).remoteActorOf(found!.kind === 'account' ? found!.account : (null as never)))!;
    await fed(b).sendActivity('instance', actorA, new Flag({ id: new URL('#flags/elsewhere', instanceB), actor: instanceB, objects: [fed(b).actorUri('bob')], content: 'x' }));
    await settle(a, b);
    expect(listenerA.heard).toEqual([{ actorUri: `${b.url}/users/instance`, domain: b.host, targetAccountId: await idOn(a, 'alice'), objectUris: [], content: 'Harassment' }]);
  });
});
