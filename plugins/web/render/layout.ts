// The page shell: <head> with Open Graph/Twitter meta, the brand's colours
// as CSS custom properties, the manifest and stylesheet; a skip link,
// header with the brand and navigation, <main>, and a footer with the
// language switcher. Every page of the site goes through renderDocument.

import type { WebMeta, WebNavEntry, WebPageContext } from '../contracts.ts';
import { LOCALES, MESSAGES } from '../i18n/index.ts';
import { html, safeUrl, type SafeHtml } from './html.ts';

const HEX = /^#[0-9a-fA-F]{6}$/;

/** Relative luminance (WCAG 2) of #rrggbb. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** Black or white, whichever reads better on `hex` (WCAG contrast). */
export function readableOn(hex: string): string {
  const l = luminance(hex);
  return (1.05 / (l + 0.05) >= (l + 0.05) / 0.05) ? '#ffffff' : '#111111';
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** The brand colour moved toward the text colour until it reads on the background (WCAG AA, 4.5:1). */
export function brandText(brand: string, background: string): string {
  const target = readableOn(background);
  const mix = (t: number) =>
    '#' + [1, 3, 5].map((i) => Math.round(parseInt(brand.slice(i, i + 2), 16) * (1 - t) + parseInt(target.slice(i, i + 2), 16) * t).toString(16).padStart(2, '0')).join('');
  for (let t = 0; t <= 1; t += 0.05) {
    const colour = mix(t);
    if (contrast(colour, background) >= 4.5) return colour;
  }
  return target;
}

/** The brand as CSS custom properties (colours are checked again here: they end up in a <style>). */
export function themeCss(colors: { primary: string; accent: string; background: string }): string {
  const pick = (value: string, fallback: string) => (HEX.test(value) ? value.toLowerCase() : fallback);
  const primary = pick(colors.primary, '#ff2442');
  const accent = pick(colors.accent, '#333333');
  const background = pick(colors.background, '#ffffff');
  return `:root{--brand:${primary};--on-brand:${readableOn(primary)};--accent:${accent};--brand-text:${brandText(primary, background)};--bg:${background};--text:${readableOn(background)}}`;
}

export function absoluteUrl(page: WebPageContext, url: string): string {
  try {
    return new URL(url, page.instance.publicUrl).href;
  } catch {
    return page.instance.publicUrl;
  }
}

function visible(entry: WebNavEntry, page: WebPageContext): boolean {
  switch (entry.audience ?? 'everyone') {
    case 'signed-in':
      return !!page.viewer;
    case 'signed-out':
      return !page.viewer;
    case 'staff':
      return page.viewer?.role === 'admin' || page.viewer?.role === 'moderator';
    default:
      return true;
  }
}

/** A count next to a nav label: the number for the eye, its meaning for screen readers. */
function navBadge(entry: WebNavEntry): SafeHtml | '' {
  const count = entry.badge ?? 0;
  if (!Number.isFinite(count) || count <= 0) return '';
  const shown = count > 99 ? '99+' : String(Math.floor(count));
  return html` <span class="nav-badge" aria-hidden="true" data-badge>${shown}</span>${entry.badgeLabel ? html`<span class="visually-hidden" data-badge-label>(${entry.badgeLabel})</span>` : ''}`;
}

export interface DocumentInput {
  title: string;
  body: SafeHtml;
  meta?: WebMeta;
  scripts?: string[];
  nav: WebNavEntry[];
}

export function renderDocument(page: WebPageContext, input: DocumentInput): string {
  const { instance, t } = page;
  const meta = input.meta ?? {};
  const fullTitle = input.title === instance.name ? instance.name : `${input.title} · ${instance.name}`;
  const description = (meta.description ?? instance.description).slice(0, 300);
  const canonical = meta.canonical ?? absoluteUrl(page, page.url.pathname);
  const nav = input.nav.filter((e) => visible(e, page)).sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
  const here = page.url.pathname;
  // Only http(s) or same-site URLs reach the page (branding checks logoUrl since; this guards older values).
  const logo = instance.logoUrl && safeUrl(instance.logoUrl) !== '#' ? safeUrl(instance.logoUrl) : null;
  const cardImage = meta.image && safeUrl(meta.image) !== '#' ? safeUrl(meta.image) : logo;
  const image = cardImage ? absoluteUrl(page, cardImage) : null;
  const back = page.url.pathname + page.url.search;

  const doc = html`<!doctype html>
<html lang="${page.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${fullTitle}</title>
<meta name="description" content="${description}">
<link rel="canonical" href="${canonical}">
<meta property="og:site_name" content="${instance.name}">
<meta property="og:title" content="${input.title}">
<meta property="og:description" content="${description}">
<meta property="og:type" content="${meta.type ?? 'website'}">
<meta property="og:url" content="${canonical}">
<meta property="og:locale" content="${page.locale.replace('-', '_')}">
${image ? html`<meta property="og:image" content="${image}">${meta.imageAlt ? html`<meta property="og:image:alt" content="${meta.imageAlt}">` : ''}` : ''}
<meta name="twitter:card" content="${meta.image ? 'summary_large_image' : 'summary'}">
<meta name="twitter:title" content="${input.title}">
<meta name="twitter:description" content="${description}">
${image ? html`<meta name="twitter:image" content="${image}">` : ''}
${meta.noindex ? html`<meta name="robots" content="noindex">` : ''}
<meta name="theme-color" content="${HEX.test(instance.colors.primary) ? instance.colors.primary : '#ff2442'}">
<link rel="manifest" href="/manifest.webmanifest">
${logo ? html`<link rel="icon" href="${logo}">` : ''}
${(meta.alternates ?? []).map((a) => html`<link rel="alternate" type="${a.type}" href="${a.href}" title="${a.title}">`)}
<style>${themeCss(instance.colors)}</style>
<link rel="stylesheet" href="${page.asset('site.css')}">
${(input.scripts ?? []).map((src) => html`<script type="module" src="${safeUrl(src)}"></script>`)}
</head>
<body>
<a class="skip-link" href="#main">${t('layout.skip')}</a>
<header class="site-header">
  <a class="brand" href="/" aria-label="${t('layout.home', { name: instance.name })}">${logo ? html`<img src="${logo}" alt="" width="32" height="32">` : ''}<span>${instance.name}</span></a>
  <nav aria-label="${t('layout.mainNav')}">
    <ul>${nav.map((e) => html`<li><a href="${safeUrl(e.href)}"${e.href === here ? html` aria-current="page"` : ''}>${e.label}${navBadge(e)}</a></li>`)}</ul>
  </nav>
</header>
<main id="main" tabindex="-1">
${input.body}
</main>
<footer class="site-footer">
  <form method="post" action="/actions/locale" class="locale-form">
    <input type="hidden" name="next" value="${back}">
    <label for="locale-select">${t('lang.switch')}</label>
    <select id="locale-select" name="locale">${LOCALES.map((l) => html`<option value="${l}"${l === page.locale ? html` selected` : ''}>${MESSAGES[l]['lang.name']}</option>`)}</select>
    <button type="submit">${t('lang.apply')}</button>
  </form>
  ${instance.rules.length ? html`<details><summary>${t('layout.rules')}</summary><ol>${instance.rules.map((r) => html`<li>${r}</li>`)}</ol></details>` : ''}
  ${instance.contactUrl || instance.contactEmail ? html`<p><a href="${safeUrl(instance.contactUrl ?? `mailto:${instance.contactEmail}`)}">${t('layout.contact')}</a></p>` : ''}
  <p class="powered">${t('layout.poweredBy')}</p>
</footer>
</body>
</html>`;
  return doc.value;
}
