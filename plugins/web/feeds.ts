// Atom feeds of a person's notes (/@handle/feed.atom) and of a topic
// (/tags/<tag>/feed.atom), for feed readers. Content is the note's
// sanitized HTML, escaped once more as XML text.

import type { WebPageContext } from './contracts.ts';
import { escapeText, safeUrl } from './render/html.ts';
import { notePath } from './render/cards.ts';
import { HANDLE } from './pages/profile.ts';

const ENTRY = `id title bodyHtml publishedAt createdAt editedAt author { handle displayName } cover { url alt }`;
const PROFILE = `query WebProfileFeed($handle: String!) { account(handle: $handle) { handle displayName bio domain notes(first: 30) { edges { node { ${ENTRY} } } } } }`;
const TOPIC = `query WebTopicFeed($name: String!) { topic(name: $name) { key tag description notes(first: 30, order: NEWEST) { edges { node { ${ENTRY} } } } } }`;

interface Entry {
  id: string;
  title: string;
  bodyHtml: string;
  publishedAt: string | null;
  createdAt: string;
  editedAt: string | null;
  author: { handle: string; displayName: string };
  cover: { url: string; alt: string } | null;
}

const x = escapeText;

function atom(page: WebPageContext, input: { id: string; title: string; subtitle: string; self: string; alternate: string; entries: Entry[] }): string {
  const abs = (path: string) => new URL(path, page.instance.publicUrl).href;
  const stamp = (e: Entry) => new Date(e.editedAt ?? e.publishedAt ?? e.createdAt).toISOString();
  const updated = input.entries.length ? input.entries.map(stamp).sort().at(-1)! : new Date(0).toISOString();
  const entries = input.entries.map((e) => {
    const url = abs(notePath(e.id));
    const cover = e.cover ? `<p><img src="${x(e.cover.url)}" alt="${x(e.cover.alt)}"></p>` : '';
    return `<entry>
  <id>${x(url)}</id>
  <title>${x(e.title || e.author.displayName)}</title>
  <link rel="alternate" type="text/html" href="${x(url)}"/>
  <published>${new Date(e.publishedAt ?? e.createdAt).toISOString()}</published>
  <updated>${stamp(e)}</updated>
  <author><name>${x(e.author.displayName || e.author.handle)}</name><uri>${x(abs(`/@${e.author.handle}`))}</uri></author>
  <content type="html">${x(cover + e.bodyHtml)}</content>
</entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${page.locale}">
<id>${x(abs(input.id))}</id>
<title>${x(input.title)}</title>
<subtitle>${x(input.subtitle)}</subtitle>
<link rel="self" type="application/atom+xml" href="${x(abs(input.self))}"/>
<link rel="alternate" type="text/html" href="${x(abs(input.alternate))}"/>
<updated>${updated}</updated>
<generator>Meadow</generator>
${entries.join('\n')}
</feed>
`;
}

export async function profileFeed(page: WebPageContext, handle: string): Promise<string | null> {
  if (!HANDLE.test(handle) || handle.includes('@')) return null;
  const data = await page.gql<{ account: { handle: string; displayName: string; bio: string; domain: string | null; notes: { edges: { node: Entry }[] } } | null }>(PROFILE, { handle });
  const a = data.account;
  if (!a || a.domain) return null;
  return atom(page, {
    id: `/@${a.handle}`,
    title: `${a.displayName || a.handle} · ${page.instance.name}`,
    subtitle: a.bio,
    self: `/@${a.handle}/feed.atom`,
    alternate: `/@${a.handle}`,
    entries: a.notes.edges.map((e) => e.node),
  });
}

export async function topicFeed(page: WebPageContext, tag: string): Promise<string | null> {
  if (!tag || tag.length > 100) return null;
  const data = await page.gql<{ topic: { key: string; tag: string; description: string; notes: { edges: { node: Entry }[] } } | null }>(TOPIC, { name: tag });
  const t = data.topic;
  if (!t) return null;
  const path = `/tags/${encodeURIComponent(t.key)}`;
  return atom(page, { id: path, title: `${t.tag} · ${page.instance.name}`, subtitle: t.description, self: `${path}/feed.atom`, alternate: path, entries: t.notes.edges.map((e) => e.node) });
}

/** The installable web app manifest, from the branding. */
export function manifest(page: WebPageContext): Record<string, unknown> {
  const { instance } = page;
  const icons = instance.logoUrl && safeUrl(instance.logoUrl) !== '#' ? [{ src: safeUrl(instance.logoUrl), sizes: 'any' }] : [{ src: page.asset('icon.svg'), sizes: 'any', type: 'image/svg+xml', purpose: 'any maskable' }];
  return {
    name: instance.name,
    short_name: [...instance.name].slice(0, 12).join(''),
    description: instance.description,
    lang: page.locale,
    start_url: '/',
    scope: '/',
    display: 'standalone',
    background_color: instance.colors.background,
    theme_color: instance.colors.primary,
    icons,
  };
}
