// The moderation pages on a real instance with every bundled plugin, used
// without JavaScript: the queue (who may open it, what a report shows,
// assigning, acting with the API's refusals on the form), the audit log
// with paging, the affected person's record and appeal, and the appeals
// page where the moderator who acted is refused and another decides.

import { afterAll, describe, expect, it } from 'vitest';
import { AccountsServiceRef, localId, toGlobalId } from '../../../core/index.ts';
// The web plugin's test helpers (browse as a browser, sign up, post with pictures).
// eslint-disable-next-line meadow/plugin-boundaries
import { browse, person, postNote, startWeb, submit } from '../../web/tests/helpers.ts';
import { MODERATION_ACTIONS } from '../contracts.ts';

const text = (body: string) => body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const amp = (href: string) => href.replaceAll('&amp;', '&');

describe('trust: moderation pages', async () => {
  const meadow = await startWeb({ seed: false, config: { rateLimits: { authMax: 1000, authWindowMs: 60_000 } } });
  afterAll(() => meadow.close());
  const accounts = meadow.kernel.contextOf('accounts').services.get(AccountsServiceRef);
  const lin = await person(meadow, 'lin', { displayName: 'Lin', locale: 'en' });
  const sam = await person(meadow, 'sam', { displayName: 'Sam', locale: 'en' });
  const moira = await person(meadow, 'moira', { displayName: 'Moira', locale: 'en' });
  const kai = await person(meadow, 'kai', { displayName: 'Kai', locale: 'zh-CN' });
  for (const m of [moira, kai]) await accounts.setRole(localId(m.id, 'Account'), 'moderator');
  const gql = async (who: { token: string }, query: string, variables: Record<string, unknown> = {}) => {
    const res = await meadow.gql(query, variables, { token: who.token });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const note = await postNote(meadow, lin, { title: 'Miracle cream, 50% off', body: 'DM me to buy #skincare' });
  const reportId = (await gql(sam, 'mutation($id: ID!) { report(input: { targetId: $id, reason: FAKE_SEEDING, comment: "Paid review" }) { id } }', { id: note.id })).report.id as string;
  const n = localId(reportId, 'Report');

  it('is for moderators and admins: others get 403, signed-out visitors the sign-in page, and only staff see the entry', async () => {
    const person = await browse(meadow, '/moderation', { cookie: sam.cookie });
    expect(person.statusCode).toBe(403);
    expect(person.body).toContain('Only moderators and admins can open this page.');
    for (const path of ['/moderation/log', '/moderation/appeals']) expect((await browse(meadow, path, { cookie: sam.cookie })).statusCode).toBe(403);
    const anon = await browse(meadow, '/moderation/log');
    expect(anon.statusCode).toBe(303);
    expect(anon.headers.location).toBe('/signin?next=%2Fmoderation%2Flog');
    expect((await browse(meadow, '/', { cookie: moira.cookie })).body).toContain('<a href="/moderation">Moderation</a>');
    expect((await browse(meadow, '/', { cookie: sam.cookie })).body).not.toContain('href="/moderation"');
    // A person's form changes nothing.
    const posted = await submit(meadow, '/moderation', { do: 'act', reportId, action: 'HIDE', reason: 'x' }, { cookie: sam.cookie });
    expect(posted.statusCode).toBe(403);
    expect((await gql(moira, '{ moderationQueue { edges { node { status } } } }')).moderationQueue.edges).toEqual([{ node: { status: 'OPEN' } }]);
  });

  it('shows each report with what, whose, their history, who reported it, and an action form with every action', async () => {
    const page = await browse(meadow, '/moderation', { cookie: moira.cookie });
    expect(page.statusCode).toBe(200);
    const words = text(page.body);
    expect(words).toContain('Fake seeding · Note');
    expect(words).toContain('Reported by Sam (@sam)');
    expect(page.body).toMatch(/<blockquote class="report-target"><p>Miracle cream, 50% off [^<]*DM me to buy #skincare<\/p><\/blockquote>/);
    expect(page.body).toContain(`<a href="/notes/${note.number}">Open it</a>`);
    expect(page.body).toContain('Author: <a href="/@lin">Lin (@lin)</a> · <span class="report-history">No earlier actions against them</span>');
    expect(words).toContain('Reporter’s note: Paid review');
    expect(words).toContain('Not assigned');
    for (const action of MODERATION_ACTIONS) expect(page.body).toContain(`<option value="${action}">`);
    expect(page.body).toContain('<textarea id="act-0-reason" name="reason" rows="3" required maxlength="2000"');
    // In Chinese for a Chinese-speaking moderator.
    const zh = await browse(meadow, '/moderation', { cookie: kai.cookie });
    expect(zh.body).toContain('<h1 id="moderation-title" class="page-title">内容审核</h1>');
    expect(text(zh.body)).toContain('虚假种草 · 笔记');
  });

  it('assigns a report to the moderator who asks', async () => {
    const res = await submit(meadow, '/moderation', { do: 'assign', reportId, status: 'OPEN' }, { cookie: moira.cookie });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/moderation?done=assigned#report-${n}`);
    const page = await browse(meadow, amp('/moderation?done=assigned'), { cookie: moira.cookie });
    expect(page.body).toContain('<p class="form-saved" role="status">The report is assigned to you.</p>');
    expect(text(page.body)).toContain('Assigned to you');
    expect(page.body).not.toContain('Assign to me');
    expect(text((await browse(meadow, '/moderation', { cookie: kai.cookie })).body)).toContain('负责人：Moira (@moira)');
  });

  it('answers a refused action on its form with the API’s message and what was typed', async () => {
    const noReason = await submit(meadow, '/moderation', { do: 'act', reportId, action: 'HIDE', reason: '  ' }, { cookie: moira.cookie });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toMatch(/<p class="form-error" role="alert" id="act-0-error">[^<]*reason[^<]*<\/p>/i);
    expect(noReason.body).toContain('<option value="HIDE" selected>');
    const noLabel = await submit(meadow, '/moderation', { do: 'act', reportId, action: 'REQUIRE_LABEL', reason: 'Paid post' }, { cookie: moira.cookie });
    expect(noLabel.statusCode).toBe(400);
    expect(noLabel.body).toContain('REQUIRE_LABEL needs a label: sponsored or promoted');
    expect(noLabel.body).toContain('<select id="act-0-label" name="label" aria-invalid="true" aria-describedby="act-0-error">');
    expect(noLabel.body).toContain('>Paid post</textarea>');
    const days = await submit(meadow, '/moderation', { do: 'act', reportId, action: 'SUSPEND', reason: 'Spam', suspendDays: 'a week' }, { cookie: moira.cookie });
    expect(days.statusCode).toBe(400);
    expect(days.body).toContain('Give the number of days as a whole number, or leave it empty.');
    const noAction = await submit(meadow, '/moderation', { do: 'act', reportId, action: 'ERASE', reason: 'x' }, { cookie: moira.cookie });
    expect(noAction.body).toContain('id="act-0-error">Choose an action…</p>');
    expect((await gql(moira, '{ moderationQueue { edges { node { status } } } }')).moderationQueue.edges).toHaveLength(1);
  });

  it('acts on a report: it leaves the open list, the note is hidden, and the log shows it', async () => {
    const res = await submit(meadow, '/moderation', { do: 'act', reportId, action: 'HIDE', reason: 'Paid review posing as an experience (rule 3)', label: '', suspendDays: '' }, { cookie: moira.cookie });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/moderation?done=HIDE');
    const after = await browse(meadow, res.headers.location as string, { cookie: moira.cookie });
    expect(after.body).toContain('Recorded: Hide. The people concerned were told.');
    expect(after.body).toContain('No open reports.');
    const resolved = await browse(meadow, '/moderation?status=RESOLVED', { cookie: moira.cookie });
    expect(text(resolved.body)).toContain('Fake seeding · Note');
    expect(resolved.body).not.toContain('name="action"');
    expect((await browse(meadow, `/notes/${note.number}`, { cookie: sam.cookie })).statusCode).toBe(404);
    // The author's notice says what and why and leads to their record; the reporter hears that something was done.
    await meadow.kernel.bus.drain();
    const notice = await browse(meadow, '/notifications', { cookie: lin.cookie });
    expect(notice.body).toContain('<a href="/moderation/mine">Moderators acted on your content or account: Hide. See why, or appeal</a>');
    expect(notice.body).toContain('<p class="notification-excerpt">Paid review posing as an experience (rule 3)</p>');
    expect((await browse(meadow, '/notifications', { cookie: sam.cookie })).body).toContain('Moderators looked at your report and acted on it. Thank you');
    const log = await browse(meadow, '/moderation/log', { cookie: kai.cookie });
    expect(log.body).toMatch(/<td><a href="\/@moira">Moira \(@moira\)<\/a><\/td>\s*<td data-action="HIDE">隐藏<\/td>\s*<td><a href="\/notes\/\d+">笔记<\/a> · <a href="\/@lin">Lin \(@lin\)<\/a><\/td>\s*<td>Paid review posing as an experience \(rule 3\)<\/td>/);
  });

  it('lets the affected person read why and appeal once, with refusals on the form', async () => {
    expect((await browse(meadow, '/moderation/mine')).headers.location).toBe('/signin?next=%2Fmoderation%2Fmine');
    expect((await browse(meadow, '/moderation/mine', { cookie: sam.cookie })).body).toContain('Moderators have not acted on anything of yours.');
    const mine = await browse(meadow, '/moderation/mine', { cookie: lin.cookie });
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('<h2 id="action-0-title">Hide</h2>');
    expect(mine.body).toContain(`<a href="/notes/${note.number}">Your note</a>`);
    expect(text(mine.body)).toContain('Reason: Paid review posing as an experience (rule 3)');
    const empty = await submit(meadow, '/moderation/mine', { do: 'appeal', actionId: actionIdOf(mine.body), text: ' ' }, { cookie: lin.cookie });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('<p class="form-error" role="alert" id="appeal-0-error">Say why the action was wrong</p>');
    const other = await submit(meadow, '/moderation/mine', { do: 'appeal', actionId: actionIdOf(mine.body), text: 'Not mine to appeal' }, { cookie: sam.cookie });
    expect(other.statusCode).toBe(403);
    const sent = await submit(meadow, '/moderation/mine', { do: 'appeal', actionId: actionIdOf(mine.body), text: 'I bought the cream myself, here is the receipt' }, { cookie: lin.cookie });
    expect(sent.statusCode).toBe(303);
    const back = await browse(meadow, sent.headers.location as string, { cookie: lin.cookie });
    expect(back.body).toContain('Your appeal was sent. Another moderator will decide');
    expect(text(back.body)).toContain('Your appeal: waiting for a decision');
    expect(back.body).not.toContain('name="text"');
  });

  it('refuses the appeal to the moderator who acted, and another moderator overturns it', async () => {
    const own = await browse(meadow, '/moderation/appeals', { cookie: moira.cookie });
    expect(text(own.body)).toContain('Lin (@lin) appeals “Hide”');
    expect(own.body).toContain('You took this action, so another moderator has to decide this appeal.');
    const appealId = /name="appealId" value="([^"]+)"/.exec(own.body)![1]!;
    const refused = await submit(meadow, '/moderation/appeals', { do: 'review', appealId, decision: 'UPHOLD', reason: 'Stands' }, { cookie: moira.cookie });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('<p class="form-error" role="alert" id="appeal-0-error">Another moderator has to review an appeal of your own action</p>');
    expect(refused.body).toContain('>Stands</textarea>');
    const undecided = await submit(meadow, '/moderation/appeals', { do: 'review', appealId, reason: 'Hmm' }, { cookie: kai.cookie });
    expect(undecided.statusCode).toBe(400);
    const overturned = await submit(meadow, '/moderation/appeals', { do: 'review', appealId, decision: 'OVERTURN', reason: 'The receipt checks out' }, { cookie: kai.cookie });
    expect(overturned.statusCode).toBe(303);
    expect(overturned.headers.location).toBe('/moderation/appeals?done=OVERTURN');
    expect((await browse(meadow, '/moderation/appeals?done=OVERTURN', { cookie: kai.cookie })).body).toContain('已裁定：撤销原处理并已恢复，已通知当事人。');
    const decided = await browse(meadow, '/moderation/appeals?status=OVERTURNED', { cookie: moira.cookie });
    expect(text(decided.body)).toContain('overturned · Decided by Kai (@kai)');
    expect((await browse(meadow, `/notes/${note.number}`, { cookie: sam.cookie })).statusCode).toBe(200);
    await meadow.kernel.bus.drain();
    expect((await browse(meadow, '/notifications', { cookie: lin.cookie })).body).toContain('<a href="/moderation/mine">Your appeal was decided: the action was overturned</a>');
    expect(text((await browse(meadow, '/moderation/mine', { cookie: lin.cookie })).body)).toContain('A decision on an appeal is final.');
  });

  it('pages the audit log and answers a stale cursor on the page', async () => {
    for (let i = 0; i < 30; i++) {
      await gql(moira, 'mutation($id: ID!, $r: String!) { moderateContent(targetId: $id, action: WARN, reason: $r) { id } }', { id: sam.id, r: `Warning ${i}` });
    }
    const first = await browse(meadow, '/moderation/log', { cookie: moira.cookie });
    expect((first.body.match(/<tr>/g) ?? []).length).toBe(31); // the header row and 30 entries
    expect(first.body).toContain('<td>Warning 29</td>');
    const older = /href="(\/moderation\/log\?after=[^"]+)"/.exec(first.body)![1]!;
    const second = await browse(meadow, amp(older), { cookie: moira.cookie });
    expect(second.body).toContain('<td>Paid review posing as an experience (rule 3)</td>');
    expect(second.body).not.toContain('<td>Warning 29</td>');
    const stale = await browse(meadow, '/moderation/log?after=forged', { cookie: moira.cookie });
    expect(stale.statusCode).toBe(400);
    expect(stale.body).toContain('That page of the list no longer exists.');
  });

  it('shows a suspended person why and until when, and they can still appeal', async () => {
    await gql(kai, 'mutation($id: ID!) { moderateContent(targetId: $id, action: SUSPEND, reason: "Spam wave", options: { suspendDays: 7 }) { id } }', { id: sam.id });
    const mine = await browse(meadow, '/moderation/mine', { cookie: sam.cookie });
    expect(mine.body).toMatch(/Your account is suspended until [^:]+: Spam wave\. You can still read and appeal\./);
    expect(mine.body).toMatch(/<h2 id="action-0-title">Suspend the account \(until [^)]+\)<\/h2>/);
    const appealed = await submit(meadow, '/moderation/mine', { do: 'appeal', actionId: actionIdOf(mine.body), text: 'It was one post' }, { cookie: sam.cookie });
    expect(appealed.statusCode).toBe(303);
  });
});

