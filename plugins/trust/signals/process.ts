// The two moments signals are computed: before a note becomes public
// (review: hold it when a signal reaches `holdAt`), and once it is stored
// (record the signals, index it for later lookups, file a report when a
// signal reaches `queueAt`). Findings about a burst or a repeated link are
// also recorded on the earlier posts they name.

import type { PluginContext } from '../../../core/index.ts';
import type { NoteHold } from '../../notes/contracts.ts';
import type { TrustSettings } from '../settings.ts';
import { DbSignalIndex } from './db-index.ts';
import { evaluate } from './evaluate.ts';
import { signalQueueOf } from './queue.ts';
import { SIGNAL_MEANING } from './ranking.ts';
import { thresholdsOf } from './settings.ts';
import type { Signal, SignalSubject, SignalTarget } from './types.ts';

const indexes = new WeakMap<object, DbSignalIndex>();
export function signalIndexOf(ctx: PluginContext<TrustSettings>): DbSignalIndex {
  let index = indexes.get(ctx);
  if (!index) indexes.set(ctx, (index = new DbSignalIndex(ctx)));
  return index;
}

const HOUR = 3_600_000;
const lastPrune = new WeakMap<object, number>();

/**
 * The index only needs what a lookup can still reach: at most once an hour
 * (per process), fingerprints older than the longest window are forgotten.
 */
async function pruneIndex(ctx: PluginContext<TrustSettings>): Promise<void> {
  const now = Date.now();
  if ((lastPrune.get(ctx) ?? 0) > now - HOUR) return;
  lastPrune.set(ctx, now);
  const s = ctx.settings().signals;
  const horizon = Math.max(s.nearDuplicate.days * 24 * HOUR, s.burst.windowMinutes * 60_000, s.links.repeatWindowHours * HOUR);
  const gone = await signalIndexOf(ctx).prune(now - horizon);
  if (gone) ctx.log.info({ gone }, 'signal index pruned');
}

/** The holds a note under review gets: one per signal at or above its hold threshold. */
export async function reviewHolds(ctx: PluginContext<TrustSettings>, subject: SignalSubject): Promise<NoteHold[]> {
  const settings = ctx.settings().signals;
  if (!settings.enabled) return [];
  const { signals } = await evaluate(subject, signalIndexOf(ctx), settings);
  return signals
    .filter((s) => {
      const holdAt = thresholdsOf(settings, s.kind).holdAt;
      return holdAt != null && s.score >= holdAt;
    })
    // The author reads this: what kind of finding, not whom it involves (moderators get the full explanation in the report).
    .map((s) => ({ plugin: 'trust', reason: `Held for review: ${SIGNAL_MEANING[s.kind]}` }));
}

/**
 * After a note or comment is stored: evaluate, index, record, queue.
 * `held`: the note waits for review because of trust's own hold, so it is
 * queued whatever the scores (a moderator must release it).
 */
export async function processStored(ctx: PluginContext<TrustSettings>, subject: SignalSubject, held = false): Promise<Signal[]> {
  const settings = ctx.settings().signals;
  if (!settings.enabled || subject.id == null) return [];
  const index = signalIndexOf(ctx);
  const queue = signalQueueOf(ctx);
  const { signals, fingerprint } = await evaluate(subject, index, settings);
  await index.add(fingerprint);
  await pruneIndex(ctx);
  const self = { type: subject.type, id: subject.id, accountId: subject.authorId };
  await queue.record(self, signals, null);
  await queue.fileIfDue(self, held);
  // The rest of a burst, or the earlier posts of a repeated link.
  const origin = `${subject.type}:${subject.id}`;
  const related = new Map<string, { target: SignalTarget; signals: Signal[] }>();
  for (const s of signals) {
    for (const t of s.related ?? []) {
      const entry = related.get(`${t.type}:${t.id}`) ?? { target: t, signals: [] };
      entry.signals.push({ kind: s.kind, score: s.score, explanation: `${s.explanation} — found with ${origin.replace(':', ' ').toLowerCase()}` });
      related.set(`${t.type}:${t.id}`, entry);
    }
  }
  for (const { target, signals: found } of related.values()) {
    const ref = { type: target.type, id: target.id, accountId: target.authorId };
    await queue.record(ref, found, origin);
    await queue.fileIfDue(ref);
  }
  return signals;
}
