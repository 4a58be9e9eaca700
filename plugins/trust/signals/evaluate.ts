// Runs every detector on one note or comment against an index of what was
// posted before (the database in production, memory in the evaluation),
// so the same code decides in both.

import { burstKeys, detectBurst, type KeyUse } from './bursts.ts';
import { brandMatcher, detectUndisclosedAd } from './commercial.ts';
import { detectSpamLinks } from './links.ts';
import { bandKeys, detectNearDuplicate, shingles, signature, type Lookalike } from './near-duplicate.ts';
import type { SignalSettings } from './settings.ts';
import type { Signal, SignalSubject } from './types.ts';
import { detectWordLists } from './word-lists.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface SignalIndex {
  /** Indexed texts sharing at least one of these band keys, posted at or after `since`. */
  lookalikes(bandKeys: number[], since: number): Promise<Lookalike[]>;
  /** Uses of these keys at or after `since`, with the signature of the text that used them. */
  keyUses(keys: string[], since: number): Promise<KeyUse[]>;
}

/** A subject with what the index stores of it. */
export interface Fingerprinted {
  subject: SignalSubject;
  /** Null for texts too short to compare. */
  signature: Uint32Array | null;
  bands: number[];
  keys: { key: string; label: string }[];
}

export function fingerprint(subject: SignalSubject, settings: SignalSettings): Fingerprinted {
  const set = shingles(subject.text);
  const sig = set.size >= settings.nearDuplicate.minTokens ? signature(set) : null;
  return { subject, signature: sig, bands: sig ? bandKeys(sig) : [], keys: burstKeys(subject, brandMatcher(settings.commercial)) };
}

export async function evaluate(subject: SignalSubject, index: SignalIndex, settings: SignalSettings): Promise<{ signals: Signal[]; fingerprint: Fingerprinted }> {
  const fp = fingerprint(subject, settings);
  const burstWindow = settings.burst.windowMinutes * 60_000;
  const repeatWindow = settings.links.repeatWindowHours * HOUR;
  const itself = (u: { type: string; id: number }) => u.type === subject.type && u.id === subject.id;
  const [lookalikes, uses] = await Promise.all([
    fp.signature ? index.lookalikes(fp.bands, subject.at - settings.nearDuplicate.days * DAY) : Promise.resolve([]),
    fp.keys.length ? index.keyUses(fp.keys.map((k) => k.key), subject.at - Math.max(burstWindow, repeatWindow)) : Promise.resolve([]),
  ]);
  const others = uses.filter((u) => !itself(u));
  const signals: (Signal | null)[] = [
    fp.signature ? detectNearDuplicate({ ...subject, signature: fp.signature }, lookalikes, settings.nearDuplicate) : null,
    detectBurst(subject, fp.signature, fp.keys, others, {
      windowMs: burstWindow, minAccounts: settings.burst.minAccounts, youngMs: settings.youngAccountDays * DAY, minSimilarity: settings.burst.minSimilarity,
    }),
    detectUndisclosedAd(subject, settings.commercial),
    detectSpamLinks(subject, others, { ...settings.links, repeatWindowMs: repeatWindow }),
    detectWordLists(subject.text, settings.wordLists),
  ];
  return { signals: signals.filter((s): s is Signal => s !== null), fingerprint: fp };
}
