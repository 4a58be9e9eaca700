// Reports from other instances: a Flag sent by instance A about an account
// of instance B (with one of its notes) arrives on B as a report in the
// moderation queue, from A's domain, naming no reporter; the same Flag
// delivered again is not filed twice.

import { afterAll, describe, expect, it } from 'vitest';
// Tests may boot the real notes plugin; plugin code may not import it.
// eslint-disable-next-line meadow/plugin-boundaries
import notesPlugin from '../../notes/index.ts';
import trustPlugin from '../index.ts';
import { FederationServiceRef } from '../../../core/index.ts';
import { signUp } from '../../../tests/core/accounts-helpers.ts';
import { settle, startTlsInstance, type TlsInstance } from '../../../tests/federation/tls.ts';

describe('inbound Flags become reports', async () => {
  const a = await startTlsInstance({ plugins: [notesPlugin, trustPlugin] });
  const b = await startTlsInstance({ plugins: [notesPlugin, trustPlugin] });
  afterAll(async () => {
    await a.close();
    await b.close();
  });
  await signUp(a, 'alice');
  await signUp(b, 'bob');
  const fed = (m: TlsInstance) => m.kernel.contextOf('federation').services.get(FederationServiceRef);
  const reportsOn = (m: TlsInstance) => m.kernel.db.kysely().selectFrom('trust_reports').selectAll().execute();

  it('files one report on B from A’s domain with the reason and the reported objects', async () => {
    const found = await fed(a).lookup(`bob@${b.host}`);
    expect(found?.kind).toBe('account');
    const bobOnA = found!.kind === 'account' ? found!.account.id : 0;
    const flag = { reporterAccountId: null, targetAccountId: bobOnA, objects: [`${b.url}/notes/7`], reason: 'Fake reviews 刷单' };
    await fed(a).sendFlag(flag);
    await settle(a, b);
    const bobOnB = Number((await b.kernel.db.kysely().selectFrom('core_accounts').select('id').where('handle', '=', 'bob').executeTakeFirstOrThrow()).id);
    const reports = await reportsOn(b);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ reporter_domain: a.host, target_type: 'Account', status: 'open', reason: 'OTHER', comment: `Fake reviews 刷单\n${b.url}/notes/7` });
    expect(reports[0]!.reporter_id).toBeNull();
    expect(Number(reports[0]!.target_id)).toBe(bobOnB);
    expect(Number(reports[0]!.target_account_id)).toBe(bobOnB);
    // The same Flag again adds nothing while the report is open.
    await fed(a).sendFlag(flag);
    await settle(a, b);
    expect(await reportsOn(b)).toHaveLength(1);
    // Nothing is filed on the sending side.
    expect(await reportsOn(a)).toEqual([]);
  });
});
