// Reports: people report notes, comments and people with a reason; they
// cannot report themselves or their own content; a repeat while the report
// is open returns it; a flood of new reports is rate limited; things the
// reporter cannot see (or that do not exist) cannot be reported.

import { afterAll, describe, expect, it } from 'vitest';
import { expectCode, expectOk, startTrust } from './helpers.ts';

const REPORT = `mutation($input: ReportInput!) { report(input: $input) { id reason comment status targetType targetId reporterDomain targetSummary reporter { handle } } }`;

describe('reports', async () => {
  const t = await startTrust();
  afterAll(() => t.close());
  const alice = await t.person('alice');
  const bob = await t.person('bob');
  const note = await t.post(bob, 'Best serum ever, buy at shop.example #护肤');
  const comment = await t.comment(bob, note, 'Use my code BOB10 for a discount');

  it('reports a note, a comment and a person, each with its reason and comment', async () => {
    const onNote = expectOk(await alice.gql(REPORT, { input: { targetId: note, reason: 'UNDISCLOSED_AD', comment: '  paid, no label  ' } })).report;
    expect(onNote).toMatchObject({ reason: 'UNDISCLOSED_AD', comment: 'paid, no label', status: 'OPEN', targetType: 'Note', targetId: note, reporterDomain: null });
    // Moderator-only fields stay hidden from the reporter.
    expect(onNote.targetSummary).toBeNull();
    expect(onNote.reporter).toBeNull();
    const onComment = expectOk(await alice.gql(REPORT, { input: { targetId: comment, reason: 'SPAM' } })).report;
    expect(onComment).toMatchObject({ reason: 'SPAM', comment: '', targetType: 'Comment', targetId: comment });
    const onPerson = expectOk(await alice.gql(REPORT, { input: { targetId: bob.gid, reason: 'FAKE_SEEDING', comment: 'ghost-written reviews' } })).report;
    expect(onPerson).toMatchObject({ reason: 'FAKE_SEEDING', targetType: 'Account', targetId: bob.gid });
    expect(new Set([onNote.id, onComment.id, onPerson.id]).size).toBe(3);
  });

  it('a repeat while the report is open returns the open report instead of a second one', async () => {
    const carol = await t.person('carol');
    const first = expectOk(await carol.gql(REPORT, { input: { targetId: note, reason: 'SPAM', comment: 'first' } })).report;
    const again = expectOk(await carol.gql(REPORT, { input: { targetId: note, reason: 'HARASSMENT', comment: 'second' } })).report;
    expect(again).toMatchObject({ id: first.id, reason: 'SPAM', comment: 'first' });
    const rows = await t.meadow.kernel.db.kysely().selectFrom('trust_reports').select('id').where('reporter_id', '=', carol.id).execute();
    expect(rows).toHaveLength(1);
  });

  it('refuses reporting oneself and one’s own note and comment', async () => {
    expectCode(await bob.gql(REPORT, { input: { targetId: bob.gid, reason: 'OTHER' } }), 'BAD_USER_INPUT');
    expectCode(await bob.gql(REPORT, { input: { targetId: note, reason: 'SPAM' } }), 'BAD_USER_INPUT');
    expectCode(await bob.gql(REPORT, { input: { targetId: comment, reason: 'SPAM' } }), 'BAD_USER_INPUT');
    const rows = await t.meadow.kernel.db.kysely().selectFrom('trust_reports').select('id').where('reporter_id', '=', bob.id).execute();
    expect(rows).toEqual([]);
  });

  it('refuses anonymous reports, unknown targets, other node types and over-long comments', async () => {
    expectCode(await t.gql(REPORT, { input: { targetId: note, reason: 'SPAM' } }), 'UNAUTHENTICATED');
    expectCode(await alice.gql(REPORT, { input: { targetId: Buffer.from('Note:999999').toString('base64url'), reason: 'SPAM' } }), 'NOT_FOUND');
    // A type nobody makes reportable (trust.report-target) is not found, like an unknown id.
    expectCode(await alice.gql(REPORT, { input: { targetId: Buffer.from('Board:1').toString('base64url'), reason: 'SPAM' } }), 'NOT_FOUND');
    expectCode(await alice.gql(REPORT, { input: { targetId: 'nonsense', reason: 'SPAM' } }), 'BAD_USER_INPUT');
    expectCode(await alice.gql(REPORT, { input: { targetId: bob.gid, reason: 'SPAM', comment: 'x'.repeat(2001) } }), 'BAD_USER_INPUT');
  });

  it('cannot report a note one cannot read', async () => {
    const res = await bob.gql(`mutation($input: NoteInput!) { createNote(input: $input) { id } }`, {
      input: { title: 'Private', body: 'only me', images: [{ mediaId: bob.imageId }], visibility: 'private' },
    });
    const privateNote = expectOk(res).createNote.id;
    expectCode(await alice.gql(REPORT, { input: { targetId: privateNote, reason: 'SPAM' } }), 'NOT_FOUND');
  });

  it('rate limits a flood of new reports per person (repeats do not count)', async () => {
    const admin = await t.person('flood_admin', 'admin');
    expectOk(await admin.gql(`mutation { updatePluginSettings(plugin: "trust", settings: { reportsPerHour: 3 }) { name } }`));
    const flooder = await t.person('flooder');
    const targets = await Promise.all(['flood1', 'flood2', 'flood3', 'flood4'].map((h) => t.person(h)));
    for (const target of targets.slice(0, 3)) expectOk(await flooder.gql(REPORT, { input: { targetId: target.gid, reason: 'SPAM' } }));
    // A repeat of an open report still answers (it files nothing).
    expectOk(await flooder.gql(REPORT, { input: { targetId: targets[0]!.gid, reason: 'SPAM' } }));
    expectCode(await flooder.gql(REPORT, { input: { targetId: targets[3]!.gid, reason: 'SPAM' } }), 'RATE_LIMITED');
    const rows = await t.meadow.kernel.db.kysely().selectFrom('trust_reports').select('id').where('reporter_id', '=', flooder.id).execute();
    expect(rows).toHaveLength(3);
    // Others are not limited by the flooder.
    const dave = await t.person('dave');
    expectOk(await dave.gql(REPORT, { input: { targetId: targets[3]!.gid, reason: 'SPAM' } }));
  });
});
