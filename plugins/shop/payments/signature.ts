// Signed webhooks: the sender puts `t=<unix seconds>,v1=<hex>` in a header,
// where v1 is HMAC-SHA256 over "<t>.<raw body>" with the shared secret.
// Signing the timestamp with the body means an old request cannot be made
// fresh again; the receiver refuses timestamps outside its tolerance, and
// several v1 values are accepted (a sender rotating secrets signs with both).

import { createHmac, timingSafeEqual } from 'node:crypto';
import { badInput } from '../../../core/index.ts';

export const SIGNATURE_HEADER = 'meadow-signature';

export function signatureOf(secret: string, timestamp: number, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/** The header value for `rawBody` signed now (or at `at`). */
export function signatureHeader(secret: string, rawBody: Buffer | string, at: Date = new Date()): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${signatureOf(secret, t, rawBody)}`;
}

function parseHeader(value: string): { timestamp: number; signatures: string[] } | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const v = part.slice(eq + 1).trim();
    if (name === 't' && /^\d{1,12}$/.test(v)) timestamp = Number(v);
    else if (name === 'v1' && /^[0-9a-f]{64}$/i.test(v)) signatures.push(v.toLowerCase());
  }
  return timestamp == null || signatures.length === 0 ? null : { timestamp, signatures };
}

/**
 * Throws BAD_USER_INPUT with `reason` SIGNATURE_MISSING (no usable header),
 * SIGNATURE_MISMATCH (no v1 matches any secret) or TIMESTAMP_OUT_OF_TOLERANCE.
 * The signature is checked before the timestamp, so a forger learns nothing
 * about the tolerance.
 */
export function verifySignature(options: {
  secrets: string[];
  rawBody: Buffer;
  header: string | string[] | undefined;
  toleranceSeconds: number;
  now: Date;
}): void {
  const raw = Array.isArray(options.header) ? options.header[0] : options.header;
  const parsed = raw ? parseHeader(raw) : null;
  if (!parsed) throw badInput(`The ${SIGNATURE_HEADER} header is missing or malformed (expected t=<unix seconds>,v1=<hex>)`, { reason: 'SIGNATURE_MISSING' });
  const matches = options.secrets.some((secret) => {
    const expected = Buffer.from(signatureOf(secret, parsed.timestamp, options.rawBody), 'hex');
    return parsed.signatures.some((s) => timingSafeEqual(expected, Buffer.from(s, 'hex')));
  });
  if (!matches) throw badInput('The webhook signature does not match its body', { reason: 'SIGNATURE_MISMATCH' });
  const drift = Math.abs(options.now.getTime() / 1000 - parsed.timestamp);
  if (drift > options.toleranceSeconds) {
    throw badInput(`The webhook was signed ${Math.round(drift)} s away from now; at most ${options.toleranceSeconds} s are accepted`, {
      reason: 'TIMESTAMP_OUT_OF_TOLERANCE',
    });
  }
}
