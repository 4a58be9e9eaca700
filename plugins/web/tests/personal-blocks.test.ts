// /settings/blocks as a person uses it without JavaScript: the people they
// blocked and muted, each list with its count and its own "more" link,
// Unblock / Unmute as plain forms that come back saying what happened; the
// settings page links to it; signed-out visitors are sent to sign in, and
// forms from another site or with a bad id change nothing.

import { afterAll, describe, expect, it } from 'vitest';
import { browse, person, startWeb, submit } from './helpers.ts';

const text = (body: string) => body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('web: blocked and muted people', async () => {
  const meadow = await startWeb({ seed: false, config: { rateLimits: { authMax: 1000, authWindowMs: 60_000 } } });
  afterAll(() => meadow.close());
  const ann = await person(meadow, 'ann', { displayName: 'Ann', locale: 'en' });
  const ben = await person(meadow, 'ben', { displayName: 'Ben' });
  const cat = await person(meadow, 'cat', { displayName: 'Cat' });
  const dan = await person(meadow, 'dan', { displayName: 'Dan' });
  const as = async (query: string, variables: Record<string, unknown>, token = ann.token) => {
    const res = await meadow.gql(query, variables, { token });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  await as('mutation($id: ID!) { block(accountId: $id) { id } }', { id: ben.id });
  await as('mutation($id: ID!) { mute(accountId: $id) { id } }', { id: cat.id });
  await as('mutation($id: ID!) { mute(accountId: $id) { id } }', { id: dan.id });

  it('lists blocked and muted people with counts and an Unblock / Unmute button each; settings links to it', async () => {
    const settings = await browse(meadow, '/settings', { cookie: ann.cookie });
    expect(settings.body).toContain('<a href="/settings/blocks">Blocked and muted people</a>');
    const page = await browse(meadow, '/settings/blocks', { cookie: ann.cookie });
    expect(page.statusCode).toBe(200);
    const words = text(page.body);
    expect(words).toContain('Blocked (1)');
    expect(words).toContain('Muted (2)');
    const [blocked, muted] = page.body.split('id="settings-muted"');
    expect(blocked).toContain('<a href="/@ben">Ben</a>');
    expect(blocked).toMatch(/<input type="hidden" name="do" value="unblock">[^]*?<button type="submit" aria-label="Unblock Ben">Unblock<\/button>/);
    expect(muted).toContain('<a href="/@dan">Dan</a>');
    expect(muted).toContain('<a href="/@cat">Cat</a>');
    expect(muted).toContain('aria-label="Unmute Cat"');
    expect(muted).not.toContain('Ben');
  });

  it('unblocks and unmutes with plain forms, saying who', async () => {
    const unblocked = await submit(meadow, '/settings/blocks', { do: 'unblock', accountId: ben.id, handle: 'ben' }, { cookie: ann.cookie });
    expect(unblocked.statusCode).toBe(303);
    expect(unblocked.headers.location).toBe('/settings/blocks?done=unblocked&who=ben');
    const after = await browse(meadow, unblocked.headers.location as string, { cookie: ann.cookie });
    expect(after.body).toContain('<p class="form-saved" role="status">@ben is no longer blocked.</p>');
    expect(text(after.body)).toContain('Blocked (0)');
    expect(text(after.body)).toContain('You have not blocked anyone.');
    const unmuted = await submit(meadow, '/settings/blocks', { do: 'unmute', accountId: cat.id, handle: 'cat' }, { cookie: ann.cookie });
    expect(unmuted.headers.location).toBe('/settings/blocks?done=unmuted&who=cat');
    const data = await as('{ mutedAccounts { edges { node { handle } } } blockedAccounts { totalCount } }', {});
    expect(data.mutedAccounts.edges.map((e: any) => e.node.handle)).toEqual(['dan']);
    expect(data.blockedAccounts.totalCount).toBe(0);
    // Only a handle is echoed from the address: other text is not shown.
    const forged = await browse(meadow, '/settings/blocks?done=unmuted&who=%3Cb%3Ehi', { cookie: ann.cookie });
    expect(forged.body).not.toContain('no longer muted');
  });

  it('pages a long list on its own "more" link', async () => {
    for (let i = 0; i < 31; i++) {
      const p = await person(meadow, `mute${i}`);
      await as('mutation($id: ID!) { mute(accountId: $id) { id } }', { id: p.id });
    }
    const first = await browse(meadow, '/settings/blocks', { cookie: ann.cookie });
    expect(text(first.body)).toContain('Muted (32)');
    const more = /href="(\/settings\/blocks\?mutedAfter=[^"]+)"/.exec(first.body)?.[1];
    expect(more).toBeTruthy();
    const second = await browse(meadow, more!.replaceAll('&amp;', '&'), { cookie: ann.cookie });
    expect(second.statusCode).toBe(200);
    expect((second.body.split('id="settings-muted"')[1]!.match(/aria-label="Unmute /g) ?? []).length).toBe(2);
    // A cursor of the other list is answered on the page, not with an error.
    const wrong = await browse(meadow, more!.replace('mutedAfter', 'blockedAfter'), { cookie: ann.cookie });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('That page of the list no longer exists.');
  });

  it('sends signed-out visitors to sign in and refuses their forms, forms from elsewhere and bad ids', async () => {
    const anon = await browse(meadow, '/settings/blocks');
    expect(anon.statusCode).toBe(303);
    expect(anon.headers.location).toBe('/signin?next=%2Fsettings%2Fblocks');
    await as('mutation($id: ID!) { block(accountId: $id) { id } }', { id: dan.id });
    expect((await submit(meadow, '/settings/blocks', { do: 'unblock', accountId: dan.id })).statusCode).toBe(401);
    const crossSite = await submit(meadow, '/settings/blocks', { do: 'unblock', accountId: dan.id }, { cookie: ann.cookie, origin: 'https://evil.example' });
    expect(crossSite.statusCode).toBe(403);
    const bad = await submit(meadow, '/settings/blocks', { do: 'unblock', accountId: 'not-an-id' }, { cookie: ann.cookie });
    expect(bad.statusCode).toBe(404);
    expect(bad.body).toContain('That account no longer exists; nothing was changed.');
    const incomplete = await submit(meadow, '/settings/blocks', { do: 'forget' }, { cookie: ann.cookie });
    expect(incomplete.statusCode).toBe(400);
    expect((await as('{ blockedAccounts { edges { node { handle } } } }', {})).blockedAccounts.edges.map((e: any) => e.node.handle)).toEqual(['dan']);
  });

  it('speaks Chinese to a Chinese-speaking person', async () => {
    const zh = await browse(meadow, '/settings/blocks', { cookie: ben.cookie });
    expect(zh.body).toContain('已拉黑（0）');
    expect(zh.body).toContain('你还没有屏蔽任何人。');
  });
});
