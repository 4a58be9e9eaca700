// Shops: one per brand (or official) account, plus shops of the instance
// itself, which admins run. Who may manage a shop is decided here only.

import type { Kysely } from 'kysely';
import {
  conflict, forbidden, notFound, timestampValue, type MeadowContext, type PluginContext, type Viewer,
} from '../../../core/index.ts';
import type { ShopRecord } from '../contracts.ts';
import { SHOP_COLUMNS, isUniqueViolation, shopOf } from './rows.ts';
import { LIMITS, shopHandle, text } from './validation.ts';

export interface ShopInput {
  handle: string;
  name: string;
  description?: string | null;
  /** A shop of the instance (admins only) instead of the viewer's own. */
  forInstance?: boolean | null;
}

export interface ShopPatch {
  name?: string | null;
  description?: string | null;
}

/** Roles that may open a shop of their own. */
const MERCHANT_ROLES = new Set(['brand', 'official']);

/** The owner runs a brand shop; admins run the instance's shops. */
export function mayManage(shop: ShopRecord, viewer: Viewer | null): boolean {
  if (!viewer) return false;
  return shop.ownerId === null ? viewer.role === 'admin' : shop.ownerId === viewer.accountId;
}

export class Shops {
  private readonly ctx: PluginContext<any>;
  constructor(ctx: PluginContext<any>) {
    this.ctx = ctx;
  }

  private get db(): Kysely<any> {
    return this.ctx.db.kysely();
  }

  private now() {
    return timestampValue(this.ctx.db.dialect, new Date());
  }

  async getByIds(ids: readonly number[]): Promise<(ShopRecord | null)[]> {
    if (!ids.length) return [];
    const rows = await this.db.selectFrom('shop_shops').select(SHOP_COLUMNS).where('id', 'in', [...new Set(ids)]).execute();
    const byId = new Map(rows.map((r) => [Number(r.id), shopOf(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async getById(id: number): Promise<ShopRecord | null> {
    return (await this.getByIds([id]))[0] ?? null;
  }

  loader(gctx: Pick<MeadowContext, 'loaders'>) {
    return gctx.loaders.get<number, ShopRecord | null>('shop.shops', (ids) => this.getByIds(ids));
  }

  async getByHandle(handle: string): Promise<ShopRecord | null> {
    const row = await this.db.selectFrom('shop_shops').select(SHOP_COLUMNS).where('handle', '=', handle.trim().toLowerCase()).executeTakeFirst();
    return row ? shopOf(row) : null;
  }

  /** The shops `viewer` runs: their own, and the instance's for admins. */
  async managedBy(viewer: Viewer): Promise<ShopRecord[]> {
    let q = this.db.selectFrom('shop_shops').select(SHOP_COLUMNS);
    q = viewer.role === 'admin'
      ? q.where((eb) => eb.or([eb('owner_id', '=', viewer.accountId), eb('owner_id', 'is', null)]))
      : q.where('owner_id', '=', viewer.accountId);
    return (await q.orderBy('id').execute()).map(shopOf);
  }

  /** The shop, when `viewer` may manage it: NOT_FOUND when there is none, FORBIDDEN for anyone else. */
  async requireManaged(shopId: number, viewer: Viewer): Promise<ShopRecord> {
    const shop = await this.getById(shopId);
    if (!shop) throw notFound('No such shop');
    if (!mayManage(shop, viewer)) throw forbidden('Only the shop’s owner can change it');
    return shop;
  }

  async create(viewer: Viewer, input: ShopInput): Promise<ShopRecord> {
    const forInstance = input.forInstance === true;
    if (forInstance && viewer.role !== 'admin') throw forbidden('Only admins open shops of the instance');
    if (!forInstance && !MERCHANT_ROLES.has(viewer.role)) throw forbidden('Only brand and official accounts open a shop of their own');
    const handle = shopHandle(input.handle);
    const name = text(input.name, 'name', 'The shop name', LIMITS.shopName);
    const description = text(input.description ?? '', 'description', 'The description', LIMITS.description, false);
    if (!forInstance && (await this.db.selectFrom('shop_shops').select('id').where('owner_id', '=', viewer.accountId).executeTakeFirst())) {
      throw conflict('This account already has a shop');
    }
    if (await this.getByHandle(handle)) throw conflict(`The shop handle "${handle}" is taken`, { field: 'handle' });
    const now = this.now();
    try {
      const row = await this.db.insertInto('shop_shops')
        .values({ handle, name, description, owner_id: forInstance ? null : viewer.accountId, created_at: now, updated_at: now })
        .returning(SHOP_COLUMNS)
        .executeTakeFirstOrThrow();
      return shopOf(row);
    } catch (err) {
      // Two requests raced past the checks above.
      if (isUniqueViolation(err)) throw conflict('The shop handle is taken, or this account already has a shop', { field: 'handle' });
      throw err;
    }
  }

  async update(viewer: Viewer, shopId: number, patch: ShopPatch): Promise<ShopRecord> {
    const shop = await this.requireManaged(shopId, viewer);
    const set: Record<string, unknown> = {};
    if (patch.name != null) set.name = text(patch.name, 'name', 'The shop name', LIMITS.shopName);
    if (patch.description != null) set.description = text(patch.description, 'description', 'The description', LIMITS.description, false);
    if (!Object.keys(set).length) return shop;
    await this.db.updateTable('shop_shops').set({ ...set, updated_at: this.now() }).where('id', '=', shopId).execute();
    return (await this.getById(shopId))!;
  }
}
