// Mentions: `@handle` (local) and `@handle@other.domain` (remote, resolved
// by federation later). An `@` right after a letter or digit is an email
// address or similar, not a mention.

export interface MentionMatch {
  /** Lower-cased handle. */
  handle: string;
  /** Lower-cased domain for remote mentions, null for local ones. */
  domain: string | null;
  index: number;
  length: number;
}

const MENTION = /(?<![A-Za-z0-9_.@/+-])[@＠]([A-Za-z0-9_]{1,30})(?:@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}))?(?![A-Za-z0-9_@])/gu;

/** Every mention occurrence in `text`, with positions (for renderers). */
export function scanMentions(text: string): MentionMatch[] {
  const out: MentionMatch[] = [];
  for (const m of text.matchAll(MENTION)) {
    out.push({ handle: m[1]!.toLowerCase(), domain: m[2] ? m[2].toLowerCase() : null, index: m.index, length: m[0].length });
  }
  return out;
}

/** The distinct mentions of `text`, in order of first use. */
export function extractMentions(text: string): { handle: string; domain: string | null }[] {
  const seen = new Set<string>();
  const out: { handle: string; domain: string | null }[] = [];
  for (const { handle, domain } of scanMentions(text)) {
    const key = domain ? `${handle}@${domain}` : handle;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ handle, domain });
  }
  return out;
}
