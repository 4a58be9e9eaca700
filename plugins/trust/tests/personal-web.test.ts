// The personal tools on the web site, server-rendered and without
// JavaScript: /settings/mutes (add and remove muted words and topics, bad
// input answered next to its field, hidden notes listed with "show again"),
// the note page's "hide from my feeds" form, and on compose "who can
// comment" and the paid-promotion label, shown on note pages and cards, with
// the comment form replaced by why one cannot comment.

import { afterAll, describe, expect, it } from 'vitest';
import { localId } from '../../../core/index.ts';
import { browse, expectOk, startPersonal, submit } from './personal-helpers.ts';

describe('personal tools on the web', async () => {
  const t = await startPersonal();
  afterAll(() => t.close());
  const mei = await t.person('mei');
  const lin = await t.person('lin');
  const fan = await t.person('fan');
  await t.follow(mei, lin);
  await t.follow(fan, lin);
  const as = (who: { cookie: string }) => ({ cookie: who.cookie });

  it('sends signed-out visitors to sign in', async () => {
    const res = await browse(t.meadow, '/settings/mutes');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/signin?next=%2Fsettings%2Fmutes');
  });

  it('the settings page links to it (web.settings-links)', async () => {
    const settings = await browse(t.meadow, '/settings', as(mei));
    expect(settings.body).toContain('<a href="/settings/mutes">Muted words and topics</a>');
  });

  it('mutes and unmutes words and topics through the forms; bad input comes back next to its field', async () => {
    const empty = await browse(t.meadow, '/settings/mutes', as(mei));
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('<h1 class="page-title">Muted words and topics</h1>');
    expect(empty.body).toContain('No muted words.');
    expect(empty.body).toMatch(/<input type="checkbox" id="f-wholeWord" name="wholeWord" value="1" checked/);

    const muted = await submit(t.meadow, '/settings/mutes', { do: 'mute-word', word: '代购', wholeWord: '1', duration: '7d' }, as(mei));
    expect(muted.statusCode).toBe(303);
    expect(muted.headers.location).toBe('/settings/mutes?saved=word');
    const listed = await browse(t.meadow, '/settings/mutes?saved=word', as(mei));
    expect(listed.body).toContain('Word muted.');
    expect(listed.body).toMatch(/<span class="muted-word">代购<\/span>[\s\S]*?until /);
    const [word] = expectOk(await mei.gql(`{ mutedWords { id word expiresAt } }`)).mutedWords;
    expect(word.word).toBe('代购');
    const days = (Date.parse(word.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThan(7.1);

    const tooLong = await submit(t.meadow, '/settings/mutes', { do: 'mute-word', word: 'x'.repeat(101), wholeWord: '1' }, as(mei));
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toMatch(/<p class="field-error" id="word-error" role="alert">A muted word has at most 100 characters<\/p>/);
    expect(tooLong.body).toContain(`value="${'x'.repeat(101)}"`);
    expect(tooLong.body).toContain('aria-invalid="true"');

    expect((await submit(t.meadow, '/settings/mutes', { do: 'mute-topic', tag: '＃露营' }, as(mei))).headers.location).toBe('/settings/mutes?saved=topic');
    const badTopic = await submit(t.meadow, '/settings/mutes', { do: 'mute-topic', tag: '#!!' }, as(mei));
    expect(badTopic.statusCode).toBe(400);
    expect(badTopic.body).toMatch(/id="tag-error" role="alert">A topic is a hashtag/);
    const page = await browse(t.meadow, '/settings/mutes', as(mei));
    expect(page.body).toContain('<a href="/tags/%E9%9C%B2%E8%90%A5">#露营</a>');

    expect((await submit(t.meadow, '/settings/mutes', { do: 'unmute-word', id: word.id }, as(mei))).headers.location).toBe('/settings/mutes?saved=unword');
    expect((await submit(t.meadow, '/settings/mutes', { do: 'unmute-topic', tag: '露营' }, as(mei))).headers.location).toBe('/settings/mutes?saved=untopic');
    const after = await browse(t.meadow, '/settings/mutes', as(mei));
    expect(after.body).toContain('No muted words.');
    expect(after.body).toContain('No muted topics.');
    // Another person's lists are their own.
    expect((await browse(t.meadow, '/settings/mutes', as(fan))).body).toContain('No muted words.');
  });

  it('the note page hides a note from one’s feeds and shows it again; never on one’s own note', async () => {
    const note = await t.post(lin, { title: 'Rainy day soup', body: 'Ginger and pumpkin' });
    const n = localId(note, 'Note');
    const before = await browse(t.meadow, `/notes/${n}`, as(mei));
    expect(before.body).toContain('<input type="hidden" name="do" value="hide">');
    expect(before.body).toContain('Hide from my feeds');
    expect((await browse(t.meadow, `/notes/${n}`, as(lin))).body).not.toContain('Hide from my feeds');
    expect((await browse(t.meadow, `/notes/${n}`)).body).not.toContain('Hide from my feeds');

    const hidden = await submit(t.meadow, '/settings/mutes', { do: 'hide', noteId: note, next: `/notes/${n}` }, as(mei));
    expect(hidden.statusCode).toBe(303);
    expect(hidden.headers.location).toBe(`/notes/${n}`);
    expect(await t.following(mei)).not.toContain('Rainy day soup');
    expect(await t.following(fan)).toContain('Rainy day soup');
    const page = await browse(t.meadow, `/notes/${n}`, as(mei));
    expect(page.body).toContain('You hid this note from your feeds.');
    expect(page.body).toContain('<input type="hidden" name="do" value="unhide">');

    const list = await browse(t.meadow, '/settings/mutes', as(mei));
    expect(list.body).toContain(`<a href="/notes/${n}">Rainy day soup</a>`);
    const back = await submit(t.meadow, '/settings/mutes', { do: 'unhide', noteId: note }, as(mei));
    expect(back.headers.location).toBe('/settings/mutes?saved=unhide');
    expect((await browse(t.meadow, '/settings/mutes', as(mei))).body).toContain('No hidden notes.');
    expect(await t.following(mei)).toContain('Rainy day soup');

    // A form pointing away from the site does not send anyone there.
    const away = await submit(t.meadow, '/settings/mutes', { do: 'hide', noteId: note, next: '//evil.example/x' }, as(mei));
    expect(away.headers.location).toBe('/settings/mutes');
  });

  it('compose sets who can comment and a Sponsored label; the note page and cards show them', async () => {
    const form = await browse(t.meadow, '/compose', as(lin));
    expect(form.body).toMatch(/<label for="f-commentPolicy">Who can comment<\/label>\s*<select id="f-commentPolicy" name="commentPolicy"><option value="everyone" selected>/);
    expect(form.body).toMatch(/<select id="f-disclosure" name="disclosure"[^>]*><option value="" selected>None<\/option>/);

    const image = await t.image(lin);
    const res = await submit(t.meadow, '/compose', [
      ['title', 'Serum I was sent'], ['body', 'Honest notes on a gifted serum'], ['image', image], ['imageAlt', 'the bottle'],
      ['visibility', 'public'], ['commentPolicy', 'followers'], ['disclosure', 'sponsored'], ['intent', 'publish'],
    ], as(lin), true);
    expect(res.statusCode).toBe(303);
    const n = Number(/^\/notes\/(\d+)$/.exec(String(res.headers.location))?.[1]);
    await t.settle();
    const stored = expectOk(await lin.gql(`query($id: ID!) { note(id: $id) { commentPolicy disclosure } }`, { id: Buffer.from(`Note:${n}`).toString('base64url') })).note;
    expect(stored).toEqual({ commentPolicy: 'followers', disclosure: 'sponsored' });

    // Editing keeps both (the form loads them), and can change them.
    const edit = await browse(t.meadow, `/compose?edit=${n}`, as(lin));
    expect(edit.body).toContain('<option value="followers" selected>');
    expect(edit.body).toContain('<option value="sponsored" selected>');

    // A follower may comment; someone who does not follow is told why there is no form.
    const forFan = await browse(t.meadow, `/notes/${n}`, as(fan));
    expect(forFan.body).toContain('<span class="disclosure-label">Sponsored</span>');
    expect(forFan.body).toContain('class="comment-form"');
    const stranger = await t.person('stranger');
    const forStranger = await browse(t.meadow, `/notes/${n}`, as(stranger));
    expect(forStranger.body).not.toContain('class="comment-form"');
    expect(forStranger.body).toContain('Only people who follow lin can comment.');

    const zh = await t.person('xiaoyu', 'zh-CN');
    const forZh = await browse(t.meadow, `/notes/${n}`, as(zh));
    expect(forZh.body).toContain('<span class="disclosure-label">合作</span>');
    expect(forZh.body).toContain('仅关注了 lin 的人可以评论。');

    // The card in the follower's feed carries the label.
    const feed = await browse(t.meadow, '/following', as(fan));
    expect(feed.body).toMatch(/<span class="disclosure-label card-disclosure">Sponsored<\/span>\s*<h2 class="card-title"[^>]*>Serum I was sent/);
    // So does the search page's card (the search plugin's own card markup).
    const found = await browse(t.meadow, '/search?q=serum', as(fan));
    expect(found.body).toMatch(/<span class="disclosure-label card-disclosure">Sponsored<\/span><h3 class="card-title"[^>]*>Serum I was sent/);
  });

  it('with comments off, everyone (signed out too) reads that instead of a form; the author still comments', async () => {
    const note = await t.post(lin, { title: 'Quiet note', body: 'No comments please', commentPolicy: 'nobody', disclosure: 'promoted' });
    const n = localId(note, 'Note');
    for (const headers of [as(fan), {}]) {
      const page = await browse(t.meadow, `/notes/${n}`, headers);
      expect(page.body).toContain('Comments are off for this note.');
      expect(page.body).not.toContain('class="comment-form"');
      expect(page.body).toContain('<span class="disclosure-label">Promoted</span>');
    }
    const own = await browse(t.meadow, `/notes/${n}`, as(lin));
    expect(own.body).toContain('class="comment-form"');
    expect(own.body).not.toContain('Comments are off');
  });
});
