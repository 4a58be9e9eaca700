// Other plugins' objects become reportable through trust.report-target: a
// small test plugin makes "Widget"s reportable; trust files, queues and
// acts on them (the owner can be warned or suspended, not hidden).

import { afterAll, describe, expect, it } from 'vitest';
import { definePlugin, filter, PLUGIN_API_VERSION, toGlobalId } from '../../../core/index.ts';
import { ReportTargetLookup } from '../contracts.ts';
import { expectCode, expectOk, startTrust } from './helpers.ts';

const widgets = new Map<number, { ownerId: number; name: string }>();
const widgetPlugin = definePlugin({
  name: 'widgets',
  apiVersion: PLUGIN_API_VERSION,
  hooks: [
    filter(ReportTargetLookup, (found, { type, id }) => {
      if (found || type !== 'Widget') return found;
      const widget = widgets.get(id);
      return widget ? { accountId: widget.ownerId, summary: `Widget: ${widget.name}` } : null;
    }),
  ],
});

describe('reporting other plugins’ objects', async () => {
  const t = await startTrust(undefined, [widgetPlugin]);
  afterAll(() => t.close());
  const mei = await t.person('mod_mei', 'moderator');
  const seller = await t.person('seller');
  const buyer = await t.person('buyer');
  widgets.set(7, { ownerId: seller.id, name: 'Miracle slimming tea' });
  const REPORT = `mutation($input: ReportInput!) { report(input: $input) { id targetType targetSummary } }`;

  it('a plugin-answered type is reported, queued with its summary, and its owner warned', async () => {
    const report = expectOk(await buyer.gql(REPORT, { input: { targetId: toGlobalId('Widget', 7), reason: 'FAKE_SEEDING', comment: 'fake reviews' } })).report;
    expect(report.targetType).toBe('Widget');
    const queued = expectOk(await mei.gql(`{ moderationQueue { edges { node { id targetSummary targetAccount { handle } } } } }`)).moderationQueue.edges[0].node;
    expect(queued).toMatchObject({ id: report.id, targetSummary: 'Widget: Miracle slimming tea', targetAccount: { handle: 'seller' } });
    const hide = await mei.gql(`mutation($id: ID!) { moderate(reportId: $id, action: HIDE, reason: "x") { id } }`, { id: report.id });
    expectCode(hide, 'BAD_USER_INPUT');
    expectOk(await mei.gql(`mutation($id: ID!) { moderate(reportId: $id, action: WARN, reason: "Fake reviews (rule 4)") { id } }`, { id: report.id }));
    expect((await t.notificationsOf(seller)).some((n) => n.kind === 'moderation-action')).toBe(true);
  });

  it('unknown ids and types nobody answers for are NOT_FOUND; internal types are refused', async () => {
    expectCode(await buyer.gql(REPORT, { input: { targetId: toGlobalId('Widget', 999), reason: 'SPAM' } }), 'NOT_FOUND');
    expectCode(await buyer.gql(REPORT, { input: { targetId: toGlobalId('Gadget', 1), reason: 'SPAM' } }), 'NOT_FOUND');
    expectCode(await buyer.gql(REPORT, { input: { targetId: toGlobalId('Report', 1), reason: 'SPAM' } }), 'BAD_USER_INPUT');
  });
});
