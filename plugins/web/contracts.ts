// The web plugin's public face: hook tokens through which other plugins add
// pages, navigation entries and sections of the note page and note cards,
// the types those hooks carry, and the HTML helpers to build their markup
// safely (html`…` escapes every interpolation). See docs/plugins.md, "Web pages".

import { defineFilter } from '../../core/index.ts';
import type { SafeHtml } from './render/html.ts';

export { html, raw, safeUrl, escapeText, SafeHtml, type Renderable } from './render/html.ts';

export type WebLocale = 'zh-CN' | 'en';

/** The signed-in person, as pages see them. */
export interface WebViewer {
  /** Global ID of the account. */
  id: string;
  handle: string;
  displayName: string;
  role: string;
  locale: string;
}

/** The instance's branding (the `instance` GraphQL query). */
export interface WebInstance {
  name: string;
  description: string;
  logoUrl: string | null;
  colors: { primary: string; accent: string; background: string };
  defaultLocale: string;
  publicUrl: string;
  rules: string[];
  contactEmail: string | null;
  contactUrl: string | null;
  enabledPlugins: string[];
  /** How new people join: anyone (open), after an admin's approval, or with an invite code. */
  registrations: 'open' | 'approval' | 'invite';
}

/** What a page's render function gets: the request, who asks, in which language, and GraphQL as that person. */
export interface WebPageContext {
  /** The public URL asked for (query string included). */
  url: URL;
  /** Values of the `:name` segments of the page's path. */
  params: Record<string, string>;
  locale: WebLocale;
  viewer: WebViewer | null;
  instance: WebInstance;
  /** The web plugin's own strings (plugins/web/i18n/en.ts keys). */
  t(key: string, params?: Record<string, string | number>): string;
  /** A plugin's own string in the page's language: text({ en: 'Shop', 'zh-CN': '商店' }). */
  text(byLocale: Record<WebLocale, string>): string;
  /** Runs a GraphQL operation as the viewer; throws WebGraphQLError on errors. */
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** URL of one of the web plugin's client islands or stylesheets (content-hashed). */
  asset(name: string): string;
}

/** Open Graph / Twitter card details of a page. */
export interface WebMeta {
  description?: string;
  /** Absolute or site-relative image URL. */
  image?: string | null;
  imageAlt?: string;
  /** og:type: website (default), article, profile. */
  type?: 'website' | 'article' | 'profile';
  /** The canonical URL (defaults to the page's own, without the query string). */
  canonical?: string;
  /** Links such as Atom feeds: <link rel="alternate" …>. */
  alternates?: { type: string; href: string; title: string }[];
  /** Keep out of search engines. */
  noindex?: boolean;
}

export type WebPageResult =
  | {
      title: string;
      body: SafeHtml;
      status?: number;
      meta?: WebMeta;
      /** Client islands to load (URLs, usually page.asset('name.js')). */
      scripts?: string[];
    }
  | { redirect: string; status?: 301 | 302 | 303 | 307 | 308 };

/** A page a plugin adds: GET renders it; POST (a form) runs `action`. */
export interface WebPageSpec {
  /** Path with `:name` segments, e.g. "/shop/:slug". Fixed pages of the web plugin win over these. */
  path: `/${string}`;
  /** The plugin that adds it (pages of a switched-off plugin are not served). */
  plugin: string;
  /** null → the 404 page. */
  render(page: WebPageContext): Promise<WebPageResult | null>;
  /** Handles a form POST to the same path (origin checked); usually answers with a redirect. */
  action?(page: WebPageContext, form: URLSearchParams): Promise<WebPageResult>;
}

export interface WebNavEntry {
  /** Stable id, e.g. "shop". */
  id: string;
  href: string;
  /** Already in the page's language (see the filter's context). */
  label: string;
  /** Lower first; the web plugin's entries use 10, 20, 30 … */
  order?: number;
  /** Who sees it (default everyone). */
  audience?: 'everyone' | 'signed-in' | 'signed-out' | 'staff';
  /** A count shown next to the label (e.g. unread notifications); hidden when 0 or absent. */
  badge?: number;
  /** What the badge means, for screen readers (e.g. "3 unread"). */
  badgeLabel?: string;
}

