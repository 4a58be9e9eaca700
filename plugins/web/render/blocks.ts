// Structured note blocks as the page shows them: a tutorial as numbered
// steps, a checklist as a list with notes and links, pitfalls as warning
// cards with their reason.

import type { WebPageContext } from '../contracts.ts';
import { html, safeUrl, type SafeHtml } from './html.ts';

export const BLOCK_FIELDS = `blocks { __typename
  ... on TutorialBlock { title steps { text images { alt width height url(variant: medium) } } }
  ... on ChecklistBlock { title items { name note link } }
  ... on PitfallBlock { title entries { warning reason } } }`;

export type NoteBlock =
  | { __typename: 'TutorialBlock'; title: string | null; steps: { text: string; images: { alt: string; width: number | null; height: number | null; url: string }[] }[] }
  | { __typename: 'ChecklistBlock'; title: string | null; items: { name: string; note: string | null; link: string | null }[] }
  | { __typename: 'PitfallBlock'; title: string | null; entries: { warning: string; reason: string }[] };

export function renderBlock(block: NoteBlock, index: number, page: WebPageContext): SafeHtml {
  const id = `block-${index}`;
  switch (block.__typename) {
    case 'TutorialBlock':
      return html`<section class="block block-steps" aria-labelledby="${id}">
  <h2 id="${id}">${block.title || page.t('note.steps')}</h2>
  <ol class="steps">${block.steps.map(
    (s) => html`<li><p>${s.text}</p>${s.images.map((img) => html`<img src="${safeUrl(img.url)}" alt="${img.alt}"${img.width && img.height ? html` width="${img.width}" height="${img.height}"` : ''} loading="lazy">`)}</li>`,
  )}</ol>
</section>`;
    case 'ChecklistBlock':
      return html`<section class="block block-checklist" aria-labelledby="${id}">
  <h2 id="${id}">${block.title || page.t('note.checklist')}</h2>
  <ul class="checklist">${block.items.map(
    (i) => html`<li><span class="check" aria-hidden="true">✓</span><span>${i.link && safeUrl(i.link) !== '#' ? html`<a href="${safeUrl(i.link)}" rel="nofollow noopener noreferrer ugc">${i.name}</a>` : html`<strong>${i.name}</strong>`}${i.note ? html` <span class="item-note">${i.note}</span>` : ''}</span></li>`,
  )}</ul>
</section>`;
    case 'PitfallBlock':
      return html`<section class="block block-pitfalls" aria-labelledby="${id}">
  <h2 id="${id}">${block.title || page.t('note.pitfalls')}</h2>
  <ul class="pitfalls">${block.entries.map((e) => html`<li class="pitfall"><p class="pitfall-warning"><span aria-hidden="true">⚠ </span>${e.warning}</p><p class="pitfall-reason">${page.t('note.why', { reason: e.reason })}</p></li>`)}</ul>
</section>`;
    default:
      return html``;
  }
}
