// `meadow federation doctor PUBLIC_URL`: looks at an instance from the
// outside, as another fediverse server would, and says what is wrong.
// Checks, in order (later ones need what earlier ones found):
//   NodeInfo discovery (/.well-known/nodeinfo) and the 2.1 document;
//   WebFinger for an account (--account) or the instance actor;
//   the actor document: content type, id = the URL it was fetched from,
//   type, inbox and sharedInbox, publicKey (PEM parses, owner = actor) and
//   assertionMethod (Multikey, multibase parses, controller = actor);
//   the inbox refuses an unsigned POST.
// Plain fetches: the operator names the URL, so private addresses are fine.

import { createPublicKey } from 'node:crypto';
import { importMultibaseKey } from '@fedify/fedify';

export interface DoctorCheck {
  name: string;
  /** ok: passed; warn: works but worth fixing; fail: other servers will have trouble. */
  status: 'ok' | 'warn' | 'fail';
  detail: string;
}

export interface DoctorOptions {
  /** "alice", "alice@host" or "@alice@host"; default: the instance actor. */
  account?: string;
  timeoutMs?: number;
}

const AS_TYPES = ['application/activity+json', 'application/ld+json'];
const ACTOR_TYPES = ['Person', 'Service', 'Application', 'Group', 'Organization'];
const NODEINFO_21 = 'http://nodeinfo.diaspora.software/ns/schema/2.1';
const NODEINFO_20 = 'http://nodeinfo.diaspora.software/ns/schema/2.0';
const AS_ACCEPT = 'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"';

class Doctor {
  readonly checks: DoctorCheck[] = [];
  private readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    this.timeoutMs = timeoutMs;
  }

  ok(name: string, detail: string) {
    this.checks.push({ name, status: 'ok', detail });
  }
  warn(name: string, detail: string) {
    this.checks.push({ name, status: 'warn', detail });
  }
  fail(name: string, detail: string) {
    this.checks.push({ name, status: 'fail', detail });
  }

  /** GET/POST with a deadline; never throws (a network error is a result too). */
  async request(url: string, init: RequestInit = {}): Promise<{ response: Response | null; error: string | null; json: any; type: string }> {
    try {
      const response = await fetch(url, { ...init, redirect: 'follow', signal: AbortSignal.timeout(this.timeoutMs) });
      const type = (response.headers.get('content-type') ?? '').toLowerCase();
      const text = await response.text();
      let json: any = undefined;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { response, error: null, json, type };
    } catch (err) {
      const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
      const why = e.name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : `${e.message ?? String(err)}${e.cause ? ` (${e.cause.code ?? e.cause.message})` : ''}`;
      return { response: null, error: why, json: undefined, type: '' };
    }
  }
}

const mediaType = (contentType: string) => contentType.split(';')[0].trim();
const isAsType = (contentType: string) =>
  mediaType(contentType) === 'application/activity+json' ||
  (mediaType(contentType) === 'application/ld+json' && contentType.includes('https://www.w3.org/ns/activitystreams'));
const isUrl = (v: unknown): v is string => {
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
};
const idOf = (v: unknown): unknown => (v && typeof v === 'object' ? (v as { id?: unknown }).id : v);

export async function runDoctor(publicUrl: string, options: DoctorOptions = {}): Promise<DoctorCheck[]> {
  const doctor = new Doctor(options.timeoutMs ?? 10_000);
  let base: URL;
  try {
    base = new URL(publicUrl);
    if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new Error('not http(s)');
  } catch {
    doctor.fail('Public URL', `"${publicUrl}" is not an https URL`);
    return doctor.checks;
  }
  if (base.protocol === 'http:') doctor.warn('Public URL', 'plain http: other servers look up acct: handles over https only');
  else doctor.ok('Public URL', base.origin);

  await checkNodeInfo(doctor, base);
  const actorUrl = await checkWebFinger(doctor, base, options.account);
  if (actorUrl) await checkActor(doctor, actorUrl);
  return doctor.checks;
}

