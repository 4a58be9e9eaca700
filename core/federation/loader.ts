// Every remote fetch federation makes (actors, keys, objects, JSON-LD
// contexts, WebFinger) goes through here, with the bounds Fedify's own loader
// lacks: a whole-fetch timeout, a body size cap, a redirect limit, and only
// ActivityStreams content types accepted as documents [GHSA-jhrq-qvrm-qr36]
// (Fedify parses any content type, even none, as JSON). Fedify's
// private-address guard (validatePublicUrl) runs on the first URL and on
// every redirect target unless the operator allows private addresses
// [CVE-2024-39687].
//
// Fedify takes these as documentLoaderFactory / contextLoaderFactory /
// authenticatedDocumentLoaderFactory (service.ts), cached in the KV store
// for five minutes as Fedify's built-in loader is.

import {
  FetchError,
  kvCache,
  preloadedContexts,
  signRequest,
  validatePublicUrl,
  type DocumentLoader,
  type KvStore,
  type RemoteDocument,
} from '@fedify/fedify';

export interface FetchLimits {
  allowPrivateAddresses: boolean;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
  /** Instance-level suspension (domain blocks): nothing is fetched from a suspended host, on any hop. */
  isSuspended?: (host: string) => boolean | Promise<boolean>;
}

export interface BoundedResponse {
  /** The URL finally answered (after redirects). */
  url: string;
  status: number;
  headers: Headers;
  body: Uint8Array;
}

const AS_ACCEPT = 'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"';

function mediaType(headers: Headers): string | null {
  const raw = headers.get('content-type');
  return raw ? raw.split(';')[0].trim().toLowerCase() : null;
}

/** application/activity+json or application/ld+json (any profile): the only types trusted as documents. */
export function isActivityStreamsType(headers: Headers): boolean {
  const type = mediaType(headers);
  return type === 'application/activity+json' || type === 'application/ld+json';
}

async function readCapped(response: Response, url: string, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new FetchError(url, `Response from ${url} is ${declared} bytes; the limit is ${maxBytes}`);
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new FetchError(url, `Response from ${url} is over the ${maxBytes}-byte limit`);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.byteLength;
  }
  return body;
}

/**
 * GET with the limits: each URL (the first and every redirect) checked
 * against private addresses, redirects counted, the whole exchange under
 * one timeout, the body read up to maxBytes. `sign` signs each request
 * (authorized fetch of servers that require it).
 */
export async function boundedFetch(
  url: string,
  limits: FetchLimits,
  options: { accept: string; signal?: AbortSignal; sign?: (request: Request) => Promise<Request> },
): Promise<BoundedResponse> {
  const timeout = AbortSignal.timeout(limits.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let current = url;
  try {
    for (let redirects = 0; ; redirects++) {
      const parsed = new URL(current);
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new FetchError(current, `Unsupported protocol ${parsed.protocol}`);
      // Fedify's check: loopback, private, link-local, CGNAT, IPv4-mapped … (after DNS).
      if (!limits.allowPrivateAddresses) await validatePublicUrl(current);
      if (limits.isSuspended && (await limits.isSuspended(parsed.host))) throw new FetchError(current, `${parsed.host} is suspended by this instance`);
      let request = new Request(current, { headers: { accept: options.accept, 'user-agent': limits.userAgent }, redirect: 'manual', signal });
      if (options.sign) request = await options.sign(request);
      const response = await fetch(request, { redirect: 'manual', signal });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel().catch(() => {});
        if (redirects >= limits.maxRedirects) throw new FetchError(url, `More than ${limits.maxRedirects} redirects fetching ${url}`);
        current = new URL(location, current).href;
        continue;
      }
      const body = await readCapped(response, current, limits.maxBytes);
      return { url: current, status: response.status, headers: response.headers, body };
    }
  } catch (err) {
    if (signal.aborted && timeout.aborted) throw new FetchError(current, `Fetching ${url} took longer than ${limits.timeoutMs} ms`);
    throw err;
  }
}

function parseJson(url: string, body: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new FetchError(url, `${url} is not valid JSON`);
  }
}

