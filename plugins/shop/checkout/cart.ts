// Carts: one open cart per buyer and shop, in one currency. A line names a
// variant and a quantity, never a price (prices are read at checkout), and
// the note the buyer came from. Checkout marks the cart completed and keeps
// it with its lines, so a retried checkout (same idempotency key) hashes
// the same content; the buyer's next line opens a new cart.

import { sql } from 'kysely';
import { badInput, conflict, notFound, timestampValue, type PluginContext } from '../../../core/index.ts';
import { ShopServiceRef, type ProductRecord, type VariantRecord } from '../contracts.ts';
import { catalogueOf } from '../catalogue/index.ts';
import { cartLineOf, cartOf, isUniqueViolation, type CartLineRecord, type CartRecord } from './rows.ts';
import { checkoutSettingsOf } from './settings.ts';

const CART_COLUMNS = ['id', 'account_id', 'shop_id', 'currency', 'status', 'order_id', 'updated_at'] as const;
const LINE_COLUMNS = ['id', 'cart_id', 'product_id', 'variant_id', 'quantity', 'note_id'] as const;

export type LineProblem = 'UNPUBLISHED' | 'REMOVED' | 'OUT_OF_STOCK' | 'NOT_ENOUGH_STOCK';

/** Why a line cannot be bought as it is now, or null. */
export function lineProblem(line: Pick<CartLineRecord, 'quantity'>, variant: VariantRecord | null, product: ProductRecord | null): LineProblem | null {
  if (!product || product.status !== 'published') return 'UNPUBLISHED';
  if (!variant || variant.removedAt) return 'REMOVED';
  const available = variant.onHand - variant.reserved;
  if (available <= 0) return 'OUT_OF_STOCK';
  return available < line.quantity ? 'NOT_ENOUGH_STOCK' : null;
}

export function checkQuantity(ctx: PluginContext, quantity: number, field = 'quantity'): number {
  const max = checkoutSettingsOf(ctx).checkoutMaxLineQuantity;
  if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > max) throw badInput(`A quantity is a whole number from 1 to ${max}`, { field, max });
  return quantity;
}

export class Carts {
  private readonly ctx: PluginContext;
  constructor(ctx: PluginContext) {
    this.ctx = ctx;
  }

  private get db() {
    return this.ctx.db.kysely();
  }

  private now() {
    return timestampValue(this.ctx.db.dialect, new Date());
  }

  async get(id: number): Promise<CartRecord | null> {
    const row = await this.db.selectFrom('shop_carts').select(CART_COLUMNS).where('id', '=', id).executeTakeFirst();
    return row ? cartOf(row) : null;
  }

  /** The buyer's own cart; NOT_FOUND for anyone else's. */
  async own(accountId: number, id: number): Promise<CartRecord> {
    const cart = await this.get(id);
    if (!cart || cart.accountId !== accountId) throw notFound('The cart');
    return cart;
  }

  async openOf(accountId: number, shopId: number): Promise<CartRecord | null> {
    const row = await this.db.selectFrom('shop_carts').select(CART_COLUMNS).where('account_id', '=', accountId).where('shop_id', '=', shopId).where('status', '=', 'open').executeTakeFirst();
    return row ? cartOf(row) : null;
  }

  async openOfAccount(accountId: number): Promise<CartRecord[]> {
    return (await this.db.selectFrom('shop_carts').select(CART_COLUMNS).where('account_id', '=', accountId).where('status', '=', 'open').orderBy('updated_at', 'desc').execute()).map(cartOf);
  }

  async lines(cartId: number): Promise<CartLineRecord[]> {
    return (await this.db.selectFrom('shop_cart_lines').select(LINE_COLUMNS).where('cart_id', '=', cartId).orderBy('id').execute()).map(cartLineOf);
  }

  private async openOrCreate(accountId: number, shopId: number): Promise<CartRecord> {
    const found = await this.openOf(accountId, shopId);
    if (found) return found;
    try {
      await this.db.insertInto('shop_carts').values({ account_id: accountId, shop_id: shopId, currency: null, status: 'open', order_id: null, created_at: this.now(), updated_at: this.now() }).execute();
    } catch (err) {
      if (!isUniqueViolation(err)) throw err; // a concurrent add opened it
    }
    return (await this.openOf(accountId, shopId))!;
  }