async function checkNodeInfo(doctor: Doctor, base: URL): Promise<void> {
  const name = 'NodeInfo discovery';
  const wellKnown = new URL('/.well-known/nodeinfo', base).href;
  const found = await doctor.request(wellKnown, { headers: { accept: 'application/json' } });
  if (!found.response) return doctor.fail(name, `${wellKnown}: ${found.error}`);
  if (!found.response.ok) return doctor.fail(name, `${wellKnown} answered HTTP ${found.response.status}`);
  if (!found.json || !Array.isArray(found.json.links)) return doctor.fail(name, `${wellKnown} is not a JSON document with "links"`);
  const links = found.json.links.filter((l: any) => isUrl(l?.href));
  const link = links.find((l: any) => l.rel === NODEINFO_21) ?? links.find((l: any) => l.rel === NODEINFO_20);
  if (!link) return doctor.fail(name, `${wellKnown} links no NodeInfo 2.1 (or 2.0) document`);
  if (link.rel === NODEINFO_20) doctor.warn(name, `links NodeInfo 2.0 only (2.1 adds software.repository/homepage): ${link.href}`);
  else doctor.ok(name, `links NodeInfo 2.1 at ${link.href}`);

  const docName = 'NodeInfo document';
  const doc = await doctor.request(link.href, { headers: { accept: 'application/json' } });
  if (!doc.response) return doctor.fail(docName, `${link.href}: ${doc.error}`);
  if (!doc.response.ok) return doctor.fail(docName, `${link.href} answered HTTP ${doc.response.status}`);
  const info = doc.json;
  if (!info || typeof info !== 'object') return doctor.fail(docName, `${link.href} is not JSON (content type ${doc.type || 'none'})`);
  const problems: string[] = [];
  const expected = link.rel === NODEINFO_21 ? '2.1' : '2.0';
  if (info.version !== expected) problems.push(`version is ${JSON.stringify(info.version)}, expected "${expected}"`);
  if (typeof info.software?.name !== 'string' || !/^[a-z0-9-]+$/.test(info.software.name)) problems.push('software.name is missing or not lower-case letters, digits and dashes');
  if (typeof info.software?.version !== 'string') problems.push('software.version is missing');
  if (!Array.isArray(info.protocols) || !info.protocols.includes('activitypub')) problems.push('protocols does not list "activitypub"');
  if (typeof info.openRegistrations !== 'boolean') problems.push('openRegistrations is not true/false');
  if (!info.usage || typeof info.usage.users !== 'object') problems.push('usage.users is missing');
  if (!info.services || !Array.isArray(info.services.inbound) || !Array.isArray(info.services.outbound)) problems.push('services.inbound/outbound are missing');
  if (!info.metadata || typeof info.metadata !== 'object') problems.push('metadata is missing');
  if (problems.length) doctor.fail(docName, problems.join('; '));
  else doctor.ok(docName, `${info.software.name} ${info.software.version}, ${info.usage.users.total ?? '?'} users, registrations ${info.openRegistrations ? 'open' : 'closed'}`);
}

