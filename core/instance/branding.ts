// Branding: the instance's name, look and rules, admin-editable. Stored as
// the settings of the built-in "instance" plugin.

import { z } from 'zod';

const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #ff2442');

export const BrandingSchema = z.object({
  name: z.string().trim().min(1).max(60).default('Meadow'),
  description: z.string().max(500).default('A community for planting ideas, acting on them and sharing back.'),
  logoUrl: z.string().max(2000).nullable().default(null),
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
