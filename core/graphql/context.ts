// The per-request GraphQL context: who is asking, a unit of work, and a
// cache of dataloaders so each list is fetched with one query per level.

import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/core';
import type { FastifyRequest, FastifyReply } from 'fastify';
import { forbidden, unauthenticated } from '../errors/errors.ts';

export const ROLES = ['person', 'creator', 'brand', 'official', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Viewer {
  accountId: number;
  handle: string;
  role: Role;
  /** The session or token this request was authenticated with. */
  sessionId: number | null;
}

export class Loaders {
  private readonly cache = new Map<string, DataLoader<any, any>>();
  /**
   * The request's loader for `key`, made on first use. `batch` receives the
   * collected keys and must return values in the same order (null for none).
   */
  get<K, V>(key: string, batch: (keys: readonly K[]) => Promise<(V | null)[]>): DataLoader<K, V | null> {
    let loader = this.cache.get(key);
    if (!loader) {
      loader = new DataLoader<K, V | null>(batch, { maxBatchSize: 500 });
      this.cache.set(key, loader);
    }
    return loader as DataLoader<K, V | null>;
  }
}

export interface MeadowContext {
  viewer: Viewer | null;
  loaders: Loaders;
  em: EntityManager;
  requestId: string;
  request?: FastifyRequest;
  reply?: FastifyReply;
}

export function requireViewer(ctx: Pick<MeadowContext, 'viewer'>): Viewer {
  if (!ctx.viewer) throw unauthenticated();
  return ctx.viewer;
}

/** Staff roles: admin can do what moderators can. */
export function requireRole(ctx: Pick<MeadowContext, 'viewer'>, ...roles: Role[]): Viewer {
  const viewer = requireViewer(ctx);
  if (viewer.role === 'admin' || roles.includes(viewer.role)) return viewer;
  throw forbidden(`This needs the ${roles.join(' or ')} role`);
}

export const isStaff = (viewer: Viewer | null) => viewer?.role === 'admin' || viewer?.role === 'moderator';
