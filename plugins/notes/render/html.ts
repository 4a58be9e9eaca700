// Renders the markup AST and structured blocks to HTML. Every string from
// a user goes through escapeHtml; the only tags are the ones written here.

import { escapeHtml, type MediaRecord } from '../../../core/index.ts';
import type { NoteBlock } from '../contracts.ts';
import { parseMarkup, type Block, type Inline } from './markup.ts';

export function mentionHref(handle: string, domain: string | null): string {
  return domain ? `https://${domain}/@${encodeURIComponent(handle)}` : `/@${encodeURIComponent(handle)}`;
}

export function hashtagHref(tag: string): string {
  return `/tags/${encodeURIComponent(tag)}`;
}

function inlineHtml(nodes: Inline[]): string {
  return nodes
    .map((n) => {
      switch (n.type) {
        case 'text':
          return escapeHtml(n.text);
        case 'bold':
          return `<strong>${inlineHtml(n.children)}</strong>`;
        case 'link':
          return `<a href="${escapeHtml(n.href)}" rel="nofollow noopener noreferrer ugc" target="_blank">${escapeHtml(n.text)}</a>`;
        case 'mention':
          return `<a class="mention" href="${escapeHtml(mentionHref(n.handle, n.domain))}">${escapeHtml(n.raw)}</a>`;
        case 'hashtag':
          return `<a class="hashtag" rel="tag" href="${escapeHtml(hashtagHref(n.tag))}">${escapeHtml(n.raw)}</a>`;
      }
    })
    .join('');
}

function blockHtml(block: Block): string {
  if (block.type === 'paragraph') return `<p>${block.lines.map(inlineHtml).join('<br>')}</p>`;
  return `<ul>${block.items.map((i) => `<li>${inlineHtml(i)}</li>`).join('')}</ul>`;
}

/** The body's HTML (stored beside the source). */
export function renderMarkup(source: string): string {
  return parseMarkup(source).map(blockHtml).join('');
}

/** One line of markup inside a block (steps, item notes): inline only. */
export function inlineMarkup(text: string): string {
  return parseMarkup(text).map((b) => (b.type === 'paragraph' ? b.lines.map(inlineHtml).join('<br>') : `<ul>${b.items.map((i) => `<li>${inlineHtml(i)}</li>`).join('')}</ul>`)).join('<br>');
}

const DEFAULT_TITLES = {
  tutorial: { en: 'Step by step', zh: '步骤' },
  checklist: { en: 'Checklist', zh: '清单' },
  pitfalls: { en: 'Pitfalls to avoid', zh: '避坑指南' },
} as const;

export function titleOf(block: NoteBlock, language: string | null): string {
  const zh = language?.toLowerCase().startsWith('zh') ?? false;
  return block.title?.trim() || DEFAULT_TITLES[block.kind][zh ? 'zh' : 'en'];
}

/** Structured blocks as plain HTML: headings, ordered and unordered lists. */
export function renderBlocks(blocks: NoteBlock[], language: string | null): string {
  return blocks
    .map((block) => {
      const heading = `<h3>${escapeHtml(titleOf(block, language))}</h3>`;
      switch (block.kind) {
        case 'tutorial':
          return `<section class="note-block note-tutorial">${heading}<ol>${block.steps
            .map((s) => `<li data-media="${s.mediaIds.join(',')}">${inlineMarkup(s.text)}</li>`)
            .join('')}</ol></section>`;
        case 'checklist':
          return `<section class="note-block note-checklist">${heading}<ul>${block.items
            .map((i) => {
              const name = i.link
                ? `<a href="${escapeHtml(i.link)}" rel="nofollow noopener noreferrer ugc" target="_blank">${escapeHtml(i.name)}</a>`
                : escapeHtml(i.name);
              return `<li><strong>${name}</strong>${i.note ? ` — ${inlineMarkup(i.note)}` : ''}</li>`;
            })
            .join('')}</ul></section>`;
        case 'pitfalls':
          return `<section class="note-block note-pitfalls">${heading}<ul>${block.entries
            .map((e) => `<li><strong>${escapeHtml(e.warning)}</strong> — ${inlineMarkup(e.reason)}</li>`)
            .join('')}</ul></section>`;
      }
    })
    .join('');
}

/** A note's video for plain-HTML readers: the file as uploaded, its poster, and a link for players that cannot play it. */
export function renderVideo(video: MediaRecord, poster: MediaRecord | null, urlOf: (m: MediaRecord, variant?: 'medium') => string): string {
  const src = escapeHtml(urlOf(video));
  const attrs = [
    'controls',
    'preload="metadata"',
    poster ? `poster="${escapeHtml(urlOf(poster, 'medium'))}"` : '',
    video.width && video.height ? `width="${video.width}" height="${video.height}"` : '',
    video.alt ? `aria-label="${escapeHtml(video.alt)}"` : '',
  ].filter(Boolean);
  return `<figure class="note-video"><video ${attrs.join(' ')}><source src="${src}" type="${escapeHtml(video.mimeType)}"><a href="${src}">${escapeHtml(video.alt || 'Video')}</a></video></figure>`;
}

/** Plain text of the blocks, for hashtag extraction and indexing. */
export function blocksText(blocks: NoteBlock[]): string {
  return blocks
    .map((b) => {
      const lines =
        b.kind === 'tutorial' ? b.steps.map((s, i) => `${i + 1}. ${s.text}`)
        : b.kind === 'checklist' ? b.items.map((i) => `- ${i.name}${i.note ? `: ${i.note}` : ''}`)
        : b.entries.map((e) => `- ${e.warning}: ${e.reason}`);
      return [b.title ?? '', ...lines].filter(Boolean).join('\n');
    })
    .join('\n\n');
}
