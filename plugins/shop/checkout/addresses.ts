// The buyer's address book. An order keeps a copy of the address it ships
// to, so editing or deleting an address later never changes an order.

import { badInput, notFound, timestampValue, type PluginContext } from '../../../core/index.ts';
import { text } from '../catalogue/validation.ts';
import type { AddressSnapshot } from './contracts.ts';
import { addressOf, type AddressRecord } from './rows.ts';
import { checkoutSettingsOf } from './settings.ts';

export interface AddressInput {
  recipient: string;
  phone: string;
  country: string;
  region?: string | null;
  city: string;
  line1: string;
  line2?: string | null;
  postalCode?: string | null;
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** Checks and tidies an address; every refusal names its field. */
export function checkAddress(input: AddressInput): AddressSnapshot {
  const phone = text(input.phone ?? '', 'phone', 'The phone number', 40);
  if (!/^\+?[0-9][0-9 ()-]{2,38}$/.test(phone)) throw badInput('A phone number is digits, spaces, "-", "(", ")" and an optional leading "+"', { field: 'phone' });
  const country = (input.country ?? '').trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country) || !regionNames.of(country)) throw badInput(`"${country.slice(0, 10)}" is not an ISO 3166 country code such as CN or US`, { field: 'country' });
  const postalCode = text(input.postalCode ?? '', 'postalCode', 'The postal code', 20, false);
  if (postalCode && !/^[A-Za-z0-9 -]+$/.test(postalCode)) throw badInput('A postal code is letters, digits, spaces and "-"', { field: 'postalCode' });
  return {
    recipient: text(input.recipient ?? '', 'recipient', 'The recipient', 100),
    phone,
    country,
    region: text(input.region ?? '', 'region', 'The region', 100, false),
    city: text(input.city ?? '', 'city', 'The city', 100),
    line1: text(input.line1 ?? '', 'line1', 'The street address', 200),
    line2: text(input.line2 ?? '', 'line2', 'The second address line', 200, false),
    postalCode,
  };
}

/** The address fields an order keeps. */
export function snapshotOf(a: AddressSnapshot): AddressSnapshot {
  return { recipient: a.recipient, phone: a.phone, country: a.country, region: a.region, city: a.city, line1: a.line1, line2: a.line2, postalCode: a.postalCode };
}

const COLUMNS = ['id', 'account_id', 'recipient', 'phone', 'country', 'region', 'city', 'line1', 'line2', 'postal_code'] as const;

export class Addresses {
  private readonly ctx: PluginContext;
  constructor(ctx: PluginContext) {
    this.ctx = ctx;
  }

  private get db() {
    return this.ctx.db.kysely();
  }

  async of(accountId: number): Promise<AddressRecord[]> {
    return (await this.db.selectFrom('shop_addresses').select(COLUMNS).where('account_id', '=', accountId).orderBy('id', 'desc').execute()).map(addressOf);
  }

  /** The account's own address; NOT_FOUND for anyone else's. */
  async own(accountId: number, id: number): Promise<AddressRecord> {
    const row = await this.db.selectFrom('shop_addresses').select(COLUMNS).where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
    if (!row) throw notFound('The address');
    return addressOf(row);
  }

  /** Adds an address, or replaces one of the account's own when `id` is given. */
  async save(accountId: number, input: AddressInput, id?: number | null): Promise<AddressRecord> {
    const a = checkAddress(input);
    const { postalCode, ...rest } = a;
    const values = { ...rest, postal_code: postalCode };
    const now = timestampValue(this.ctx.db.dialect, new Date());
    if (id != null) {
      await this.own(accountId, id);
      await this.db.updateTable('shop_addresses').set({ ...values, updated_at: now }).where('id', '=', id).where('account_id', '=', accountId).execute();
      return this.own(accountId, id);
    }
    const max = checkoutSettingsOf(this.ctx).checkoutMaxAddresses;
    const count = await this.db.selectFrom('shop_addresses').select((eb) => eb.fn.countAll().as('n')).where('account_id', '=', accountId).executeTakeFirst();
    if (Number(count?.n ?? 0) >= max) throw badInput(`An address book holds at most ${max} addresses; delete one first`, { field: 'id', max });
    const row = await this.db.insertInto('shop_addresses').values({ account_id: accountId, ...values, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
    return this.own(accountId, Number(row.id));
  }

  async remove(accountId: number, id: number): Promise<void> {
    await this.own(accountId, id);
    await this.db.deleteFrom('shop_addresses').where('id', '=', id).where('account_id', '=', accountId).execute();
  }
}