  /** Adds units of a variant on sale (more of it when the cart has it already). */
  async add(buyerId: number, input: { variantId: number; quantity: number; noteId?: number | null }): Promise<CartRecord> {
    const quantity = checkQuantity(this.ctx, input.quantity);
    const { variants, products } = catalogueOf(this.ctx);
    const [variant] = await variants.getByIds([input.variantId]);
    const product = variant && !variant.removedAt ? await products.getById(variant.productId) : null;
    if (!variant || !product || product.status !== 'published') throw notFound('The product variant');
    const noteId = input.noteId ?? null;
    if (noteId !== null && !(await this.ctx.services.get(ShopServiceRef).attributionFor({ noteId, productId: product.id, buyerId }))) {
      throw badInput('This note does not show this product (or you cannot read it)', { field: 'noteId', reason: 'NOTE_NOT_LINKED' });
    }
    const cart = await this.openOrCreate(buyerId, product.shopId);
    const { checkoutMaxLineQuantity: maxQuantity, checkoutMaxCartLines: maxLines } = checkoutSettingsOf(this.ctx);
    await this.ctx.db.transaction(async (tx) => {
      const claimed = await tx.db.updateTable('shop_carts').set({ currency: product.currency, updated_at: this.now() })
        .where('id', '=', cart.id).where('status', '=', 'open')
        .where((eb) => eb.or([eb('currency', 'is', null), eb('currency', '=', product.currency)])).executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) {
        const now = (await tx.db.selectFrom('shop_carts').select(['status', 'currency']).where('id', '=', cart.id).executeTakeFirstOrThrow());
        if (now.status !== 'open') throw conflict('This cart was just checked out; add the item again', { reason: 'CART_CHECKED_OUT' });
        throw badInput(`This cart is in ${now.currency}; “${product.title}” is priced in ${product.currency}. One order is paid in one currency: check out the cart first`, {
          field: 'variantId', reason: 'CURRENCY_MISMATCH', cartCurrency: now.currency, currency: product.currency,
        });
      }
      const count = await tx.db.selectFrom('shop_cart_lines').select((eb) => eb.fn.countAll().as('n')).where('cart_id', '=', cart.id).where('variant_id', '!=', variant.id).executeTakeFirst();
      if (Number(count?.n ?? 0) >= maxLines) throw badInput(`A cart holds at most ${maxLines} different items`, { field: 'variantId', max: maxLines });
      const line = await tx.db.insertInto('shop_cart_lines')
        .values({ cart_id: cart.id, product_id: product.id, variant_id: variant.id, quantity, note_id: noteId, created_at: this.now(), updated_at: this.now() })
        .onConflict((oc) => oc.columns(['cart_id', 'variant_id']).doUpdateSet({
          quantity: sql`shop_cart_lines.quantity + ${quantity}`,
          note_id: sql`coalesce(excluded.note_id, shop_cart_lines.note_id)`,
          updated_at: this.now(),
        }).where('shop_cart_lines.quantity', '<=', maxQuantity - quantity))
        .returning('id').executeTakeFirst();
      if (!line) throw badInput(`A cart line holds at most ${maxQuantity} units of one item`, { field: 'quantity', max: maxQuantity });
    });
    return (await this.get(cart.id))!;
  }

  /** The buyer's line in an open cart; NOT_FOUND otherwise. */
  private async ownLine(buyerId: number, lineId: number): Promise<{ line: CartLineRecord; cart: CartRecord }> {
    const row = await this.db.selectFrom('shop_cart_lines').select(LINE_COLUMNS).where('id', '=', lineId).executeTakeFirst();
    const cart = row ? await this.get(Number(row.cart_id)) : null;
    if (!row || !cart || cart.accountId !== buyerId || cart.status !== 'open') throw notFound('The cart line');
    return { line: cartLineOf(row), cart };
  }

  /** Sets a line's quantity; 0 removes it. */
  async setQuantity(buyerId: number, lineId: number, quantity: number): Promise<CartRecord> {
    if (quantity === 0) return this.remove(buyerId, lineId);
    const n = checkQuantity(this.ctx, quantity);
    const { cart } = await this.ownLine(buyerId, lineId);
    await this.db.updateTable('shop_cart_lines').set({ quantity: n, updated_at: this.now() }).where('id', '=', lineId).execute();
    return (await this.get(cart.id))!;
  }

  async remove(buyerId: number, lineId: number): Promise<CartRecord> {
    const { cart } = await this.ownLine(buyerId, lineId);
    await this.ctx.db.transaction(async (tx) => {
      await tx.db.deleteFrom('shop_cart_lines').where('id', '=', lineId).execute();
      // An emptied cart takes the currency of whatever is added next.
      await tx.db.updateTable('shop_carts').set({ currency: null, updated_at: this.now() }).where('id', '=', cart.id).where('status', '=', 'open')
        .where((eb) => eb.not(eb.exists(eb.selectFrom('shop_cart_lines').select('id').where('cart_id', '=', cart.id)))).execute();
    });
    return (await this.get(cart.id))!;
  }
}

const stores = new WeakMap<object, Carts>();

export function cartsOf(ctx: PluginContext): Carts {
  let carts = stores.get(ctx);
  if (!carts) stores.set(ctx, (carts = new Carts(ctx)));
  return carts;
}