/** The actor URL WebFinger gives for the account (or the instance actor), or null. */
async function checkWebFinger(doctor: Doctor, base: URL, account: string | undefined): Promise<string | null> {
  const name = 'WebFinger';
  const host = base.host;
  let candidates: string[];
  if (account) {
    const m = /^@?([^@\s]+)(?:@([^@\s]+))?$/.exec(account.trim());
    if (!m) {
      doctor.fail(name, `"${account}" is not an account; give alice or alice@${host}`);
      return null;
    }
    candidates = [`${m[1]}@${m[2] ?? host}`];
  } else {
    // Meadow names its instance actor "instance"; Mastodon names it after the domain.
    candidates = [`instance@${host}`, `${base.hostname}@${host}`];
  }
  const tried: string[] = [];
  for (const handle of candidates) {
    const url = new URL('/.well-known/webfinger', base);
    url.searchParams.set('resource', `acct:${handle}`);
    const res = await doctor.request(url.href, { headers: { accept: 'application/jrd+json, application/json' } });
    if (!res.response) {
      doctor.fail(name, `${url.href}: ${res.error}`);
      return null;
    }
    if (!res.response.ok) {
      tried.push(`acct:${handle} → HTTP ${res.response.status}`);
      continue;
    }
    if (!res.json || !Array.isArray(res.json.links)) {
      doctor.fail(name, `acct:${handle}: the answer is not a JRD document with "links" (content type ${res.type || 'none'})`);
      return null;
    }
    const self = res.json.links.find((l: any) => l?.rel === 'self' && AS_TYPES.includes(mediaType(String(l.type ?? ''))) && isUrl(l.href));
    if (!self) {
      doctor.fail(name, `acct:${handle} has no "self" link of type application/activity+json`);
      return null;
    }
    const notes: string[] = [];
    if (!['application/jrd+json', 'application/json'].includes(mediaType(res.type))) notes.push(`content type is ${res.type || 'missing'}, expected application/jrd+json`);
    if (typeof res.json.subject !== 'string' || res.json.subject.toLowerCase() !== `acct:${handle}`.toLowerCase()) notes.push(`subject is ${JSON.stringify(res.json.subject)}`);
    if (notes.length) doctor.warn(name, `acct:${handle} → ${self.href}; ${notes.join('; ')}`);
    else doctor.ok(name, `acct:${handle} → ${self.href}`);
    return self.href;
  }
  doctor.fail(name, account ? tried.join('; ') : `no instance actor found (${tried.join('; ')}); give --account`);
  return null;
}

