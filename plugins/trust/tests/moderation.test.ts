// The moderation queue: moderators and admins see open reports oldest first
// with the reported item's summary and the author's history, take a report,
// and act on it with a required reason — recorded in the audit log, the
// affected person told why, the reporter told the outcome. People get
// FORBIDDEN; a closed report cannot be acted on twice.

import { afterAll, describe, expect, it } from 'vitest';
import { expectCode, expectOk, startTrust } from './helpers.ts';

const REPORT = `mutation($input: ReportInput!) { report(input: $input) { id } }`;
const QUEUE = `query($status: ReportStatus, $first: Int, $after: String) { moderationQueue(status: $status, first: $first, after: $after) {
  edges { cursor node { id reason status targetType targetSummary targetAccountPreviousActions targetAccount { handle } reporter { handle } assignee { handle } } }
  pageInfo { hasNextPage endCursor } } }`;
const MODERATE = `mutation($id: ID!, $action: ModerationActionKind!, $reason: String!) { moderate(reportId: $id, action: $action, reason: $reason) { id action reason moderator { handle } targetAccount { handle } reportId } }`;
const LOG = `query($first: Int, $after: String) { moderationLog(first: $first, after: $after) { edges { node { action reason moderator { handle } targetType targetId reportId } } pageInfo { hasNextPage endCursor } } }`;

