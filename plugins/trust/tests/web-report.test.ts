// Reporting from the web site, without JavaScript, on a real instance with
// every bundled plugin: "Report" links on someone else's note, under their
// comments and on their profile (never on one's own, never signed out), the
// report form showing what is reported with a reason each, refusals on the
// form (no reason, one's own content), and the thank-you page leading back.
// The report then waits in the moderators' queue.

import { afterAll, describe, expect, it } from 'vitest';
import { AccountsServiceRef, localId } from '../../../core/index.ts';
// The web plugin's test helpers (browse as a browser, sign up, post with pictures).
// eslint-disable-next-line meadow/plugin-boundaries
import { browse, person, postNote, startWeb, submit } from '../../web/tests/helpers.ts';
import { REPORT_REASONS } from '../contracts.ts';

const text = (body: string) => body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const amp = (href: string) => href.replaceAll('&amp;', '&');

describe('trust: reporting on the web', async () => {
  const meadow = await startWeb({ seed: false, config: { rateLimits: { authMax: 1000, authWindowMs: 60_000 } } });
  afterAll(() => meadow.close());
  const lin = await person(meadow, 'lin', { displayName: 'Lin', locale: 'en' });
  const sam = await person(meadow, 'sam', { displayName: 'Sam', locale: 'en' });
  const mo = await person(meadow, 'moira', { displayName: 'Moira', locale: 'en' });
  await meadow.kernel.contextOf('accounts').services.get(AccountsServiceRef).setRole(localId(mo.id, 'Account'), 'moderator');
  const linNote = await postNote(meadow, lin, { title: 'Miracle cream, 50% off', body: 'DM me to buy #skincare' });
  const samNote = await postNote(meadow, sam, { title: 'Morning hike', body: 'Sunrise at the ridge #hiking' });
  const added = await meadow.gql('mutation($n: ID!) { addComment(noteId: $n, body: "Buy my cream!!! link in bio") { id } }', { n: samNote.id }, { token: lin.token });
  const commentId = added.data.addComment.id as string;
  const reportHref = (id: string) => `/report?target=${encodeURIComponent(id)}`;

  it('shows Report links on other people’s notes, comments and profiles only', async () => {
    const note = await browse(meadow, `/notes/${linNote.number}`, { cookie: sam.cookie });
    expect(note.body).toContain(`<p class="report-link"><a href="${reportHref(linNote.id)}" rel="nofollow">Report this note</a></p>`);
    const hike = await browse(meadow, `/notes/${samNote.number}`, { cookie: sam.cookie });
    expect(hike.body).not.toContain('Report this note');
    expect(hike.body).toContain(`<a class="report-link" href="${reportHref(commentId)}" rel="nofollow" aria-label="Report the comment by @lin">Report</a>`);
    const profile = await browse(meadow, '/@lin', { cookie: sam.cookie });
    expect(profile.body).toContain(`<a class="report-link" href="${reportHref(lin.id)}" rel="nofollow">Report @lin</a>`);
    // Nothing to report about oneself, and signed-out visitors get no links.
    expect((await browse(meadow, `/notes/${linNote.number}`, { cookie: lin.cookie })).body).not.toContain('class="report-link"');
    expect((await browse(meadow, '/@lin', { cookie: lin.cookie })).body).not.toContain('class="report-link"');
    expect((await browse(meadow, `/notes/${linNote.number}`)).body).not.toContain('class="report-link"');
  });

  it('shows the report form with what is reported and every reason', async () => {
    const form = await browse(meadow, reportHref(linNote.id), { cookie: sam.cookie });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<h1 id="report-title" class="page-title">Report a note</h1>');
    expect(form.body).toContain(`<a href="/notes/${linNote.number}">Miracle cream, 50% off</a>`);
    for (const reason of REPORT_REASONS) expect(form.body).toContain(`<input type="radio" id="reason-${reason}" name="reason" value="${reason}" required`);
    expect(text(form.body)).toContain('Fake seeding A review posing as a real experience that is paid for or ghost-written.');
    const comment = await browse(meadow, reportHref(commentId), { cookie: sam.cookie });
    expect(comment.body).toContain('Report a comment');
    expect(comment.body).toContain(`href="/notes/${samNote.number}#comment-${localId(commentId, 'Comment')}">Buy my cream!!! link in bio</a>`);
    expect((await browse(meadow, reportHref(lin.id), { cookie: sam.cookie })).body).toContain('<a href="/@lin">Lin (@lin)</a>');
    // In Chinese for a Chinese-speaking person.
    const zh = await browse(meadow, reportHref(linNote.id), { cookie: sam.cookie, 'accept-language': 'zh-CN' });
    expect(zh.body).toContain('Report a note'); // Sam's account language (en) wins over the browser's.
    const guest = await person(meadow, 'guest', { locale: 'zh-CN' });
    expect((await browse(meadow, reportHref(linNote.id), { cookie: guest.cookie })).body).toContain('举报笔记');
  });

  it('sends signed-out visitors to sign in, and answers unknown targets with 404', async () => {
    const anon = await browse(meadow, reportHref(linNote.id));
    expect(anon.statusCode).toBe(303);
    expect(anon.headers.location).toBe(`/signin?next=${encodeURIComponent(reportHref(linNote.id))}`);
    expect((await submit(meadow, '/report', { target: linNote.id, reason: 'SPAM' })).statusCode).toBe(401);
    expect((await browse(meadow, '/report?target=bogus', { cookie: sam.cookie })).statusCode).toBe(404);
    expect((await browse(meadow, '/report', { cookie: sam.cookie })).statusCode).toBe(404);
    // Another kind of object is not reportable here.
    const board = await meadow.gql('mutation { createBoard(input: { name: "Picks" }) { id } }', {}, { token: lin.token });
    expect((await browse(meadow, reportHref(board.data.createBoard.id), { cookie: sam.cookie })).statusCode).toBe(404);
  });

  it('refuses a report without a reason or of one’s own note on the form, keeping what was typed', async () => {
    const noReason = await submit(meadow, '/report', { target: linNote.id, comment: 'Sells fake cream' }, { cookie: sam.cookie });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('<p class="form-error" role="alert" id="report-error">Choose a reason.</p>');
    expect(noReason.body).toContain('<fieldset aria-invalid="true" aria-describedby="report-error">');
    expect(noReason.body).toContain('>Sells fake cream</textarea>');
    const own = await submit(meadow, '/report', { target: linNote.id, reason: 'SPAM' }, { cookie: lin.cookie });
    expect(own.statusCode).toBe(400);
    expect(own.body).toContain('You cannot report yourself or your own content');
    const crossSite = await submit(meadow, '/report', { target: linNote.id, reason: 'SPAM' }, { cookie: sam.cookie, origin: 'https://evil.example' });
    expect(crossSite.statusCode).toBe(403);
    const queue = await meadow.gql('{ moderationQueue { edges { node { id } } } }', {}, { token: mo.token });
    expect(queue.data.moderationQueue.edges).toEqual([]);
  });

  it('files the report, thanks the person and leads back; moderators see it in the queue', async () => {
    const sent = await submit(meadow, '/report', { target: linNote.id, reason: 'FAKE_SEEDING', comment: 'Paid review, see the DM line' }, { cookie: sam.cookie });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`/report/sent?target=${encodeURIComponent(linNote.id)}`);
    const thanks = await browse(meadow, amp(sent.headers.location as string), { cookie: sam.cookie });
    expect(thanks.body).toContain('Thank you, your report was sent');
    expect(thanks.body).toContain(`<a href="/notes/${linNote.number}">Back to the note</a>`);
    const commentReport = await submit(meadow, '/report', { target: commentId, reason: 'SPAM' }, { cookie: sam.cookie });
    expect(commentReport.statusCode).toBe(303);
    const queue = await meadow.gql('{ moderationQueue { edges { node { reason comment targetType targetId reporter { handle } } } } }', {}, { token: mo.token });
    expect(queue.data.moderationQueue.edges.map((e: any) => e.node)).toEqual([
      { reason: 'FAKE_SEEDING', comment: 'Paid review, see the DM line', targetType: 'Note', targetId: linNote.id, reporter: { handle: 'sam' } },
      { reason: 'SPAM', comment: '', targetType: 'Comment', targetId: commentId, reporter: { handle: 'sam' } },
    ]);
  });
});
