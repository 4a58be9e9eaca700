// Demotion: notes with a signal at or above its `demoteAt` threshold rank
// lower in search and the discovery feed (score × demoteFactor) and say
// why. A moderator dismissing the report clears it; nothing is removed.

import type { FeedCandidate } from '../../notes/contracts.ts';
import type { SearchHit } from '../../search/contracts.ts';
import type { StoredSignal } from './queue.ts';

/** What a kind of signal means, in words for the author and the audience (no other account named). */
export const SIGNAL_MEANING: Record<StoredSignal['kind'], string> = {
  'near-duplicate': 'copies of this text were posted by other accounts',
  'coordinated-burst': 'part of a burst of new accounts pushing the same thing',
  'undisclosed-ad': 'reads like an ad without a paid-promotion label',
  'spam-links': 'links that look like spam',
  'word-list': 'words this community lists',
};

export const demotionReason = (s: StoredSignal) => `shown lower: ${SIGNAL_MEANING[s.kind]}`;

export function demoteHits(hits: SearchHit[], demoted: Map<number, StoredSignal>, factor: number): SearchHit[] {
  return hits.map((h) => {
    const s = demoted.get(h.noteId);
    return s ? { ...h, score: h.score * factor, reasons: [...h.reasons, demotionReason(s)] } : h;
  });
}

/**
 * The feed arrives ordered by the rankers before; a demoted candidate
 * moves down to where its lowered score fits among the others (never up),
 * and the others keep their order.
 */
export function demoteCandidates(candidates: FeedCandidate[], demoted: Map<number, StoredSignal>, factor: number): FeedCandidate[] {
  if (!candidates.some((c) => demoted.has(c.noteId))) return candidates;
  const out: FeedCandidate[] = [];
  const sinking: { c: FeedCandidate; from: number }[] = [];
  candidates.forEach((c, i) => {
    const s = demoted.get(c.noteId);
    if (s) sinking.push({ c: { ...c, score: c.score * factor, reasons: [...c.reasons, demotionReason(s)] }, from: i });
    else out.push(c);
  });
  for (const { c, from } of sinking) {
    // Not before its old place: start after the kept candidates that were ahead of it.
    let keptAhead = candidates.slice(0, from).filter((x) => !demoted.has(x.noteId)).length;
    let at = 0;
    while (keptAhead > 0 && at < out.length) if (!demoted.has(out[at++]!.noteId)) keptAhead--;
    while (at < out.length && out[at]!.score >= c.score) at++;
    out.splice(at, 0, c);
  }
  return out;
}