/** The note a section or card line is about. */
export interface WebNoteRef {
  /** Global ID (Note). */
  id: string;
  /** The number in /notes/{n}. */
  localId: number;
  title: string;
  authorHandle: string;
  hashtags: string[];
}

export interface WebNoteSection {
  id: string;
  html: SafeHtml;
  /** Where on the note page: under the body, or just above the comments. */
  position: 'after-body' | 'before-comments';
  order?: number;
}

/** Types a page literal (path template, render, action) for the web.pages filter. */
export const webPage = (spec: WebPageSpec): WebPageSpec => spec;

export const WebPages = defineFilter<WebPageSpec[], undefined>('web.pages', {
  description: 'Pages a plugin adds to the web front end (path, render, optional form action).',
});

export const WebNav = defineFilter<WebNavEntry[], { viewer: WebViewer | null; locale: WebLocale }>('web.nav', {
  description: 'Entries of the web front end navigation (header).',
});

/** A link on the settings page to a plugin's own settings (e.g. muted words). */
export interface WebSettingsLink {
  href: string;
  /** Already in the page's language. */
  label: string;
  /** Lower first (default 100). */
  order?: number;
}

export const WebSettingsLinks = defineFilter<WebSettingsLink[], { page: WebPageContext }>('web.settings-links', {
  description: "Links on the signed-in person's settings page to a plugin's own settings pages.",
});

export const WebNoteSections = defineFilter<WebNoteSection[], { note: WebNoteRef; page: WebPageContext }>('web.note-sections', {
  description: 'Sections under a note on its web page (product and place cards …).',
});

export interface WebCardContext {
  note: WebNoteRef;
  locale: WebLocale;
  viewer: WebViewer | null;
  /** Why the feed shows this note (discoverFeed's reasons, e.g. "trending"), when the card is in a ranked feed. */
  reasons?: string[];
}

/** A comment on the note page. */
export interface WebCommentRef {
  /** Global ID (Comment). */
  id: string;
  authorHandle: string;
  /** The note it is on. */
  note: WebNoteRef;
}

export const WebCommentActions = defineFilter<SafeHtml[], { comment: WebCommentRef; page: WebPageContext }>('web.comment-actions', {
  description: 'Small actions under each comment on the note page (e.g. a Report link).',
});

/** The person a profile page is about. */
export interface WebProfileRef {
  /** Global ID (Account). */
  id: string;
  handle: string;
  /** Their instance for people of another one; null for people of this one. */
  domain: string | null;
}

export const WebProfileActions = defineFilter<SafeHtml[], { account: WebProfileRef; page: WebPageContext }>('web.profile-actions', {
  description: "Actions on a person's profile page, next to Follow (e.g. a Report link).",
});

/** A notification of a kind the web plugin does not know, as the web.notification-text filter sees it. */
export interface WebNotificationRef {
  kind: string;
  /** Global ID and GraphQL type of what it is about, if anything. */
  subjectId: string | null;
  subjectType: string | null;
  /** The kind's own details (the notification's `data`). */
  data: Record<string, unknown>;
  /** Who did it, as shown (display name or handle); null if gone. */
  actorName: string | null;
}

/** How a notification reads on /notifications. */
export interface WebNotificationText {
  /** One line, in the page's language. */
  text: string;
  /** Where it leads (a path of this site), or null. */
  href: string | null;
  /** A quote under it (e.g. a moderator's reason); null shows the subject's excerpt. */
  excerpt?: string | null;
}

export const WebNotificationTexts = defineFilter<WebNotificationText | null, { notification: WebNotificationRef; page: WebPageContext }>('web.notification-text', {
  description: "How a notification of a plugin's own kind reads on /notifications and where it leads (null: a generic line linking to who did it).",
});

export const WebCardSections = defineFilter<SafeHtml[], WebCardContext>('web.card-sections', {
  description: 'Extra lines on a note card in web feeds (a price, a place …); `reasons` says why a ranked feed shows it.',
});
