// Remote HTML (notes, bios and names from other instances) is untrusted:
// it is reduced to an allowlist before it is stored or shown — the tags and
// classes Mastodon and Misskey use for mentions, hashtags and link
// shortening, links with http(s) only, no attributes that run code or
// style anything [Mastodon CVE-2023-36459].

import sanitize from 'sanitize-html';

const ALLOWED_TAGS = [
  'p', 'br', 'span', 'a', 'del', 's', 'pre', 'code', 'em', 'strong', 'b', 'i', 'u', 'sub', 'sup',
  'ul', 'ol', 'li', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ruby', 'rt', 'rp',
];
const ALLOWED_CLASSES = ['h-card', 'u-url', 'mention', 'hashtag', 'invisible', 'ellipsis', 'quote-inline'];

const OPTIONS: sanitize.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: { a: ['href', 'rel', 'class', 'translate', 'target'], span: ['class', 'translate'], ol: ['start', 'reversed'], li: ['value'] },
  allowedClasses: { a: ALLOWED_CLASSES, span: ALLOWED_CLASSES },
  allowedSchemes: ['http', 'https'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Headings and paragraphs from unknown tags keep their text; scripts and styles lose it.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'template', 'iframe', 'object', 'title'],
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow noopener noreferrer', target: '_blank' } }),
  },
};

/** Untrusted HTML reduced to Meadow's allowlist (safe to store and render). */
export function sanitizeRemoteHtml(html: string | null | undefined): string {
  if (!html) return '';
  return sanitize(String(html).slice(0, 200_000), OPTIONS).trim();
}

/** Untrusted HTML as plain text: block ends become line breaks, entities decoded. */
export function htmlToText(html: string | null | undefined): string {
  if (!html) return '';
  const withBreaks = String(html).slice(0, 200_000).replace(/<br\s*\/?>/gi, '\n').replace(/<\/(p|div|li|h[1-6]|blockquote|pre)>/gi, '\n');
  const text = sanitize(withBreaks, { allowedTags: [], allowedAttributes: {}, nonTextTags: OPTIONS.nonTextTags });
  return decodeEntities(text).replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return NAMED[e.toLowerCase()] ?? m;
  });
}
