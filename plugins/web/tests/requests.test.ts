// Follow requests of a locked account on the site: the header entry that
// appears only while someone waits (with the number), the list with
// Approve/Decline forms, what each answer does, and refusals (signed-out,
// another site, a request that does not exist).

import { afterAll, describe, expect, it } from 'vitest';
import { browse, person, startWeb, submit } from './helpers.ts';

describe('web: follow requests', async () => {
  const meadow = await startWeb({ seed: false });
  afterAll(() => meadow.close());
  const lin = await person(meadow, 'lin', { displayName: 'Lin', locale: 'en' });
  const sam = await person(meadow, 'sam', { displayName: 'Sam', locale: 'en' });
  const kim = await person(meadow, 'kim', { displayName: 'Kim <b>', locale: 'en' });
  await meadow.gql(`mutation { updateProfile(input: { locked: true }) { id } }`, {}, { token: lin.token });
  const followers = async () => (await meadow.gql(`{ account(handle: "lin") { followersCount } }`)).data.account.followersCount as number;

  it('shows no Requests entry while nobody waits, then one with the count', async () => {
    const before = await browse(meadow, '/', { cookie: lin.cookie });
    expect(before.body).not.toContain('href="/follow-requests"');
    for (const who of [sam, kim]) {
      const asked = await submit(meadow, '/actions/follow', { accountId: lin.id, on: '1', next: '/@lin' }, { cookie: who.cookie });
      expect(asked.statusCode).toBe(303);
    }
    const after = await browse(meadow, '/', { cookie: lin.cookie });
    expect(after.body).toContain('<li><a href="/follow-requests">Requests <span class="nav-badge" aria-hidden="true" data-badge>2</span><span class="visually-hidden" data-badge-label>(2 waiting)</span></a></li>');
    // Only the person asked sees it.
    expect((await browse(meadow, '/', { cookie: sam.cookie })).body).not.toContain('href="/follow-requests"');
    expect((await browse(meadow, '/@lin', { cookie: sam.cookie })).body).toContain('>Requested</button>');
  });

  it('lists the requests with labelled Approve and Decline forms, names as text', async () => {
    const page = await browse(meadow, '/follow-requests', { cookie: lin.cookie });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1 class="page-title">Follow requests</h1>');
    expect(page.body).toContain('<a href="/@sam">Sam</a>');
    expect(page.body).toContain('<a href="/@kim">Kim &lt;b&gt;</a>');
    expect(page.body).toContain(`<input type="hidden" name="accountId" value="${sam.id}"><input type="hidden" name="decision" value="approve">`);
    expect(page.body).toContain('aria-label="Approve Sam">Approve</button>');
    expect(page.body).toContain('aria-label="Decline Kim &lt;b&gt;">Decline</button>');
  });

  it('approves one (they now follow) and declines the other; the entry goes away', async () => {
    const approved = await submit(meadow, '/actions/follow-request', { accountId: sam.id, decision: 'approve' }, { cookie: lin.cookie });
    expect(approved.statusCode).toBe(303);
    expect(approved.headers.location).toBe('/follow-requests?done=approved&who=sam');
    const page = await browse(meadow, approved.headers.location as string, { cookie: lin.cookie });
    expect(page.body).toContain('<p class="form-saved" role="status">@sam now follows you.</p>');
    expect(page.body).not.toContain('<a href="/@sam">Sam</a>');
    expect(await followers()).toBe(1);
    expect(page.body).toContain('Requests <span class="nav-badge" aria-hidden="true" data-badge>1</span>');

    const declined = await submit(meadow, '/actions/follow-request', { accountId: kim.id, decision: 'reject' }, { cookie: lin.cookie });
    expect(declined.headers.location).toBe('/follow-requests?done=rejected&who=kim');
    const empty = await browse(meadow, '/follow-requests', { cookie: lin.cookie });
    expect(empty.body).toContain('No one is waiting for your answer.');
    expect(empty.body).not.toContain('href="/follow-requests"><');
    expect(empty.body).not.toContain('nav-badge" aria-hidden="true" data-badge>1');
    expect(await followers()).toBe(1);
    expect((await browse(meadow, '/@lin', { cookie: kim.cookie })).body).toContain('>Follow</button>');
  });

  it('refuses signed-out visits and posts, other sites, made-up requests and text smuggled into the page', async () => {
    const signedOut = await browse(meadow, '/follow-requests');
    expect(signedOut.statusCode).toBe(303);
    expect(signedOut.headers.location).toMatch(/^\/signin\?next=%2Ffollow-requests/);
    expect((await submit(meadow, '/actions/follow-request', { accountId: kim.id, decision: 'approve' })).statusCode).toBe(401);
    await submit(meadow, '/actions/follow', { accountId: lin.id, on: '1' }, { cookie: kim.cookie });
    const cross = await submit(meadow, '/actions/follow-request', { accountId: kim.id, decision: 'approve' }, { cookie: lin.cookie, origin: 'https://evil.example' });
    expect(cross.statusCode).toBe(403);
    expect(await followers()).toBe(1);
    // Sam never asked Kim: nothing to approve.
    const none = await submit(meadow, '/actions/follow-request', { accountId: lin.id, decision: 'approve' }, { cookie: kim.cookie });
    expect(none.statusCode).toBe(404);
    const odd = await submit(meadow, '/actions/follow-request', { accountId: kim.id, decision: 'maybe' }, { cookie: lin.cookie });
    expect(odd.statusCode).toBe(400);
    // Only a handle is shown back from the URL.
    const smuggled = await browse(meadow, '/follow-requests?done=approved&who=' + encodeURIComponent('Your account is locked, call +1 555'), { cookie: lin.cookie });
    expect(smuggled.body).not.toContain('call +1 555');
  });
});
