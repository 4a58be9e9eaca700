// Moderation statistics for admins: reports by status and reason, actions
// by kind, appeals by outcome, the median and 90th-percentile wait for a
// first action, reports open for more than a day, and reports from other
// instances — all since a moment or ever. Waits are made known by moving
// report times back (time passing), never by waiting. Only admins may ask.

import { afterAll, describe, expect, it } from 'vitest';
import { FlagReceived, timestampValue } from '../../../core/index.ts';
import { expectCode, expectOk, localIdOf, startTrust } from './helpers.ts';

const REPORT = 'mutation($input: ReportInput!) { report(input: $input) { id } }';
const MODERATE = 'mutation($id: ID!, $action: ModerationActionKind!, $reason: String!) { moderate(reportId: $id, action: $action, reason: $reason) { id createdAt } }';
const APPEAL = 'mutation($id: ID!, $text: String!) { appeal(actionId: $id, text: $text) { id } }';
const REVIEW = 'mutation($id: ID!, $decision: AppealDecision!, $reason: String!) { reviewAppeal(id: $id, decision: $decision, reason: $reason) { id } }';
const STATS = `query($since: DateTime) { moderationStats(since: $since) {
  since reports reportsByStatus { status count } reportsByReason { reason count } actionsByKind { action count } appealsByOutcome { status count }
  timeToFirstAction { count medianSeconds p90Seconds } openOlderThanDay reportsFromOtherInstances forwardedReports } }`;
const HOUR = 3_600_000;

describe('moderation statistics', async () => {
  const t = await startTrust();
  afterAll(() => t.close());
  const admin = await t.person('ada', 'admin');
  const mei = await t.person('mod_mei', 'moderator');
  const kai = await t.person('mod_kai', 'moderator');
  const alice = await t.person('alice');
  const carol = await t.person('carol');
  const bob = await t.person('bob');
  const db = t.meadow.kernel.db.kysely();
  const at = (date: Date) => timestampValue(t.meadow.kernel.db.dialect, date);
  const start = new Date();

  const note = await t.post(bob, 'Best cream ever, link in bio');
  const comment = await t.comment(bob, note, 'Only 9.9 today');
  const report = async (who: typeof alice, targetId: string, reason: string) => expectOk(await who.gql(REPORT, { input: { targetId, reason } })).report.id as string;
  /** Acts on a report, then moves the report back so it waited `hours` for this action. */
  const act = async (reportId: string, action: string, hours: number) => {
    const done = expectOk(await mei.gql(MODERATE, { id: reportId, action, reason: 'Rule 2' })).moderate;
    await db.updateTable('trust_reports').set({ created_at: at(new Date(Date.parse(done.createdAt) - hours * HOUR)) }).where('id', '=', localIdOf(reportId)).execute();
    return done.id as string;
  };

  const spam = await report(alice, note, 'SPAM');
  const spamToo = await report(carol, note, 'SPAM');
  const harassment = await report(alice, comment, 'HARASSMENT');
  const seeding = await report(alice, bob.gid, 'FAKE_SEEDING');
  await report(carol, bob.gid, 'UNDISCLOSED_AD');
  // Another instance reports bob (an inbound Flag).
  await t.meadow.kernel.contextOf('trust').hooks.emit(FlagReceived, {
    actorUri: 'https://other.example/actor', domain: 'other.example', targetAccountId: bob.id, objectUris: [], content: 'Spam everywhere', activityUri: null,
  });
  await t.settle();
  const warning = await act(spam, 'WARN', 1);
  await act(harassment, 'DISMISS', 2);
  await act(seeding, 'WARN', 10);
  // An appeal decision is not a first response: the first wait stays 1 hour.
  const appealId = expectOk(await bob.gql(APPEAL, { id: warning, text: 'It is my own shop' })).appeal.id as string;
  expectOk(await kai.gql(REVIEW, { id: appealId, decision: 'UPHOLD', reason: 'Rule 2 stands' }));
  // One open report waited two days already.
  await db.updateTable('trust_reports').set({ created_at: at(new Date(Date.now() - 48 * HOUR)) }).where('id', '=', localIdOf(spamToo)).execute();

  it('counts everything for an admin, every status, reason and kind listed', async () => {
    const stats = expectOk(await admin.gql(STATS)).moderationStats;
    expect(stats).toMatchObject({
      since: null,
      reports: 6,
      reportsByStatus: [{ status: 'OPEN', count: 3 }, { status: 'RESOLVED', count: 2 }, { status: 'DISMISSED', count: 1 }],
      reportsByReason: [
        { reason: 'SPAM', count: 2 }, { reason: 'FAKE_SEEDING', count: 1 }, { reason: 'UNDISCLOSED_AD', count: 1 },
        { reason: 'HARASSMENT', count: 1 }, { reason: 'ILLEGAL', count: 0 }, { reason: 'OTHER', count: 1 },
      ],
      appealsByOutcome: [{ status: 'PENDING', count: 0 }, { status: 'UPHELD', count: 1 }, { status: 'OVERTURNED', count: 0 }],
      // Waits of 1, 2 and 10 hours: the median is 2 hours, the 90th percentile 10 (nearest rank).
      timeToFirstAction: { count: 3, medianSeconds: 7200, p90Seconds: 36000 },
      openOlderThanDay: 1,
      reportsFromOtherInstances: 1,
      forwardedReports: 0,
    });
    const kinds = Object.fromEntries(stats.actionsByKind.map((k: any) => [k.action, k.count]));
    expect(kinds).toMatchObject({ WARN: 2, DISMISS: 1, APPEAL_UPHELD: 1, APPEAL_OVERTURNED: 0 });
    expect(stats.actionsByKind.reduce((sum: number, k: any) => sum + k.count, 0)).toBe(4);
  });

  it('since a moment counts what was filed or done after it; a day-old open report still counts as waiting', async () => {
    const later = expectOk(await admin.gql(STATS, { since: new Date(start.getTime() - 5 * HOUR).toISOString() })).moderationStats;
    // Reports moved back 10 hours and 2 days are before the window; the others are in it.
    expect(later).toMatchObject({ reports: 4, openOlderThanDay: 1, timeToFirstAction: { count: 2, medianSeconds: 3600, p90Seconds: 7200 } });
    const none = expectOk(await admin.gql(STATS, { since: new Date().toISOString() })).moderationStats;
    expect(none).toMatchObject({ reports: 0, reportsFromOtherInstances: 0, timeToFirstAction: { count: 0, medianSeconds: null, p90Seconds: null }, openOlderThanDay: 1 });
    expect(none.actionsByKind.every((k: any) => k.count === 0)).toBe(true);
  });

  it('is for admins only; a time in the future is refused', async () => {
    expectCode(await mei.gql(STATS), 'FORBIDDEN');
    expectCode(await alice.gql(STATS), 'FORBIDDEN');
    expectCode(await t.gql(STATS), 'UNAUTHENTICATED');
    expectCode(await admin.gql(STATS, { since: new Date(Date.now() + 24 * HOUR).toISOString() }), 'BAD_USER_INPUT');
    expectCode(await admin.gql(STATS, { since: 'yesterday' }), 'BAD_USER_INPUT');
  });
});
