// Appeals: the person warned appeals once; only they can; the moderator who
// acted cannot review it (FORBIDDEN), another moderator can; the decision is
// logged and cannot itself be appealed; an overturned action no longer
// counts in the person's history; dismissals cannot be appealed.

import { afterAll, describe, expect, it } from 'vitest';
import { expectCode, expectOk, startTrust } from './helpers.ts';

const REPORT = `mutation($input: ReportInput!) { report(input: $input) { id } }`;
const MODERATE = `mutation($id: ID!, $action: ModerationActionKind!, $reason: String!) { moderate(reportId: $id, action: $action, reason: $reason) { id } }`;
const APPEAL = `mutation($id: ID!, $text: String!) { appeal(actionId: $id, text: $text) { id text status appellant { handle } reviewer { handle } action { id action reason } } }`;
const REVIEW = `mutation($id: ID!, $decision: AppealDecision!, $reason: String!) { reviewAppeal(id: $id, decision: $decision, reason: $reason) { id status reviewer { handle } } }`;
const APPEALS = `query($status: AppealStatus) { appeals(status: $status) { edges { node { id status text appellant { handle } } } } }`;
const HISTORY = `query { moderationQueue { edges { node { targetAccount { handle } targetAccountPreviousActions } } } }`;

describe('appeals', async () => {
  const t = await startTrust();
  afterAll(() => t.close());
  const mei = await t.person('mod_mei', 'moderator');
  const kai = await t.person('mod_kai', 'moderator');
  const alice = await t.person('alice');
  const bob = await t.person('bob');
  const carol = await t.person('carol');

  const warn = async (by: typeof mei, target: string, reason: string) => {
    const report = expectOk(await alice.gql(REPORT, { input: { targetId: target, reason: 'SPAM' } })).report.id;
    return expectOk(await by.gql(MODERATE, { id: report, action: 'WARN', reason })).moderate.id as string;
  };

  const note = await t.post(bob, 'Follow my shop for deals');
  const warning = await warn(mei, note, 'Spam links (rule 2)');

  it('the affected person sees the action with its reason (from the notice) and appeals it once', async () => {
    const notice = (await t.notificationsOf(bob)).find((n) => n.kind === 'moderation-action')!;
    expect(notice.subject).toEqual({ type: 'ModerationAction', id: expect.anything() });
    const seen = expectOk(await bob.gql(`query($id: ID!) { node(id: $id) { ... on ModerationAction { action reason } } }`, { id: warning })).node;
    expect(seen).toEqual({ action: 'WARN', reason: 'Spam links (rule 2)' });
    // Others cannot read it.
    expect(expectOk(await carol.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: warning })).node).toBeNull();

    expectCode(await carol.gql(APPEAL, { id: warning, text: 'not fair' }), 'FORBIDDEN');
    expectCode(await bob.gql(APPEAL, { id: warning, text: '   ' }), 'BAD_USER_INPUT');
    const appeal = expectOk(await bob.gql(APPEAL, { id: warning, text: 'It is my own shop, I said so in the note' })).appeal;
    expect(appeal).toMatchObject({ status: 'PENDING', appellant: { handle: 'bob' }, reviewer: null, action: { id: warning, action: 'WARN', reason: 'Spam links (rule 2)' } });
    expectCode(await bob.gql(APPEAL, { id: warning, text: 'again' }), 'CONFLICT');
    const pending = expectOk(await kai.gql(APPEALS, {})).appeals.edges.map((e: any) => e.node);
    expect(pending).toEqual([{ id: appeal.id, status: 'PENDING', text: 'It is my own shop, I said so in the note', appellant: { handle: 'bob' } }]);
    expectCode(await bob.gql(APPEALS, {}), 'FORBIDDEN');
  });

  it('the moderator who acted cannot review the appeal; another one overturns it, logged and told', async () => {
    const appealId = expectOk(await kai.gql(APPEALS, {})).appeals.edges[0].node.id;
    expectCode(await mei.gql(REVIEW, { id: appealId, decision: 'UPHOLD', reason: 'I stand by it' }), 'FORBIDDEN');
    expectCode(await bob.gql(REVIEW, { id: appealId, decision: 'OVERTURN', reason: 'mine' }), 'FORBIDDEN');
    expectCode(await kai.gql(REVIEW, { id: appealId, decision: 'OVERTURN', reason: '' }), 'BAD_USER_INPUT');

    // Before the decision the warning counts in bob's history.
    expectOk(await alice.gql(REPORT, { input: { targetId: bob.gid, reason: 'OTHER' } }));
    const before = expectOk(await kai.gql(HISTORY)).moderationQueue.edges.map((e: any) => e.node);
    expect(before).toEqual([{ targetAccount: { handle: 'bob' }, targetAccountPreviousActions: 1 }]);

    const decided = expectOk(await kai.gql(REVIEW, { id: appealId, decision: 'OVERTURN', reason: 'Own shop, disclosed: allowed' })).reviewAppeal;
    expect(decided).toEqual({ id: appealId, status: 'OVERTURNED', reviewer: { handle: 'mod_kai' } });
    expectCode(await kai.gql(REVIEW, { id: appealId, decision: 'UPHOLD', reason: 'changed my mind' }), 'CONFLICT');

    const told = (await t.notificationsOf(bob)).filter((n) => n.kind === 'appeal-decided').map((n) => n.data);
    expect(told).toEqual([{ decision: 'overturned', reason: 'Own shop, disclosed: allowed' }]);
    const log = expectOk(await kai.gql(`query { moderationLog(first: 1) { edges { node { id action reason moderator { handle } targetId } } } }`)).moderationLog.edges[0].node;
    expect(log).toMatchObject({ action: 'APPEAL_OVERTURNED', reason: 'Own shop, disclosed: allowed', moderator: { handle: 'mod_kai' }, targetId: note });
    // The overturned warning no longer counts against bob.
    const after = expectOk(await kai.gql(HISTORY)).moderationQueue.edges.map((e: any) => e.node);
    expect(after).toEqual([{ targetAccount: { handle: 'bob' }, targetAccountPreviousActions: 0 }]);

    // An appeal of the appeal decision is refused.
    expectCode(await bob.gql(APPEAL, { id: log.id, text: 'appeal of the appeal' }), 'BAD_USER_INPUT');
    expect(expectOk(await kai.gql(APPEALS, { status: 'PENDING' })).appeals.edges).toEqual([]);
  });

  it('an upheld appeal keeps the action in the history', async () => {
    const other = await t.post(carol, 'Buy followers here');
    const carolWarned = await warn(kai, other, 'Selling followers');
    const appeal = expectOk(await carol.gql(APPEAL, { id: carolWarned, text: 'just a joke' })).appeal;
    expect(expectOk(await mei.gql(REVIEW, { id: appeal.id, decision: 'UPHOLD', reason: 'Not a joke: repeated offers' })).reviewAppeal.status).toBe('UPHELD');
    const upheld = expectOk(await mei.gql(APPEALS, { status: 'UPHELD' })).appeals.edges.map((e: any) => e.node.id);
    expect(upheld).toEqual([appeal.id]);
    expectOk(await alice.gql(REPORT, { input: { targetId: carol.gid, reason: 'OTHER' } }));
    const queue = expectOk(await mei.gql(HISTORY)).moderationQueue.edges.map((e: any) => e.node);
    expect(queue).toContainEqual({ targetAccount: { handle: 'carol' }, targetAccountPreviousActions: 1 });
  });

  it('dismissals, unknown actions and appeal decisions passed to moderate are refused', async () => {
    const report = expectOk(await carol.gql(REPORT, { input: { targetId: alice.gid, reason: 'OTHER' } })).report.id;
    expectCode(await mei.gql(MODERATE, { id: report, action: 'APPEAL_UPHELD', reason: 'sneaky' }), 'BAD_USER_INPUT');
    const dismissal = expectOk(await mei.gql(MODERATE, { id: report, action: 'DISMISS', reason: 'Nothing wrong' })).moderate.id;
    expectCode(await alice.gql(APPEAL, { id: dismissal, text: 'why' }), 'BAD_USER_INPUT');
    expectCode(await alice.gql(APPEAL, { id: Buffer.from('ModerationAction:99999').toString('base64url'), text: 'why' }), 'NOT_FOUND');
    expectCode(await t.gql(APPEAL, { id: warning, text: 'anon' }), 'UNAUTHENTICATED');
  });
});
