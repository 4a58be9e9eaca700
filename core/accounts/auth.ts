// Password hashing (argon2id) and session/API tokens. Tokens are 32 random
// bytes; only their SHA-256 is stored, so a leaked table signs nobody in.

import { createHash, randomBytes } from 'node:crypto';
import argon2 from 'argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes): slow for attackers, ~20 ms here.
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

// Verified against for unknown handles, so that "no such person" costs the
// same time as "wrong password" and timing does not reveal who has an account.
let dummyHash: Promise<string> | null = null;
export async function burnPasswordTime(password: string): Promise<void> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(await dummyHash, password);
}

export const SESSION_COOKIE = 'meadow_session';

/**
 * Sessions last 30 days and slide: each use more than a day after the last
 * extension pushes the expiry 30 days from now (at most one write a day per
 * session). Personal API tokens do not expire; they live until revoked.
 */
export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
export const SESSION_SLIDE_AFTER_MS = 24 * 3600 * 1000;

export type TokenKind = 'session' | 'token';

const PREFIX: Record<TokenKind, string> = { session: 'mdw_s_', token: 'mdw_t_' };

export function newToken(kind: TokenKind): { token: string; hash: string } {
  const token = PREFIX[kind] + randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A well-formed token (cheap check before touching the database). */
export function looksLikeToken(value: unknown): value is string {
  return typeof value === 'string' && /^mdw_[st]_[A-Za-z0-9_-]{43}$/.test(value);
}