/** An HTML page's alternate ActivityStreams link (Link header or <link>), as Mastodon and Fedify follow. */
function alternateLink(res: BoundedResponse): string | null {
  const header = res.headers.get('link') ?? '';
  const fromHeader = /<([^>]+)>\s*;[^,]*rel="?alternate"?[^,]*type="application\/(?:activity\+json|ld\+json)[^"]*"/i.exec(header);
  if (fromHeader) return new URL(fromHeader[1], res.url).href;
  if (mediaType(res.headers) !== 'text/html') return null;
  const html = new TextDecoder().decode(res.body);
  for (const tag of html.match(/<link\s[^>]*>/gi) ?? []) {
    if (!/rel=["']?alternate/i.test(tag) || !/type=["']application\/(activity\+json|ld\+json)/i.test(tag)) continue;
    const href = /href=["']([^"']+)["']/i.exec(tag);
    if (href) return new URL(href[1], res.url).href;
  }
  return null;
}

/**
 * A JSON-LD document loader with the limits. Objects must come as
 * ActivityStreams; contexts (kind "context") may also be plain JSON.
 */
export function boundedDocumentLoader(
  limits: FetchLimits,
  kind: 'object' | 'context',
  sign?: (request: Request) => Promise<Request>,
): DocumentLoader {
  const load = async (url: string, options?: { signal?: AbortSignal | null }, followedAlternate = false): Promise<RemoteDocument> => {
    if (url in preloadedContexts) return { contextUrl: null, document: preloadedContexts[url], documentUrl: url };
    const res = await boundedFetch(url, limits, { accept: kind === 'context' ? `application/ld+json, application/json, ${AS_ACCEPT}` : AS_ACCEPT, signal: options?.signal ?? undefined, sign });
    if (res.status < 200 || res.status > 299) {
      throw new FetchError(res.url, `HTTP ${res.status}: ${res.url}`, new Response(res.body.slice(), { status: res.status, headers: res.headers }));
    }
    const acceptable = isActivityStreamsType(res.headers) || (kind === 'context' && mediaType(res.headers) === 'application/json');
    if (!acceptable) {
      const alternate = followedAlternate ? null : alternateLink(res);
      if (alternate && alternate !== res.url) return load(alternate, options, true);
      throw new FetchError(res.url, `${res.url} answered ${res.headers.get('content-type') ?? 'no content type'}, not ActivityStreams`);
    }
    return { contextUrl: null, document: parseJson(res.url, res.body), documentUrl: res.url };
  };
  return (url, options) => load(url, options ?? undefined);
}

/** A suspended host's documents are refused before the cache too (cached copies included). */
function suspensionChecked(limits: FetchLimits, loader: DocumentLoader): DocumentLoader {
  if (!limits.isSuspended) return loader;
  return async (url, options) => {
    const host = URL.canParse(url) ? new URL(url).host : '';
    if (host && (await limits.isSuspended!(host))) throw new FetchError(url, `${host} is suspended by this instance`);
    return loader(url, options);
  };
}

/** The three loader factories for createFederation, cached in `kv` like Fedify's own. */
export function meadowLoaderFactories(limits: FetchLimits, kv: KvStore) {
  const cached = (kind: 'object' | 'context') => suspensionChecked(limits, kvCache({ loader: boundedDocumentLoader(limits, kind), kv, prefix: ['_fedify', 'remoteDocument'], kind }));
  const objects = cached('object');
  const contexts = cached('context');
  return {
    documentLoaderFactory: () => objects,
    contextLoaderFactory: () => contexts,
    authenticatedDocumentLoaderFactory: (identity: { keyId: URL; privateKey: CryptoKey }) =>
      boundedDocumentLoader(limits, 'object', (request) => signRequest(request, identity.privateKey, identity.keyId, { spec: 'draft-cavage-http-signatures-12' })),
  };
}

/** A WebFinger answer (RFC 7033), the parts Meadow reads. */
export interface WebFingerDocument {
  subject?: string;
  links?: { rel?: string; type?: string; href?: string; template?: string }[];
}

/**
 * WebFinger with the same limits (Fedify's lookup has no size or time
 * bound, and refuses the test instances' private addresses): the JRD of
 * acct:user@host, or null when the host does not answer with one.
 */
export async function webFingerDocument(handle: string, limits: FetchLimits, signal?: AbortSignal): Promise<WebFingerDocument | null> {
  const at = handle.lastIndexOf('@');
  if (at <= 0 || /[/?#\s]/.test(handle.slice(at + 1))) return null;
  const url = new URL(`https://${handle.slice(at + 1)}/.well-known/webfinger`);
  url.searchParams.set('resource', `acct:${handle}`);
  let res: BoundedResponse;
  try {
    res = await boundedFetch(url.href, limits, { accept: 'application/jrd+json, application/json', signal });
  } catch {
    return null;
  }
  if (res.status !== 200) return null;
  const type = mediaType(res.headers);
  if (type !== 'application/jrd+json' && type !== 'application/json') return null;
  try {
    const jrd = parseJson(res.url, res.body) as WebFingerDocument;
    return jrd && typeof jrd === 'object' ? jrd : null;
  } catch {
    return null;
  }
}

/** The ActivityStreams actor URL of acct:user@host (WebFinger, bounded), or null. */
export async function webFingerActorUrl(handle: string, limits: FetchLimits, signal?: AbortSignal): Promise<string | null> {
  const jrd = await webFingerDocument(handle, limits, signal);
  const self = (Array.isArray(jrd?.links) ? jrd.links : []).find(
    (l) => l.rel === 'self' && typeof l.href === 'string' && (l.type === 'application/activity+json' || /^application\/ld\+json/.test(l.type ?? '')),
  );
  return self?.href ?? null;
}
