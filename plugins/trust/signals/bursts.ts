// Coordinated bursts: several young accounts pushing the same thing — a
// link, a product, a promo code or a brand — in similar words within a
// short window. One young account sharing a link is ordinary; five within hours
// of each other looks like a seeding campaign (刷单/水军).

import { promoCodes } from './commercial.ts';
import { similarity } from './near-duplicate.ts';
import { fold, linkParts } from './text.ts';
import { clamp01, listed, round2, type Signal, type SignalSubject, type SignalTarget, type SignalTargetType } from './types.ts';
import type { TermMatcher } from './word-lists.ts';

/**
 * What a subject pushes, as index keys with a label for explanations:
 * links, product tags, promo codes and listed brands. Hashtags are left
 * out on purpose: new people at the same event share them honestly.
 */
export function burstKeys(subject: Pick<SignalSubject, 'links' | 'productRefs' | 'text'>, brands: TermMatcher | null): { key: string; label: string }[] {
  const out = new Map<string, string>();
  for (const link of subject.links) {
    const parts = linkParts(link);
    if (parts) out.set(`link:${parts.key}`, `link ${parts.key}`);
  }
  for (const ref of subject.productRefs) out.set(`product:${ref}`, `product ${ref}`);
  for (const code of promoCodes(subject.text)) out.set(`code:${code}`, `code ${code}`);
  for (const brand of brands?.find(subject.text) ?? []) out.set(`brand:${fold(brand)}`, `brand ${brand}`);
  return [...out].map(([key, label]) => ({ key, label }));
}

/** An earlier use of a key, from the index. */
export interface KeyUse {
  key: string;
  type: SignalTargetType;
  id: number;
  authorId: number;
  authorHandle: string;
  authorCreatedAt: number | null;
  at: number;
  /** The MinHash signature of that text, when it is long enough to have one. */
  signature: Uint32Array | null;
}

export interface BurstOptions {
  windowMs: number;
  minAccounts: number;
  /** Accounts younger than this (at the time they posted) count. */
  youngMs: number;
  /**
   * Posts that both have a signature count only when this similar to the
   * subject: a campaign works from one brief, while people who happen to
   * share a link write their own words.
   */
  minSimilarity: number;
}

export const isYoung = (createdAt: number | null, at: number, youngMs: number) => createdAt != null && at - createdAt < youngMs;

/**
 * Fires when the subject's author is young and, for one of its keys, at
 * least `minAccounts` young accounts (the author included) used it within
 * the window. Score 0.7 at the minimum, 0.1 more per further account. The
 * other posts of the burst are returned as `related`, to be flagged too.
 */
export function detectBurst(
  subject: SignalSubject, signature: Uint32Array | null, keys: { key: string; label: string }[], uses: KeyUse[], options: BurstOptions,
): Signal | null {
  if (!isYoung(subject.authorCreatedAt, subject.at, options.youngMs)) return null;
  const alike = (u: KeyUse) => !signature || !u.signature || similarity(signature, u.signature) >= options.minSimilarity;
  let best: { label: string; uses: KeyUse[]; accounts: Map<number, string> } | null = null;
  for (const { key, label } of keys) {
    const inWindow = uses.filter(
      (u) => u.key === key && Math.abs(u.at - subject.at) <= options.windowMs && u.authorId !== subject.authorId && isYoung(u.authorCreatedAt, u.at, options.youngMs) && alike(u),
    );
    const accounts = new Map<number, string>([[subject.authorId, subject.authorHandle]]);
    for (const u of inWindow) accounts.set(u.authorId, u.authorHandle);
    if (!best || accounts.size > best.accounts.size) best = { label, uses: inWindow, accounts };
  }
  if (!best || best.accounts.size < options.minAccounts) return null;
  const n = best.accounts.size;
  const related = new Map<string, SignalTarget>();
  for (const u of best.uses) related.set(`${u.type}:${u.id}`, { type: u.type, id: u.id, authorId: u.authorId });
  const hours = round2(options.windowMs / 3_600_000);
  const days = Math.round(options.youngMs / 86_400_000);
  return {
    kind: 'coordinated-burst',
    score: round2(clamp01(0.7 + 0.1 * (n - options.minAccounts))),
    explanation: `${n} accounts younger than ${days} days pushed the same ${best.label} within ${hours} h (${listed([...best.accounts.values()].map((h) => `@${h}`), 4)})`,
    related: [...related.values()],
  };
}
