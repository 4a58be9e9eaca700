// Simple shipping options: a shop lists a few (a name, a price in one
// currency, optionally free over an amount); the buyer picks one at
// checkout. A shop without options ships for free. Archived options stay
// stored (orders keep the name they were placed with) but are not offered.

import { badInput, notFound, timestampValue, type PluginContext } from '../../../core/index.ts';
import { catalogueSettings } from '../catalogue/settings.ts';
import { currency as checkCurrency, price, text } from '../catalogue/validation.ts';
import { shippingOptionOf, type ShippingOptionRecord } from './rows.ts';

export interface ShippingOptionInput {
  name: string;
  price: number;
  currency?: string | null;
  freeOver?: number | null;
}

const COLUMNS = ['id', 'shop_id', 'name', 'price', 'currency', 'free_over', 'archived_at'] as const;
const MAX_OPTIONS = 20;

export class ShippingOptions {
  private readonly ctx: PluginContext;
  constructor(ctx: PluginContext) {
    this.ctx = ctx;
  }

  private get db() {
    return this.ctx.db.kysely();
  }

  /** The options a buyer may pick, in the order the shop added them. */
  async activeOf(shopId: number): Promise<ShippingOptionRecord[]> {
    const rows = await this.db.selectFrom('shop_shipping_options').select(COLUMNS).where('shop_id', '=', shopId).where('archived_at', 'is', null).orderBy('id').execute();
    return rows.map(shippingOptionOf);
  }

  async get(id: number): Promise<ShippingOptionRecord | null> {
    const row = await this.db.selectFrom('shop_shipping_options').select(COLUMNS).where('id', '=', id).executeTakeFirst();
    return row ? shippingOptionOf(row) : null;
  }

  async create(shopId: number, input: ShippingOptionInput): Promise<ShippingOptionRecord> {
    const settings = catalogueSettings(this.ctx as PluginContext<any>);
    const name = text(input.name ?? '', 'name', 'The option name', 100);
    const amount = price(input.price, 'price', settings.maxPriceMinor);
    const code = checkCurrency(input.currency ?? settings.defaultCurrency);
    const freeOver = input.freeOver == null ? null : price(input.freeOver, 'freeOver', 2_000_000_000);
    if ((await this.activeOf(shopId)).length >= MAX_OPTIONS) throw badInput(`A shop offers at most ${MAX_OPTIONS} shipping options; archive one first`, { field: 'shopId' });
    const row = await this.db.insertInto('shop_shipping_options').values({
      shop_id: shopId, name, price: amount, currency: code, free_over: freeOver, archived_at: null,
      created_at: timestampValue(this.ctx.db.dialect, new Date()),
    }).returning('id').executeTakeFirstOrThrow();
    return (await this.get(Number(row.id)))!;
  }

  async archive(option: ShippingOptionRecord): Promise<void> {
    await this.db.updateTable('shop_shipping_options').set({ archived_at: timestampValue(this.ctx.db.dialect, new Date()) })
      .where('id', '=', option.id).where('archived_at', 'is', null).execute();
  }

  /**
   * The option an order of this shop and currency ships with: one of the
   * shop's active options (required when it has any), or null (free) when
   * it offers none.
   */
  async forOrder(shopId: number, currency: string, optionId: number | null): Promise<ShippingOptionRecord | null> {
    const active = await this.activeOf(shopId);
    if (optionId == null) {
      if (active.length) throw badInput('Pick one of the shop’s shipping options', { field: 'shippingOptionId', reason: 'SHIPPING_REQUIRED' });
      return null;
    }
    const option = active.find((o) => o.id === optionId);
    if (!option) throw notFound('The shipping option (of this shop)');
    if (option.currency !== currency) {
      throw badInput(`The shipping option is priced in ${option.currency}; this order is in ${currency}`, { field: 'shippingOptionId', reason: 'CURRENCY_MISMATCH' });
    }
    return option;
  }
}
