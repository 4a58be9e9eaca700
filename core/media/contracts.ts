// The media module's public face: what plugins (notes, shop, web …) may use.
// Storage, processing and tables stay behind this file.

import { defineEvent } from '../hooks/tokens.ts';
import { defineService } from '../plugins/services.ts';
import type { MeadowContext } from '../graphql/context.ts';

/** Variant names: the re-encoded original and WebP sizes (by width). */
export const MEDIA_VARIANTS = ['original', 'large', 'medium', 'small'] as const;
export type MediaVariantName = (typeof MEDIA_VARIANTS)[number];

export interface MediaVariant {
  name: MediaVariantName;
  width: number;
  height: number;
  mimeType: string;
  bytes: number;
  /** Storage key (random, unguessable); `url` is where it is served. */
  key: string;
  url: string;
}

/** A focal point in Mastodon's convention: x and y in -1..1, (0,0) the centre, y up. */
export interface FocalPoint {
  x: number;
  y: number;
}

export interface MediaRecord {
  id: number;
  ownerId: number;
  kind: 'image';
  /** MIME type of the stored original (after re-encoding). */
  mimeType: string;
  width: number;
  height: number;
  blurhash: string;
  focalPoint: FocalPoint;
  alt: string;
  /** Bytes of the stored original. */
  bytes: number;
  variants: MediaVariant[];
  createdAt: Date;
}

export interface UploadOptions {
  alt?: string;
  focalPoint?: FocalPoint;
}

export interface MediaService {
  /** Checks, re-encodes and stores an image for `ownerId` (the same path as POST /media). */
  upload(ownerId: number, data: Buffer, options?: UploadOptions): Promise<MediaRecord>;
  getById(id: number): Promise<MediaRecord | null>;
  getByIds(ids: readonly number[]): Promise<(MediaRecord | null)[]>;
  /** The request's batched loader (one query per GraphQL level). */
  loader(gctx: MeadowContext): { load(id: number): Promise<MediaRecord | null>; loadMany(ids: readonly number[]): Promise<(MediaRecord | null | Error)[]> };
  /**
   * Refuses media that does not exist (BAD_USER_INPUT) or belongs to another
   * account (FORBIDDEN); the error names the offending Media ID.
   */
  assertOwnedBy(mediaIds: readonly number[], accountId: number): Promise<MediaRecord[]>;
  /** URL of a variant; falls back to the original when that size was not made (small source). */
  urlOf(media: MediaRecord, variant?: MediaVariantName): string;
}

export const MediaServiceRef = defineService<MediaService>('media.media', 'Uploaded images: lookup, ownership checks and URLs');

export const MediaUploaded = defineEvent<{ media: MediaRecord }>('media.uploaded', {
  description: 'An image was uploaded, checked, re-encoded and stored.',
});
