// Checks on inbound POSTs that Fedify 2.3 does not make, run before the
// request reaches it (Fedify then verifies the signature itself):
//
// - The signature must cover what makes it mean anything: for draft-cavage,
//   (request-target), host, date and digest; for RFC 9421, @method, the
//   target, and content-digest. Fedify accepts a POST whose signature leaves
//   the digest out, so its body could be swapped freely.
// - The key's owner must list the key in its own actor document, fetched
//   from the owner's URL [Fedify CVE-2025-54888]. Fedify trusts the `owner`
//   a key document (or an actor document at another URL) claims, so anyone
//   could publish a key "owned" by someone else and speak for them.
//
// Verdicts per keyId are kept for a while (good ones ten minutes, bad ones
// one), so a busy inbox fetches an owner once, not per activity.

import { CryptographicKey, isActor } from '@fedify/vocab';
import { fetchKey, type DocumentLoader } from '@fedify/fedify';

export interface InboxGuardOptions {
  documentLoader: () => DocumentLoader;
  contextLoader: () => DocumentLoader;
}

type Verdict = { ok: true } | { ok: false; reason: string };

const GOOD_FOR_MS = 10 * 60_000;
const BAD_FOR_MS = 60_000;
const MAX_CACHED = 10_000;

/** `a="x", b=1` → { a: 'x', b: '1' } (draft-cavage Signature header). */
function params(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of header.matchAll(/([A-Za-z]+)=(?:"([^"]*)"|([^,\s]+))/g)) out[m[1]] = m[2] ?? m[3];
  return out;
}

/** The keyIds an inbound request is signed with, or a reason it cannot count as signed. */
export function signedKeyIds(request: Request): { keyIds: string[] } | { refused: string } | null {
  const input = request.headers.get('signature-input');
  const draft = request.headers.get('signature');
  if (input) {
    // RFC 9421: label=("@method" "@target-uri" …);created=…;keyid="…"
    const keyIds: string[] = [];
    for (const m of input.matchAll(/[A-Za-z0-9_-]+=\(([^)]*)\)([^,]*)/g)) {
      const components = [...m[1].matchAll(/"([^"]+)"/g)].map((c) => c[1].toLowerCase());
      const has = (c: string) => components.includes(c);
      if (!has('content-digest')) return { refused: 'The signature does not cover Content-Digest' };
      if (!has('@method') || !(has('@target-uri') || has('@path'))) return { refused: 'The signature does not cover the method and target' };
      const keyId = /keyid="([^"]+)"/i.exec(m[2])?.[1];
      if (!keyId) return { refused: 'The signature names no keyid' };
      keyIds.push(keyId);
    }
    return keyIds.length ? { keyIds } : { refused: 'Signature-Input is malformed' };
  }
  if (draft) {
    const p = params(draft);
    const headers = (p.headers ?? 'date').toLowerCase().split(/\s+/);
    for (const needed of ['(request-target)', 'host', 'digest']) {
      if (!headers.includes(needed)) return { refused: `The signature does not cover ${needed}` };
    }
    if (!headers.includes('date') && !headers.includes('(created)')) return { refused: 'The signature does not cover date' };
    if (!p.keyId) return { refused: 'The signature names no keyId' };
    return { keyIds: [p.keyId] };
  }
  return null;
}

export class InboxGuard {
  private readonly options: InboxGuardOptions;
  private readonly verdicts = new Map<string, { verdict: Verdict; until: number }>();

  constructor(options: InboxGuardOptions) {
    this.options = options;
  }

  /** Null when the request may go on to Fedify; otherwise why it is refused (answer 401). */
  async refusal(request: Request): Promise<string | null> {
    if (request.method !== 'POST') return null;
    const signed = signedKeyIds(request);
    // No HTTP signature: Fedify refuses it unless an LD signature or proof verifies.
    if (!signed) return null;
    if ('refused' in signed) return signed.refused;
    for (const keyId of signed.keyIds) {
      const verdict = await this.ownerListsKey(keyId);
      if (!verdict.ok) return verdict.reason;
    }
    return null;
  }

  private async ownerListsKey(keyId: string): Promise<Verdict> {
    const now = Date.now();
    const known = this.verdicts.get(keyId);
    if (known && known.until > now) return known.verdict;
    let verdict: Verdict;
    try {
      verdict = await this.check(keyId);
    } catch (err) {
      verdict = { ok: false, reason: `The signing key ${keyId} could not be checked: ${(err as Error).message}` };
    }
    if (this.verdicts.size >= MAX_CACHED) this.verdicts.delete(this.verdicts.keys().next().value!);
    this.verdicts.set(keyId, { verdict, until: now + (verdict.ok ? GOOD_FOR_MS : BAD_FOR_MS) });
    return verdict;
  }

  private async check(keyId: string): Promise<Verdict> {
    const documentLoader = this.options.documentLoader();
    const contextLoader = this.options.contextLoader();
    const { key } = await fetchKey(new URL(keyId), CryptographicKey, { documentLoader, contextLoader });
    // Fedify will refuse a key it cannot fetch; nothing for us to add.
    if (!key) return { ok: true };
    const ownerId = key.ownerId;
    // No owner named: Fedify fetches the activity's actor and looks for the key there.
    if (!ownerId) return { ok: true };
    const owner = await key.getOwner({ documentLoader, contextLoader, suppressError: true });
    if (!owner || !isActor(owner) || owner.id?.href !== ownerId.href) {
      return { ok: false, reason: `The owner ${ownerId.href} of key ${keyId} could not be fetched from its own URL` };
    }
    const listed = [...owner.publicKeyIds, ...owner.assertionMethodIds].map((u) => u.href);
    const ids = new Set([keyId, key.id?.href].filter(Boolean));
    if (!listed.some((id) => ids.has(id))) {
      return { ok: false, reason: `Key ${keyId} is not listed in the actor document of its owner ${ownerId.href}` };
    }
    return { ok: true };
  }
}