/** The first appeal form's action id on a /moderation/mine page. */
function actionIdOf(body: string): string {
  return /name="actionId" value="([^"]+)"/.exec(body)![1]!;
}

describe('trust: forwarding from the queue', async () => {
  const meadow = await startWeb({ seed: false, config: { rateLimits: { authMax: 1000, authWindowMs: 60_000 } } });
  afterAll(() => meadow.close());
  const accounts = meadow.kernel.contextOf('accounts').services.get(AccountsServiceRef);
  const sam = await person(meadow, 'sam', { displayName: 'Sam', locale: 'en' });
  const moira = await person(meadow, 'moira', { displayName: 'Moira', locale: 'en' });
  await accounts.setRole(localId(moira.id, 'Account'), 'moderator');
  const remote = await accounts.upsertRemoteAccount({
    actorUri: 'https://elsewhere.example/users/spammer', handle: 'spammer@elsewhere.example', domain: 'elsewhere.example',
    displayName: 'Spammer', bio: '', url: null, avatarUrl: null,
  });
  const local = await person(meadow, 'lin', { displayName: 'Lin', locale: 'en' });
  for (const id of [remote.id, localId(local.id, 'Account')]) {
    const res = await meadow.gql('mutation($id: ID!) { report(input: { targetId: $id, reason: SPAM }) { id } }', { id: toGlobalId('Account', id) }, { token: sam.token });
    expect(res.errors).toBeUndefined();
  }

  it('a hidden note tells its author on its page, with a link to why; others get 404', async () => {
    const note = await postNote(meadow, local, { title: 'Too good to be true', body: 'DM me' });
    const res = await meadow.gql('mutation($id: ID!) { moderateContent(targetId: $id, action: HIDE, reason: "Spam (rule 2)") { id } }', { id: note.id }, { token: moira.token });
    expect(res.errors).toBeUndefined();
    const mine = await browse(meadow, `/notes/${note.number}`, { cookie: local.cookie });
    expect(mine.body).toContain('Moderators hid this note: only you can see it. <a href="/moderation/mine">Why?</a>');
    expect((await browse(meadow, `/notes/${note.number}`, { cookie: sam.cookie })).statusCode).toBe(404);
  });

  it('a report the instance filed itself shows what the automatic checks found', async () => {
    await meadow.kernel.state.updateSettings('trust', { signals: { wordLists: [{ name: 'diversion', terms: ['加微信'], score: 0.7 }] } });
    await postNote(meadow, local, { title: '好物', body: '想要的加微信私聊' });
    await meadow.kernel.bus.drain();
    await meadow.kernel.worker.runUntilIdle();
    const page = await browse(meadow, '/moderation', { cookie: moira.cookie });
    expect(page.body).toContain('Filed by this instance: automatic checks found');
    expect(page.body).toMatch(/<ul class="report-signals"><li>[^<]*加微信/);
  });

  it('offers "Forward to <domain>" on reports about people of other instances only', async () => {
    const page = await browse(meadow, '/moderation', { cookie: moira.cookie });
    expect(page.body.match(/name="do" value="forward"/g)?.length).toBe(1);
    expect(page.body).toContain('Forward to elsewhere.example</button>');
  });
});
