// What every detector works on and returns. A signal is a score with a
// reason a moderator (and the author) can read; detectors never act on
// their own — the wiring (hooks.ts) decides, by thresholds in the settings.

import type { Disclosure } from '../../notes/contracts.ts';

export const SIGNAL_KINDS = ['near-duplicate', 'coordinated-burst', 'undisclosed-ad', 'spam-links', 'word-list'] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

export type SignalTargetType = 'Note' | 'Comment';

export interface SignalTarget {
  type: SignalTargetType;
  id: number;
  authorId: number;
}

export interface Signal {
  kind: SignalKind;
  /** 0..1: how sure the detector is. */
  score: number;
  /** One sentence for people, e.g. "near-duplicate of note 12 by @x (similarity 0.82)". */
  explanation: string;
  /** Earlier content the same finding applies to (the rest of a burst), flagged with it. */
  related?: SignalTarget[];
}

/** A note or comment as the detectors see it. */
export interface SignalSubject {
  type: SignalTargetType;
  /** Null while a note is being reviewed before it is stored. */
  id: number | null;
  authorId: number;
  authorHandle: string;
  /** When the author's account was made (epoch ms); null when unknown (treated as not young). */
  authorCreatedAt: number | null;
  /** When it was posted (epoch ms). */
  at: number;
  /** Plain text: title, body and blocks. */
  text: string;
  /** Links as written (body markup, bare links, checklist items). */
  links: string[];
  /** Normalized hashtags. */
  hashtags: string[];
  /** Product references of tutorial steps. */
  productRefs: string[];
  /** The author's paid-promotion label. */
  disclosure: Disclosure | null;
}

export const clamp01 = (x: number) => Math.max(0, Math.min(1, x));

/** Independent pieces of evidence combined: 1 − Π(1 − wᵢ). */
export function combine(weights: number[]): number {
  return clamp01(1 - weights.reduce((rest, w) => rest * (1 - clamp01(w)), 1));
}

/** "a, b and 3 more" for explanations. */
export function listed(items: string[], max = 3): string {
  const shown = items.slice(0, max);
  const more = items.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  return shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}` : (shown[0] ?? '');
}

export const round2 = (x: number) => Math.round(x * 100) / 100;
