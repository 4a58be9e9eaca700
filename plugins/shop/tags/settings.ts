// The tags module's part of the shop plugin's settings.

import { z } from 'zod';
import type { PluginContext } from '../../../core/index.ts';

export const tagsSettingsShape = {
  /** Product tags one image of a note may carry. */
  maxTagsPerImage: z.number().int().min(1).max(20).default(5),
  /** Product tags one note may carry over all its images. */
  maxTagsPerNote: z.number().int().min(1).max(100).default(20),
};

export interface TagsSettings {
  maxTagsPerImage: number;
  maxTagsPerNote: number;
}

export const tagsSettings = (ctx: PluginContext<any>) => ctx.settings() as TagsSettings;
