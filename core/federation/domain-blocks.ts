// Instance-level blocks (what Mastodon calls domain blocks): an admin
// suspends, silences or refuses the media of a whole instance.
//
// - suspend: nothing is delivered to it, every inbound activity from it is
//   dropped (also when it arrives inside another instance's Announce), its
//   actors are not fetched or looked up, and existing follows with its
//   actors are removed when the block is made;
// - silence: its content is accepted but plugins keep it out of public and
//   discovery feeds (they ask FederationService.domainPolicy());
// - rejectMedia: its remote media is neither fetched nor shown (rejectsMedia()).
//
// A block on "example.com" covers its subdomains and every port; a block on
// "host:port" covers that port only (two test instances share 127.0.0.1).
// The most specific block wins. Blocks are read on every inbound request,
// so they are kept in memory and re-read every few seconds (other nodes
// may change them); this node's own changes apply at once.

import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { badInput, conflict, notFound } from '../errors/errors.ts';

export type DomainSeverity = 'none' | 'silence' | 'suspend';
export const DOMAIN_SEVERITIES: readonly DomainSeverity[] = ['none', 'silence', 'suspend'];

export interface DomainBlockRecord {
  id: number;
  /** Lower-case host, punycode, with ":port" when the block is for one port only. */
  domain: string;
  severity: DomainSeverity;
  rejectMedia: boolean;
  /** Why (for other admins; shown publicly only when `public`). */
  reason: string;
  /** Listed in the public list of blocked instances. */
  public: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface DomainBlockInput {
  domain: string;
  severity?: DomainSeverity;
  rejectMedia?: boolean;
  reason?: string;
  public?: boolean;
}

export type DomainBlockPatch = Omit<Partial<DomainBlockInput>, 'domain'>;

const REFRESH_MS = 5_000;
const MAX_REASON = 2_000;

/**
 * The host a block is about, from "Example.com", "https://example.com/x",
 * "example.com:8443" or an IDN; null when it is not a host name.
 */
export function normalizeDomain(raw: string): string | null {
  const text = String(raw ?? '').trim().toLowerCase().replace(/\.$/, '');
  if (!text || /\s|@|\*/.test(text)) return null;
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//.test(text) ? text : `https://${text}`);
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  // A bare host (not a URL) must be nothing but the host.
  if (!/^[a-z][a-z0-9+.-]*:\/\//.test(text) && (url.pathname !== '/' || url.search || url.hash || text.includes('/'))) return null;
  const hostname = url.hostname;
  const isIp = /^\d+\.\d+\.\d+\.\d+$/.test(hostname) || hostname.startsWith('[');
  if (!isIp && (!hostname.includes('.') || !/^[a-z0-9.-]+$/.test(hostname) || hostname.split('.').some((label) => !label || label.length > 63))) return null;
  return url.host;
}

/** The host of a URL, an actor handle ("user@host") or a host. */
export function hostOf(hostOrUrl: string | URL): string | null {
  if (hostOrUrl instanceof URL) return hostOrUrl.host.toLowerCase();
  const text = String(hostOrUrl ?? '').trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    try {
      return new URL(text).host.toLowerCase();
    } catch {
      return null;
    }
  }
  const at = text.lastIndexOf('@');
  return normalizeDomain(at >= 0 ? text.slice(at + 1) : text);
}

function splitHost(host: string): { hostname: string; port: string | null } {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host);
  return { hostname: m?.[1] ?? host, port: m?.[2] ?? null };
}

/** Does the block on `domain` cover `host`? Returns its specificity (0 = no). */
export function blockCovers(domain: string, host: string): number {
  const block = splitHost(domain);
  const target = splitHost(host);
  if (block.port != null) return block.hostname === target.hostname && block.port === target.port ? 10_000 : 0;
  if (target.hostname === block.hostname) return block.hostname.length + 1;
  return target.hostname.endsWith(`.${block.hostname}`) ? block.hostname.length : 0;
}

export class DomainBlocks {
  private readonly db: () => Kysely<any>;
  private readonly ownHost: string;
  private blocks: DomainBlockRecord[] = [];
  private loadedAt = 0;
  private loading: Promise<void> | null = null;

  constructor(db: () => Kysely<any>, publicUrl: string) {
    this.db = db;
    this.ownHost = new URL(publicUrl).host.toLowerCase();
  }

  /** Reads the blocks now (at start and after a change). */
  async load(): Promise<void> {
    const rows = await this.db().selectFrom('core_fed_domain_blocks').selectAll().orderBy('domain').execute();
    this.blocks = rows.map(toRecord);
    this.loadedAt = Date.now();
  }

  /** Current blocks, re-read when older than a few seconds (another node may have changed them). */
  async fresh(): Promise<void> {
    if (Date.now() - this.loadedAt < REFRESH_MS) return;
    this.loading ??= this.load().finally(() => (this.loading = null));
    await this.loading;
  }

  /** The block that applies to a host, URL or handle, or null. Synchronous: uses the blocks in memory. */
  blockFor(hostOrUrl: string | URL): DomainBlockRecord | null {
    if (Date.now() - this.loadedAt >= REFRESH_MS) void this.fresh().catch(() => {});
    const host = hostOf(hostOrUrl);
    if (!host || host === this.ownHost) return null;
    let best: DomainBlockRecord | null = null;
    let bestScore = 0;
    for (const block of this.blocks) {
      const score = blockCovers(block.domain, host);
      if (score > bestScore) {
        best = block;
        bestScore = score;
      }
    }
    return best;
  }

