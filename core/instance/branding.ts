// Branding: the instance's name, look and rules, admin-editable. Stored as
// the settings of the built-in "instance" plugin.

import { z } from 'zod';

const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #ff2442');

/**
 * A logo ends up in <img src> and <link rel="icon"> on every page, so only
 * http(s) URLs and paths on this site are accepted: javascript:, data: or
 * a protocol-relative //host would run script or load from anywhere.
 */
export function isSafeLogoUrl(value: string): boolean {
  if (/^\/(?![/\\])/.test(value)) return !/[\s<>"']/.test(value);
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !!url.hostname;
  } catch {
    return false;
  }
}

const logoUrl = z
  .string()
  .trim()
  .max(2000)
  .refine(isSafeLogoUrl, 'must be an https:// or http:// URL, or a path on this site such as /media/logo.png')
  .nullable();

export const BrandingSchema = z.object({
  name: z.string().trim().min(1).max(60).default('Meadow'),
  description: z.string().max(500).default('A community for planting ideas, acting on them and sharing back.'),
  logoUrl: logoUrl.default(null),
  colors: z
    .object({
      primary: colour.default('#ff2442'),
      accent: colour.default('#333333'),
      background: colour.default('#ffffff'),
    })
    .prefault({}),
  defaultLocale: z.enum(['zh-CN', 'en']).default('zh-CN'),
  rules: z.array(z.string().trim().min(1).max(500)).max(50).default([]),
  contactEmail: z.email().nullable().default(null),
  contactUrl: z.url({ protocol: /^https?$/ }).nullable().default(null),
});

export type Branding = z.output<typeof BrandingSchema>;
