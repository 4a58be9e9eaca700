// Generic text utilities for plugins: hashtags, mentions, escaping.

export { extractHashtags, scanHashtags, normalizeTag, MAX_TAG_LENGTH, type HashtagMatch } from './hashtags.ts';
export { extractMentions, scanMentions, type MentionMatch } from './mentions.ts';
export { escapeHtml } from './escape.ts';
export { sanitizeRemoteHtml, htmlToText } from './html.ts';