  policy(hostOrUrl: string | URL): DomainSeverity {
    return this.blockFor(hostOrUrl)?.severity ?? 'none';
  }

  isSuspended(hostOrUrl: string | URL | null | undefined): boolean {
    return hostOrUrl != null && this.policy(hostOrUrl) === 'suspend';
  }

  rejectsMedia(hostOrUrl: string | URL): boolean {
    const block = this.blockFor(hostOrUrl);
    return block != null && (block.rejectMedia || block.severity === 'suspend');
  }

  async list(options: { publicOnly?: boolean } = {}): Promise<DomainBlockRecord[]> {
    await this.load();
    return options.publicOnly ? this.blocks.filter((b) => b.public) : [...this.blocks];
  }

  async get(domain: string): Promise<DomainBlockRecord | null> {
    const normalized = normalizeDomain(domain);
    if (!normalized) return null;
    const row = await this.db().selectFrom('core_fed_domain_blocks').selectAll().where('domain', '=', normalized).executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  /** Validates and stores a new block; `onSuspend` runs when it suspends. */
  async add(input: DomainBlockInput): Promise<DomainBlockRecord> {
    const domain = this.checkDomain(input.domain);
    if (await this.get(domain)) throw conflict(`${domain} is already blocked; update the existing block instead`, { field: 'domain' });
    const values = checkFields(input);
    const now = Date.now();
    try {
      await this.db()
        .insertInto('core_fed_domain_blocks')
        .values({
          domain,
          severity: values.severity ?? 'suspend',
          reject_media: (values.rejectMedia ?? false) ? 1 : 0,
          reason: values.reason ?? '',
          is_public: (values.public ?? false) ? 1 : 0,
          created_at: now,
          updated_at: now,
        })
        .execute();
    } catch (err) {
      // Two admins at once: the unique index keeps one.
      if (await this.get(domain)) throw conflict(`${domain} is already blocked; update the existing block instead`, { field: 'domain' });
      throw err;
    }
    await this.load();
    return (await this.get(domain))!;
  }

  async update(domain: string, patch: DomainBlockPatch): Promise<DomainBlockRecord> {
    const existing = await this.get(domain);
    if (!existing) throw notFound(`A block for ${String(domain).trim() || '(empty)'}`);
    const values = checkFields(patch);
    const set: Record<string, unknown> = { updated_at: Date.now() };
    if (values.severity !== undefined) set.severity = values.severity;
    if (values.rejectMedia !== undefined) set.reject_media = values.rejectMedia ? 1 : 0;
    if (values.reason !== undefined) set.reason = values.reason;
    if (values.public !== undefined) set.is_public = values.public ? 1 : 0;
    await this.db().updateTable('core_fed_domain_blocks').set(set).where('id', '=', existing.id).execute();
    await this.load();
    return (await this.get(existing.domain))!;
  }

  async remove(domain: string): Promise<boolean> {
    const normalized = normalizeDomain(domain);
    if (!normalized) throw badInput(`"${domain}" is not a domain name`, { field: 'domain' });
    const res = await this.db().deleteFrom('core_fed_domain_blocks').where('domain', '=', normalized).executeTakeFirst();
    await this.load();
    return Number(res.numDeletedRows) > 0;
  }

  private checkDomain(raw: string): string {
    const domain = normalizeDomain(raw);
    if (!domain) throw badInput(`"${raw}" is not a domain name; write it as example.com (or host:port)`, { field: 'domain' });
    if (blockCovers(domain, this.ownHost) > 0) throw badInput(`${domain} is (or contains) this instance's own domain, which cannot be blocked`, { field: 'domain' });
    return domain;
  }
}

function checkFields<T extends DomainBlockPatch>(input: T): T {
  if (input.severity !== undefined && input.severity !== null && !DOMAIN_SEVERITIES.includes(input.severity)) {
    throw badInput(`Severity must be one of ${DOMAIN_SEVERITIES.join(', ')}`, { field: 'severity' });
  }
  if (input.reason != null && (typeof input.reason !== 'string' || input.reason.length > MAX_REASON)) {
    throw badInput(`The reason is limited to ${MAX_REASON} characters`, { field: 'reason' });
  }
  return { ...input, reason: input.reason == null ? undefined : input.reason.trim(), severity: input.severity ?? undefined };
}

function toRecord(row: any): DomainBlockRecord {
  return {
    id: Number(row.id),
    domain: row.domain,
    severity: row.severity,
    rejectMedia: Boolean(row.reject_media),
    reason: row.reason ?? '',
    public: Boolean(row.is_public),
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}

/** The public blocks in the shape of Mastodon's GET /api/v1/instance/domain_blocks (fediverse observers read it). */
export function mastodonDomainBlockList(blocks: DomainBlockRecord[]): { domain: string; digest: string; severity: string; comment: string }[] {
  return blocks
    .filter((b) => b.public)
    .map((b) => ({
      domain: b.domain,
      digest: createHash('sha256').update(b.domain).digest('hex'),
      severity: b.severity === 'none' ? 'noop' : b.severity,
      comment: b.reason,
    }));
}
