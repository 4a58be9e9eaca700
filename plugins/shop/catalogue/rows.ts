// Rows of the catalogue's tables as the records of contracts.ts (both
// engines: SQLite gives JSON as text and timestamps as numbers).

import { toDate } from '../../../core/index.ts';
import type { CategoryRecord, ProductRecord, ShopRecord, VariantRecord } from '../contracts.ts';

export const SHOP_COLUMNS = ['id', 'handle', 'name', 'description', 'owner_id', 'created_at', 'updated_at'] as const;
export const PRODUCT_COLUMNS = ['id', 'shop_id', 'title', 'description', 'currency', 'options', 'image_ids', 'status', 'published_at', 'created_at', 'updated_at'] as const;
export const VARIANT_COLUMNS = [
  'id', 'product_id', 'shop_id', 'sku', 'option_values', 'price', 'compare_at_price', 'on_hand', 'reserved', 'position', 'removed_at', 'created_at', 'updated_at',
] as const;
export const CATEGORY_COLUMNS = ['id', 'slug', 'name', 'parent_id'] as const;

const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;
const nullableNumber = (value: unknown) => (value == null ? null : Number(value));

export function shopOf(row: any): ShopRecord {
  return {
    id: Number(row.id),
    handle: row.handle,
    name: row.name,
    description: row.description ?? '',
    ownerId: nullableNumber(row.owner_id),
    createdAt: toDate(row.created_at)!,
    updatedAt: toDate(row.updated_at)!,
  };
}

export function productOf(row: any): ProductRecord {
  return {
    id: Number(row.id),
    shopId: Number(row.shop_id),
    title: row.title,
    description: row.description ?? '',
    currency: row.currency,
    options: json(row.options),
    imageIds: json<unknown[]>(row.image_ids).map(Number),
    status: row.status,
    publishedAt: toDate(row.published_at),
    createdAt: toDate(row.created_at)!,
    updatedAt: toDate(row.updated_at)!,
  };
}

export function variantOf(row: any): VariantRecord {
  return {
    id: Number(row.id),
    productId: Number(row.product_id),
    shopId: Number(row.shop_id),
    sku: row.sku ?? null,
    optionValues: json(row.option_values),
    price: Number(row.price),
    compareAtPrice: nullableNumber(row.compare_at_price),
    onHand: Number(row.on_hand),
    reserved: Number(row.reserved),
    removedAt: toDate(row.removed_at),
    createdAt: toDate(row.created_at)!,
    updatedAt: toDate(row.updated_at)!,
  };
}

export function categoryOf(row: any): CategoryRecord {
  return { id: Number(row.id), slug: row.slug, name: row.name, parentId: nullableNumber(row.parent_id) };
}

export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; message?: string } | null;
  return e?.code === '23505' || String(e?.code ?? '').startsWith('SQLITE_CONSTRAINT_UNIQUE') || /unique constraint/i.test(e?.message ?? '');
}