describe('moderation queue and actions', async () => {
  const t = await startTrust();
  afterAll(() => t.close());
  const mod = await t.person('mod_mei', 'moderator');
  const admin = await t.person('admin_ada', 'admin');
  const alice = await t.person('alice');
  const bob = await t.person('bob');
  const note = await t.post(bob, 'Miracle cream, link in bio');
  const comment = await t.comment(bob, note, 'DM me for wholesale prices');
  const onNote = expectOk(await alice.gql(REPORT, { input: { targetId: note, reason: 'UNDISCLOSED_AD', comment: 'paid' } })).report.id;
  const onComment = expectOk(await alice.gql(REPORT, { input: { targetId: comment, reason: 'SPAM' } })).report.id;
  const onPerson = expectOk(await alice.gql(REPORT, { input: { targetId: bob.gid, reason: 'FAKE_SEEDING' } })).report.id;

  it('shows open reports oldest first with the item’s summary, the author and the reporter, page by page', async () => {
    const first = expectOk(await mod.gql(QUEUE, { first: 2 })).moderationQueue;
    expect(first.edges.map((e: any) => e.node.id)).toEqual([onNote, onComment]);
    expect(first.edges[0].node).toMatchObject({
      reason: 'UNDISCLOSED_AD', status: 'OPEN', targetType: 'Note', targetAccount: { handle: 'bob' }, reporter: { handle: 'alice' }, assignee: null, targetAccountPreviousActions: 0,
    });
    // Title and body once each, on one line.
    expect(first.edges[0].node.targetSummary).toBe('A note Miracle cream, link in bio');
    expect(first.edges[1].node.targetSummary).toBe('DM me for wholesale prices');
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = expectOk(await admin.gql(QUEUE, { first: 2, after: first.pageInfo.endCursor })).moderationQueue;
    expect(second.edges.map((e: any) => e.node.id)).toEqual([onPerson]);
    expect(second.edges[0].node.targetSummary).toBe('@bob');
    expect(second.pageInfo.hasNextPage).toBe(false);
    // A cursor of another list is refused.
    const log = expectOk(await mod.gql(LOG, { first: 1 })).moderationLog;
    expect(log.edges).toEqual([]);
    expectCode(await mod.gql(QUEUE, { first: 2, after: 'garbage' }), 'BAD_USER_INPUT');
    expectCode(await mod.gql(QUEUE, { first: 0 }), 'BAD_USER_INPUT');
  });

  it('is for moderators and admins only', async () => {
    expectCode(await alice.gql(QUEUE, {}), 'FORBIDDEN');
    expectCode(await t.gql(QUEUE, {}), 'UNAUTHENTICATED');
    expectCode(await alice.gql(LOG, {}), 'FORBIDDEN');
    expectCode(await alice.gql(`mutation($id: ID!) { assignReport(id: $id) { id } }`, { id: onNote }), 'FORBIDDEN');
    expectCode(await bob.gql(MODERATE, { id: onNote, action: 'DISMISS', reason: 'not me' }), 'FORBIDDEN');
    // Nothing changed: the report is still open and unassigned.
    const queue = expectOk(await mod.gql(QUEUE, { first: 10 })).moderationQueue;
    expect(queue.edges.map((e: any) => e.node.id)).toContain(onNote);
  });

  it('a moderator takes a report', async () => {
    const taken = expectOk(await mod.gql(`mutation($id: ID!) { assignReport(id: $id) { id assignee { handle } } }`, { id: onNote })).assignReport;
    expect(taken).toEqual({ id: onNote, assignee: { handle: 'mod_mei' } });
    expectCode(await mod.gql(`mutation($id: ID!) { assignReport(id: $id) { id } }`, { id: Buffer.from('Report:9999').toString('base64url') }), 'NOT_FOUND');
    expectCode(await mod.gql(`mutation($id: ID!) { assignReport(id: $id) { id } }`, { id: note }), 'BAD_USER_INPUT');
  });

  it('WARN needs a reason, is logged, tells the author why and the reporter the outcome', async () => {
    expectCode(await mod.gql(MODERATE, { id: onNote, action: 'WARN', reason: '   ' }), 'BAD_USER_INPUT');
    const warned = expectOk(await mod.gql(MODERATE, { id: onNote, action: 'WARN', reason: 'Paid promotion without a label (rule 3)' })).moderate;
    expect(warned).toMatchObject({ action: 'WARN', reason: 'Paid promotion without a label (rule 3)', moderator: { handle: 'mod_mei' }, targetAccount: { handle: 'bob' }, reportId: onNote });
    // Acting twice on the same report is refused.
    expectCode(await admin.gql(MODERATE, { id: onNote, action: 'DISMISS', reason: 'again' }), 'CONFLICT');

    const toBob = (await t.notificationsOf(bob)).filter((n) => n.kind === 'moderation-action');
    expect(toBob).toHaveLength(1);
    expect(toBob[0]!.data).toEqual({ action: 'WARN', reason: 'Paid promotion without a label (rule 3)' });
    const toAlice = (await t.notificationsOf(alice)).filter((n) => n.kind === 'report-outcome');
    expect(toAlice.map((n) => n.data)).toEqual([{ outcome: 'actioned', action: 'WARN' }]);

    const resolved = expectOk(await mod.gql(QUEUE, { status: 'RESOLVED' })).moderationQueue.edges.map((e: any) => e.node);
    expect(resolved).toEqual([expect.objectContaining({ id: onNote, status: 'RESOLVED' })]);
    // The author's history now counts the warning.
    const open = expectOk(await mod.gql(QUEUE, {})).moderationQueue.edges.map((e: any) => e.node);
    expect(open.map((r: any) => r.id)).toEqual([onComment, onPerson]);
    expect(open.every((r: any) => r.targetAccountPreviousActions === 1)).toBe(true);
  });

  it('DISMISS closes a report without telling the author; the reporter hears it was dismissed', async () => {
    expectOk(await admin.gql(MODERATE, { id: onComment, action: 'DISMISS', reason: 'Wholesale offers are allowed in comments' }));
    const toBob = (await t.notificationsOf(bob)).filter((n) => n.kind === 'moderation-action');
    expect(toBob).toHaveLength(1);
    const outcomes = (await t.notificationsOf(alice)).filter((n) => n.kind === 'report-outcome').map((n) => n.data);
    expect(outcomes).toContainEqual({ outcome: 'dismissed', action: 'DISMISS' });
    const dismissed = expectOk(await mod.gql(QUEUE, { status: 'DISMISSED' })).moderationQueue.edges.map((e: any) => e.node.id);
    expect(dismissed).toEqual([onComment]);
    // A dismissal is not held against the author.
    const open = expectOk(await mod.gql(QUEUE, {})).moderationQueue.edges.map((e: any) => e.node);
    expect(open).toEqual([expect.objectContaining({ id: onPerson, targetAccountPreviousActions: 1 })]);
  });

  it('a moderator cannot act on a report about themselves', async () => {
    const own = expectOk(await alice.gql(REPORT, { input: { targetId: mod.gid, reason: 'HARASSMENT' } })).report.id;
    expectCode(await mod.gql(MODERATE, { id: own, action: 'DISMISS', reason: 'nothing here' }), 'BAD_USER_INPUT');
    expectOk(await admin.gql(MODERATE, { id: own, action: 'DISMISS', reason: 'No harassment found' }));
  });

  it('the audit log lists every action newest first, page by page', async () => {
    const first = expectOk(await admin.gql(LOG, { first: 2 })).moderationLog;
    expect(first.edges.map((e: any) => [e.node.action, e.node.moderator.handle])).toEqual([['DISMISS', 'admin_ada'], ['DISMISS', 'admin_ada']]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = expectOk(await admin.gql(LOG, { first: 2, after: first.pageInfo.endCursor })).moderationLog;
    expect(rest.edges.map((e: any) => e.node)).toEqual([
      { action: 'WARN', reason: 'Paid promotion without a label (rule 3)', moderator: { handle: 'mod_mei' }, targetType: 'Note', targetId: note, reportId: onNote },
    ]);
    // The queue's cursor is not the log's.
    const queue = expectOk(await admin.gql(QUEUE, { status: 'RESOLVED', first: 1 })).moderationQueue;
    expectCode(await admin.gql(LOG, { first: 2, after: queue.edges[0].cursor }), 'BAD_USER_INPUT');
  });
});