async function checkActor(doctor: Doctor, actorUrl: string): Promise<void> {
  const name = 'Actor document';
  const res = await doctor.request(actorUrl, { headers: { accept: AS_ACCEPT } });
  if (!res.response) return doctor.fail(name, `${actorUrl}: ${res.error}`);
  if (res.response.status === 401 || res.response.status === 403) return doctor.fail(name, `${actorUrl} answered HTTP ${res.response.status} to an unsigned GET (authorized fetch?): other servers cannot read its key`);
  if (!res.response.ok) return doctor.fail(name, `${actorUrl} answered HTTP ${res.response.status}`);
  const actor = res.json;
  const problems: string[] = [];
  if (!isAsType(res.type)) problems.push(`content type is ${res.type || 'missing'}, expected application/activity+json`);
  if (!actor || typeof actor !== 'object') {
    doctor.fail(name, [...problems, 'the body is not JSON'].join('; '));
    return;
  }
  const fetchedFrom = res.response.url || actorUrl;
  if (actor.id !== fetchedFrom) problems.push(`id ${JSON.stringify(actor.id)} is not the URL it was fetched from (${fetchedFrom})`);
  const types = Array.isArray(actor.type) ? actor.type : [actor.type];
  if (!types.some((t: unknown) => ACTOR_TYPES.includes(String(t)))) problems.push(`type ${JSON.stringify(actor.type)} is not an actor type`);
  if (problems.length) doctor.fail(name, problems.join('; '));
  else doctor.ok(name, `${types.join(',')} ${actor.id}${actor.preferredUsername ? ` (${actor.preferredUsername})` : ''}`);
  const id = typeof actor.id === 'string' ? actor.id : fetchedFrom;

  // Inboxes.
  const inboxName = 'Inbox';
  const inbox = idOf(actor.inbox);
  const shared = idOf(actor.endpoints?.sharedInbox);
  if (!isUrl(inbox)) doctor.fail(inboxName, 'inbox is missing or not a URL');
  else if (!isUrl(shared)) doctor.warn(inboxName, `inbox ${inbox}; no endpoints.sharedInbox (every follower gets a request of its own)`);
  else doctor.ok(inboxName, `inbox ${inbox}, sharedInbox ${shared}`);

  // publicKey (HTTP signatures).
  const keyName = 'publicKey';
  const key = Array.isArray(actor.publicKey) ? actor.publicKey[0] : actor.publicKey;
  if (!key || typeof key !== 'object') doctor.fail(keyName, 'no publicKey: other servers cannot verify its HTTP signatures');
  else {
    const keyProblems: string[] = [];
    if (!isUrl(key.id)) keyProblems.push('publicKey.id is not a URL');
    if (idOf(key.owner) !== id) keyProblems.push(`publicKey.owner ${JSON.stringify(idOf(key.owner))} is not the actor`);
    let detail = '';
    try {
      const parsed = createPublicKey(String(key.publicKeyPem ?? ''));
      const bits = parsed.asymmetricKeyDetails?.modulusLength;
      detail = `${parsed.asymmetricKeyType?.toUpperCase()}${bits ? `-${bits}` : ''}`;
      if (parsed.asymmetricKeyType === 'rsa' && bits && bits < 2048) keyProblems.push(`RSA key of ${bits} bits (2048 or more expected)`);
    } catch (err) {
      keyProblems.push(`publicKeyPem does not parse (${(err as Error).message})`);
    }
    if (keyProblems.length) doctor.fail(keyName, keyProblems.join('; '));
    else doctor.ok(keyName, `${detail} key ${key.id}`);
  }

  // assertionMethod (Object Integrity Proofs, FEP-8b32).
  const methodName = 'assertionMethod';
  const methods = actor.assertionMethod == null ? [] : Array.isArray(actor.assertionMethod) ? actor.assertionMethod : [actor.assertionMethod];
  if (methods.length === 0) doctor.fail(methodName, 'no assertionMethod (Multikey): its signed objects cannot be verified (FEP-8b32)');
  else {
    const methodProblems: string[] = [];
    const kinds: string[] = [];
    for (const m of methods) {
      if (!m || typeof m !== 'object') {
        methodProblems.push('an entry is only a link; embed the Multikey');
        continue;
      }
      if (m.type !== 'Multikey') methodProblems.push(`type ${JSON.stringify(m.type)} is not Multikey`);
      if (idOf(m.controller) !== id) methodProblems.push(`controller ${JSON.stringify(idOf(m.controller))} is not the actor`);
      try {
        const imported = await importMultibaseKey(String(m.publicKeyMultibase ?? ''));
        kinds.push(imported.algorithm.name);
      } catch (err) {
        methodProblems.push(`publicKeyMultibase does not parse (${(err as Error).message})`);
      }
    }
    if (methodProblems.length) doctor.fail(methodName, methodProblems.join('; '));
    else doctor.ok(methodName, `${kinds.join(', ')} Multikey`);
  }

  // An inbox must not take what nobody signed.
  const target = isUrl(shared) ? shared : isUrl(inbox) ? inbox : null;
  if (target) {
    const postName = 'Unsigned POST';
    const res2 = await doctor.request(target, {
      method: 'POST',
      headers: { 'content-type': 'application/activity+json' },
      body: JSON.stringify({ '@context': 'https://www.w3.org/ns/activitystreams', type: 'Create', id: `${id}#doctor-probe`, actor: id }),
    });
    if (!res2.response) doctor.fail(postName, `${target}: ${res2.error}`);
    else if ([400, 401, 403].includes(res2.response.status)) doctor.ok(postName, `${target} refuses it (HTTP ${res2.response.status})`);
    else if (res2.response.ok) doctor.fail(postName, `${target} accepted an unsigned activity (HTTP ${res2.response.status}): signatures are not checked`);
    else doctor.fail(postName, `${target} answered HTTP ${res2.response.status}`);
  }
}

/** The lines the command prints. */
export function formatChecks(url: string, checks: DoctorCheck[]): string {
  const width = Math.max(...checks.map((c) => c.name.length));
  const label = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' } as const;
  const lines = checks.map((c) => `  ${label[c.status]}  ${c.name.padEnd(width)}  ${c.detail}`);
  const failed = checks.filter((c) => c.status === 'fail').length;
  const warned = checks.filter((c) => c.status === 'warn').length;
  const summary = failed
    ? `${failed} check${failed === 1 ? '' : 's'} failed${warned ? `, ${warned} warning${warned === 1 ? '' : 's'}` : ''}.`
    : `All ${checks.length} checks passed${warned ? ` (${warned} warning${warned === 1 ? '' : 's'})` : ''}.`;
  return [`Federation checks for ${url}`, ...lines, summary].join('\n');
}
