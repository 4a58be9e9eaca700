// Spam links: domains an admin blocked, link shorteners (which hide where a
// link goes), many links in one text, and the same link posted by many
// accounts. Each is evidence on its own scale; they combine.

import type { KeyUse } from './bursts.ts';
import { hostIs, linkParts, type LinkParts } from './text.ts';
import { combine, listed, round2, type Signal, type SignalSubject, type SignalTarget } from './types.ts';

export const SHORTENERS = [
  'bit.ly', 'tinyurl.com', 't.co', 'goo.gl', 'ow.ly', 'is.gd', 'buff.ly', 'rebrand.ly', 'cutt.ly', 's.id', 'shorturl.at', 'rb.gy',
  't.cn', 'dwz.cn', 'url.cn', 'suo.im', 'sina.lt', 'u.nu', 'tb.cn', 'm.tb.cn', 'c.tb.cn', 'qr.net', 'v.gd',
];

export interface LinkOptions {
  /** More links than this in one text is suspicious. */
  maxLinks: number;
  shorteners: string[];
  blockedDomains: string[];
  /** The same link from at least this many accounts (within the window) is suspicious. */
  repeatAccounts: number;
  repeatWindowMs: number;
}

/**
 * Blocked domain 1.0; a shortener 0.45 each (two at most count); more
 * than `maxLinks` links 0.45 + 0.15 per further link; the same link from
 * `repeatAccounts` or more accounts 0.35 + 0.1 per further account.
 * `uses` are earlier uses of the subject's link keys ("link:…").
 */
export function detectSpamLinks(subject: SignalSubject, uses: KeyUse[], options: LinkOptions): Signal | null {
  const links = subject.links.map(linkParts).filter((p): p is LinkParts => p !== null);
  if (!links.length) return null;
  const weights: number[] = [];
  const why: string[] = [];
  const blocked = links.filter((l) => options.blockedDomains.some((d) => hostIs(l.host, d)));
  if (blocked.length) {
    weights.push(1);
    why.push(`a blocked domain (${blocked[0]!.host})`);
  }
  const short = [...new Set(links.filter((l) => options.shorteners.some((d) => hostIs(l.host, d))).map((l) => l.key))];
  if (short.length) {
    weights.push(...short.slice(0, 2).map(() => 0.45));
    why.push(`${short.length} shortened link${short.length > 1 ? 's' : ''} (${listed(short, 2)})`);
  }
  const distinct = new Set(links.map((l) => l.key));
  if (distinct.size > options.maxLinks) {
    weights.push(0.45 + 0.15 * (distinct.size - options.maxLinks - 1));
    why.push(`${distinct.size} links`);
  }
  let repeated: { key: string; accounts: number; uses: KeyUse[] } | null = null;
  for (const key of distinct) {
    const others = uses.filter((u) => u.key === `link:${key}` && u.authorId !== subject.authorId && Math.abs(u.at - subject.at) <= options.repeatWindowMs);
    const accounts = new Set([subject.authorId, ...others.map((u) => u.authorId)]).size;
    if (!repeated || accounts > repeated.accounts) repeated = { key, accounts, uses: others };
  }
  let related: SignalTarget[] | undefined;
  if (repeated && repeated.accounts >= options.repeatAccounts) {
    weights.push(0.35 + 0.1 * (repeated.accounts - options.repeatAccounts));
    why.push(`${repeated.key} posted by ${repeated.accounts} accounts within ${Math.round(options.repeatWindowMs / 3_600_000)} h`);
    // The earlier posts of the same link are part of the same finding.
    related = [...new Map(repeated.uses.map((u) => [`${u.type}:${u.id}`, { type: u.type, id: u.id, authorId: u.authorId }])).values()];
  }
  if (!weights.length) return null;
  return { kind: 'spam-links', score: round2(combine(weights)), explanation: `spam link evidence: ${listed(why, 4)}`, ...(related ? { related } : {}) };
}
