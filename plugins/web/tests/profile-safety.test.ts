// Blocking and muting from a profile, without JavaScript: the forms sit in
// a "Block or mute" disclosure on other people's profiles (not one's own,
// not for signed-out visitors), post to /actions/block|mute and come back;
// the same form undoes it. A suspended account says so on its profile.

import { afterAll, describe, expect, it } from 'vitest';
import { AccountsServiceRef, fromGlobalId } from '../../../core/index.ts';
import { browse, person, startWeb, submit } from './helpers.ts';

describe('web: block and mute from a profile', async () => {
  const meadow = await startWeb({ seed: false, config: { rateLimits: { authMax: 1000, authWindowMs: 60_000 } } });
  afterAll(() => meadow.close());
  const ann = await person(meadow, 'ann', { displayName: 'Ann', locale: 'en' });
  const ben = await person(meadow, 'ben', { displayName: 'Ben' });
  const relation = async () => (await meadow.gql(`{ account(handle: "ben") { viewerBlocks viewerMutes } }`, {}, { token: ann.token })).data.account;

  it('offers the forms on others’ profiles only', async () => {
    expect((await browse(meadow, '/@ben', { cookie: ann.cookie })).body).toContain('<summary>Block or mute</summary>');
    expect((await browse(meadow, '/@ann', { cookie: ann.cookie })).body).not.toContain('action="/actions/block"');
    expect((await browse(meadow, '/@ben')).body).not.toContain('action="/actions/block"');
  });

  it('mutes, blocks and undoes both with plain forms', async () => {
    const muted = await submit(meadow, '/actions/mute', { accountId: ben.id, on: '1', next: '/@ben' }, { cookie: ann.cookie });
    expect(muted.statusCode).toBe(303);
    expect(muted.headers.location).toBe('/@ben');
    expect(await relation()).toEqual({ viewerBlocks: false, viewerMutes: true });
    await submit(meadow, '/actions/block', { accountId: ben.id, on: '1', next: '/@ben' }, { cookie: ann.cookie });
    expect(await relation()).toEqual({ viewerBlocks: true, viewerMutes: true });
    const page = await browse(meadow, '/@ben', { cookie: ann.cookie });
    expect(page.body).toMatch(/<input type="hidden" name="on" value="0"><button type="submit" class="secondary">Unblock<\/button>/);
    await submit(meadow, '/actions/block', { accountId: ben.id, on: '0', next: '/@ben' }, { cookie: ann.cookie });
    await submit(meadow, '/actions/mute', { accountId: ben.id, on: '0', next: '/@ben' }, { cookie: ann.cookie });
    expect(await relation()).toEqual({ viewerBlocks: false, viewerMutes: false });
  });

  it('a suspended account’s profile says it is suspended', async () => {
    await meadow.kernel.contextOf('accounts').services.get(AccountsServiceRef).suspend(Number(fromGlobalId(ben.id).id), { reason: 'spam', until: null });
    expect((await browse(meadow, '/@ben', { cookie: ann.cookie })).body).toContain('This account is suspended by the moderators.');
  });
});
