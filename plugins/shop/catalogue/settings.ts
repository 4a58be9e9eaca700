// The catalogue's part of the shop plugin's settings (admins edit them with
// updatePluginSettings(plugin: "shop", …)).

import { z } from 'zod';
import type { PluginContext } from '../../../core/index.ts';
import { isCurrency } from '../money.ts';

export const catalogueSettingsShape = {
  /** Currency of new products when the merchant names none (ISO 4217). */
  defaultCurrency: z.string().refine(isCurrency, 'defaultCurrency must be an ISO 4217 code such as CNY, USD or JPY').default('CNY'),
  /** The highest price a variant may have, in minor units (default ¥1,000,000.00). */
  maxPriceMinor: z.number().int().min(1).max(2_000_000_000).default(100_000_000),
};

export interface CatalogueSettings {
  defaultCurrency: string;
  maxPriceMinor: number;
}

export const catalogueSettings = (ctx: PluginContext<any>) => ctx.settings() as CatalogueSettings;
