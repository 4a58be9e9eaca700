// "Why this" under a card of the discovery feed: the reasons discoverFeed
// gives (its own "new", and what ranking plugins add: "trending", "new
// creator", "because you collect #露营" …) in the page's language, as a
// disclosure that works without JavaScript. The search plugin's /for-you
// uses the same markup (details.why), so both feeds look and read alike;
// a reason this table does not know is shown as the API wrote it.

import type { WebPageContext } from '../contracts.ts';
import { html, type SafeHtml } from './html.ts';

const FIXED: Record<string, string> = {
  new: 'why.new',
  trending: 'why.trending',
  'new creator': 'why.newCreator',
  'seen before': 'why.seenBefore',
  following: 'why.following',
  'from people you follow': 'why.following',
};

const VERBS = new Set(['collect', 'like', 'comment on', 'picked']);

/** One reason in the page's language. */
export function reasonText(page: WebPageContext, reason: string): string {
  const fixed = FIXED[reason];
  if (fixed) return page.t(fixed);
  const m = /^because you (collect|like|comment on|picked) (.+)$/.exec(reason);
  if (m && VERBS.has(m[1]!)) return page.t('why.because', { verb: page.t(`why.verb.${m[1]}`), what: m[2]! });
  return reason;
}

export function whyThis(page: WebPageContext, reasons: readonly string[] | undefined): SafeHtml | '' {
  if (!reasons?.length) return '';
  const lines = [...new Set(reasons.map((r) => reasonText(page, r)))];
  return html`<details class="why"><summary>${page.t('why.summary')}</summary><ul>${lines.map((l) => html`<li>${l}</li>`)}</ul></details>`;
}
