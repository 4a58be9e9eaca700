// Meadow's small note markup, parsed to an AST. The input is plain text
// with a few conventions — paragraphs (blank line), `- ` list items,
// **bold**, [text](https://…) links, @mentions and #hashtags — and nothing
// else has meaning: any HTML in it is text and is escaped when rendered.

import { scanHashtags, scanMentions } from '../../../core/index.ts';

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'bold'; children: Inline[] }
  | { type: 'link'; href: string; text: string }
  | { type: 'mention'; handle: string; domain: string | null; raw: string }
  | { type: 'hashtag'; tag: string; raw: string };

export type Block =
  | { type: 'paragraph'; lines: Inline[][] }
  | { type: 'list'; items: Inline[][] };

const LIST_ITEM = /^\s*[-•]\s+/;
const LINK = /\[([^\]\n]{1,300})\]\((https?:\/\/[^\s()<>"]{1,2000})\)/g;
const BOLD = /\*\*([^*\n]+?)\*\*/g;

export function parseMarkup(source: string): Block[] {
  const blocks: Block[] = [];
  const text = source.replace(/\r\n?/g, '\n');
  for (const chunk of text.split(/\n[ \t]*\n+/)) {
    const lines = chunk.split('\n').filter((l) => l.trim() !== '');
    if (!lines.length) continue;
    let paragraph: Inline[][] = [];
    let list: Inline[][] = [];
    const flush = () => {
      if (paragraph.length) blocks.push({ type: 'paragraph', lines: paragraph });
      if (list.length) blocks.push({ type: 'list', items: list });
      paragraph = [];
      list = [];
    };
    for (const line of lines) {
      if (LIST_ITEM.test(line)) {
        if (paragraph.length) flush();
        list.push(parseInline(line.replace(LIST_ITEM, '')));
      } else {
        if (list.length) flush();
        paragraph.push(parseInline(line.trim()));
      }
    }
    flush();
  }
  return blocks;
}

export function parseInline(line: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of line.matchAll(LINK)) {
    if (m.index > last) out.push(...parseBold(line.slice(last, m.index)));
    out.push({ type: 'link', text: m[1]!, href: m[2]! });
    last = m.index + m[0].length;
  }
  if (last < line.length) out.push(...parseBold(line.slice(last)));
  return out;
}

function parseBold(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of text.matchAll(BOLD)) {
    if (m.index > last) out.push(...parseTags(text.slice(last, m.index)));
    out.push({ type: 'bold', children: parseTags(m[1]!) });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(...parseTags(text.slice(last)));
  return out;
}

/** Splits plain text into text, mention and hashtag pieces. */
export function parseTags(text: string): Inline[] {
  const marks = [
    ...scanHashtags(text).map((m) => ({ index: m.index, length: m.length, node: { type: 'hashtag', tag: m.tag, raw: text.slice(m.index, m.index + m.length) } as Inline })),
    ...scanMentions(text).map((m) => ({ index: m.index, length: m.length, node: { type: 'mention', handle: m.handle, domain: m.domain, raw: text.slice(m.index, m.index + m.length) } as Inline })),
  ].sort((a, b) => a.index - b.index);
  const out: Inline[] = [];
  let last = 0;
  for (const mark of marks) {
    if (mark.index < last) continue; // overlapping (e.g. a # inside a mention's domain): first wins
    if (mark.index > last) out.push({ type: 'text', text: text.slice(last, mark.index) });
    out.push(mark.node);
    last = mark.index + mark.length;
  }
  if (last < text.length) out.push({ type: 'text', text: text.slice(last) });
  return out;
}

/** Plain text of the markup (markers removed), for indexing and previews. */
export function markupToText(source: string): string {
  const inline = (nodes: Inline[]): string =>
    nodes.map((n) => (n.type === 'text' ? n.text : n.type === 'bold' ? inline(n.children) : n.type === 'link' ? n.text : n.raw)).join('');
  return parseMarkup(source)
    .map((b) => (b.type === 'paragraph' ? b.lines.map(inline).join('\n') : b.items.map((i) => `- ${inline(i)}`).join('\n')))
    .join('\n\n');
}
