// Joining as a person without JavaScript sees it, in each sign-up mode:
// approval (a reason for the admins, a "request sent" page, sign-in told
// to wait, then approved or rejected from /admin/registrations), invite-only
// (the code field, filled from an invite link made on /admin/invites), the
// rules edited on /admin/rules and agreed to at sign-up; and the admin
// pages refused to everyone but admins.

import { afterAll, describe, expect, it } from 'vitest';
import { AccountsServiceRef, localId } from '../../../core/index.ts';
import { browse, person, startWeb, submit } from './helpers.ts';
import { sessionCookie } from './form-helpers.ts';

const PASSWORD = 'Sunny-Meadow-7';

describe('web: sign-up modes, invites, rules and their admin pages', async () => {
  const meadow = await startWeb({ seed: false });
  afterAll(() => meadow.close());
  const boss = await person(meadow, 'boss', { displayName: 'Boss', locale: 'en' });
  const lin = await person(meadow, 'lin', { locale: 'en' });
  await meadow.kernel.contextOf('accounts').services.get(AccountsServiceRef).setRole(localId(boss.id, 'Account'), 'admin');
  const en = { 'accept-language': 'en' };
  const asBoss = { cookie: boss.cookie };
  const mode = async () => (await meadow.gql('{ instance { registrations } }')).data.instance.registrations;
  const settingsForm = (over: Record<string, string> = {}) => ({ registrations: 'open', newAccountHours: '0', signUpsPerAddress: '5', newAccountFollowsPerHour: '30', ...over });

  it('keeps the admin pages to admins', async () => {
    for (const path of ['/admin/registrations', '/admin/invites', '/admin/rules']) {
      expect((await browse(meadow, path, { cookie: lin.cookie })).statusCode).toBe(403);
      expect((await browse(meadow, path)).headers.location).toBe(`/signin?next=${encodeURIComponent(path)}`);
    }
    expect((await submit(meadow, '/admin/registrations/settings', settingsForm({ registrations: 'invite' }), { cookie: lin.cookie })).statusCode).toBe(403);
    expect((await submit(meadow, '/admin/invites', { maxUses: '1', expires: '7' }, { cookie: lin.cookie })).statusCode).toBe(403);
    expect(await mode()).toBe('open');
    expect((await meadow.gql('{ invites { totalCount } }', {}, { token: boss.token })).data.invites.totalCount).toBe(0);
  });

  it('approval: the admin picks the mode, the applicant gives a reason and waits, then is approved', async () => {
    const tabs = await browse(meadow, '/admin/registrations', asBoss);
    expect(tabs.body).toMatch(/<a href="\/admin\/registrations" aria-current="page">Sign-ups<\/a>/);
    expect(tabs.body).toMatch(/<input type="radio" id="f-mode-open" name="registrations" value="open" checked>/);
    const badNumber = await submit(meadow, '/admin/registrations/settings', settingsForm({ registrations: 'approval', newAccountHours: 'soon' }), asBoss);
    expect(badNumber.statusCode).toBe(400);
    expect(badNumber.body).toContain('<p class="field-error" id="newAccountHours-error" role="alert">Enter a whole number.</p>');
    expect(await mode()).toBe('open');
    expect((await submit(meadow, '/admin/registrations/settings', settingsForm({ registrations: 'approval' }), asBoss)).headers.location).toBe('/admin/registrations?saved=1');
    expect(await mode()).toBe('approval');

    const form = await browse(meadow, '/signup', en);
    expect(form.body).toContain('New accounts on Meadow are approved by its admins.');
    expect(form.body).toMatch(/<label for="f-reason">Why do you want to join\?<\/label><textarea id="f-reason" name="reason"/);
    expect(form.body).toMatch(/<input id="f-inviteCode" name="inviteCode" type="text" value="" autocomplete="off"/);
    const sent = await submit(meadow, '/signup', { handle: 'wen', password: PASSWORD, reason: 'I paint <birds>.', locale: 'en' }, en);
    expect(sent.statusCode).toBe(200);
    expect(sent.body).toContain('Your request to join Meadow is waiting for the admins.');
    expect(sessionCookie(sent)).toBeNull();
    const waiting = await submit(meadow, '/signin', { handle: 'wen', password: PASSWORD }, en);
    expect(waiting.statusCode).toBe(400);
    expect(waiting.body).toContain('<p class="form-error" role="alert" id="form-error">Your account is waiting for approval by the admins. You can sign in once it is approved.</p>');

    const queue = await browse(meadow, '/admin/registrations', asBoss);
    expect(queue.body).toContain('Waiting for approval (1)');
    expect(queue.body).toContain('I paint &lt;birds&gt;.');
    const id = /data-handle="wen">[\s\S]*?name="accountId" value="([^"]+)"/.exec(queue.body)![1]!;
    expect((await submit(meadow, '/admin/registrations/approve', { accountId: id }, asBoss)).headers.location).toBe('/admin/registrations?saved=1');
    const inside = await submit(meadow, '/signin', { handle: 'wen', password: PASSWORD }, en);
    expect(inside.statusCode).toBe(303);
    const told = await browse(meadow, '/notifications', { cookie: sessionCookie(inside)! });
    expect(told.body).toContain('approved your account. Welcome!');
    expect((await browse(meadow, '/admin/registrations', asBoss)).body).toContain('Nobody is waiting.');
    // Answering it again tells the admin it was already answered.
    const again = await submit(meadow, '/admin/registrations/approve', { accountId: id }, asBoss);
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('was not found');
  });

  it('approval: a rejected applicant reads the admin’s message at sign-in', async () => {
    await submit(meadow, '/signup', { handle: 'spamz', password: PASSWORD, reason: 'buy now', locale: 'en' }, en);
    const queue = await browse(meadow, '/admin/registrations', asBoss);
    const id = /data-handle="spamz">[\s\S]*?name="accountId" value="([^"]+)"/.exec(queue.body)![1]!;
    expect((await submit(meadow, '/admin/registrations/reject', { accountId: id, message: 'No shops, please.' }, asBoss)).statusCode).toBe(303);
    const told = await submit(meadow, '/signin', { handle: 'spamz', password: PASSWORD }, en);
    expect(told.body).toContain('Your request to join was not approved by the admins: No shops, please.');
  });

  it('invite-only: an admin makes a code, its link fills the form, and a sign-up without one is refused', async () => {
    await submit(meadow, '/admin/registrations/settings', settingsForm({ registrations: 'invite' }), asBoss);
    const made = await submit(meadow, '/admin/invites', { maxUses: '1', expires: '7' }, asBoss);
    expect(made.headers.location).toBe('/admin/invites?saved=1');
    const list = await browse(meadow, '/admin/invites', asBoss);
    expect(list.body).toContain('This instance is invite-only');
    const [, code] = /<tr data-code="([a-z2-9]{10})">/.exec(list.body)!;
    const link = `${meadow.kernel.config.publicUrl.replace(/\/$/, '')}/signup?invite=${code}`;
    expect(list.body).toContain(`<a href="${link}">${link}</a>`);
    expect(list.body).toMatch(new RegExp(`data-code="${code}">[\\s\\S]*?0 of 1[\\s\\S]*?<td data-state>Usable</td>`));

    const refused = await submit(meadow, '/signup', { handle: 'tao', password: PASSWORD, locale: 'en' }, en);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatch(/<p class="field-error" id="inviteCode-error" role="alert">This instance takes new people by invitation only/);
    const fromLink = await browse(meadow, `/signup?invite=${code}`, en);
    expect(fromLink.body).toContain('Joining Meadow needs an invite code');
    expect(fromLink.body).toMatch(new RegExp(`<input id="f-inviteCode" name="inviteCode" type="text" value="${code}" required`));
    const joined = await submit(meadow, '/signup', { handle: 'tao', password: PASSWORD, inviteCode: code!, locale: 'en' }, en);
    expect(joined.statusCode).toBe(303);
    expect(sessionCookie(joined)).toMatch(/^meadow_session=/);
    const used = await browse(meadow, '/admin/invites', asBoss);
    expect(used.body).toMatch(new RegExp(`data-code="${code}">[\\s\\S]*?1 of 1<br><span class="hint">@tao</span>[\\s\\S]*?<td data-state>Used up</td>`));
    const inviteId = new RegExp(`data-code="${code}">[\\s\\S]*?name="id" value="([^"]+)"`).exec(used.body)![1]!;
    expect((await submit(meadow, '/admin/invites/revoke', { id: inviteId }, asBoss)).statusCode).toBe(303);
    expect((await browse(meadow, '/admin/invites', asBoss)).body).toContain('No invite codes yet.');
    // In Chinese the page says the same.
    expect((await browse(meadow, '/signup', { 'accept-language': 'zh-CN' })).body).toContain('加入Meadow需要已在这里的成员提供的邀请码。');
    await submit(meadow, '/admin/registrations/settings', settingsForm(), asBoss);
  });

  it('edits the rules one by one, and the sign-up page asks to agree to them', async () => {
    expect((await browse(meadow, '/admin/rules', asBoss)).body).toContain('No rules yet.');
    for (const text of ['Be kind', 'No ads', 'Share what you make']) expect((await submit(meadow, '/admin/rules/add', { text }, asBoss)).statusCode).toBe(303);
    expect((await submit(meadow, '/admin/rules/move', { rule: 'Share what you make', position: '1' }, asBoss)).statusCode).toBe(303);
    expect((await submit(meadow, '/admin/rules/edit', { rule: 'No ads', text: 'No undisclosed ads' }, asBoss)).statusCode).toBe(303);
    expect((await submit(meadow, '/admin/rules/remove', { rule: 'Be kind' }, asBoss)).statusCode).toBe(303);
    expect((await meadow.gql('{ instance { rules } }')).data.instance.rules).toEqual(['Share what you make', 'No undisclosed ads']);

    const duplicate = await submit(meadow, '/admin/rules/add', { text: 'No undisclosed ads' }, asBoss);
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.body).toContain('<p class="field-error" id="text-error" role="alert">This rule is already listed</p>');
    const stale = await submit(meadow, '/admin/rules/edit', { rule: 'Be kind', text: 'Be very kind' }, asBoss);
    expect(stale.statusCode).toBe(400);
    expect(stale.body).toContain('This rule (it may have just been changed or removed) was not found');
    const page = await browse(meadow, '/admin/rules', asBoss);
    expect(page.body).toMatch(/<label for="rule-1-text">Rule 1<\/label><input id="rule-1-text" name="text" type="text" maxlength="500" value="Share what you make" required>/);

    const form = await browse(meadow, '/signup', en);
    expect(form.body).toMatch(/<ol><li>Share what you make<\/li><li>No undisclosed ads<\/li><\/ol>/);
    const joined = await submit(meadow, '/signup', { handle: 'ruth', password: PASSWORD, agree: '1', locale: 'en' }, en);
    expect(joined.statusCode).toBe(303);
  });
});
