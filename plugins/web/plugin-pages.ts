// Pages other plugins add through web.pages, found by path. Used by the
// catch-all route and by the federation fallback: a plugin may give its
// page the same URL federation serves its object at (the shop's
// /products/{id}), and a browser asking there gets the page.

import type { PluginContext } from '../../core/index.ts';
import { WebPages, type WebPageSpec } from './contracts.ts';

/** "/shop/:slug" → a matcher returning { slug } or null. */
export function matcher(path: string): (pathname: string) => Record<string, string> | null {
  const names: string[] = [];
  const pattern = path
    .split('/')
    .map((seg) => (seg.startsWith(':') ? (names.push(seg.slice(1)), '([^/]+)') : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  const re = new RegExp(`^${pattern}/?$`);
  return (pathname) => {
    const m = re.exec(pathname);
    if (!m) return null;
    try {
      return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
    } catch {
      return null;
    }
  };
}

export interface FoundPage {
  spec: WebPageSpec;
  params: Record<string, string>;
}

type Compiled = { from: WebPageSpec[]; list: { spec: WebPageSpec; match: ReturnType<typeof matcher> }[] };
const compiledOf = new WeakMap<object, Compiled>();

/** The first page of an enabled plugin whose path matches, with its `:name` values; null when none. */
export async function findPluginPage(ctx: PluginContext, pathname: string): Promise<FoundPage | null> {
  const specs = await ctx.hooks.applyFilter(WebPages, []);
  let compiled = compiledOf.get(ctx);
  if (!compiled || compiled.from !== specs) {
    compiled = { from: specs, list: specs.map((spec) => ({ spec, match: matcher(spec.path) })) };
    compiledOf.set(ctx, compiled);
  }
  for (const { spec, match } of compiled.list) {
    if (!ctx.isEnabled(spec.plugin)) continue;
    const params = match(pathname);
    if (params) return { spec, params };
  }
  return null;
}
