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
  /** 0 for a video whose size is unknown (stored without ffprobe). */
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

export type MediaKind = 'image' | 'video';

export interface MediaRecord {
  id: number;
  ownerId: number;
  /** An image (re-encoded, with WebP sizes) or a video (kept as uploaded: MP4, QuickTime or WebM). */
  kind: MediaKind;
  /** MIME type of the stored original (after re-encoding, for images). */
  mimeType: string;
  /** Display size; null for a video whose size is unknown (no ffprobe on the server). */
  width: number | null;
  height: number | null;
  /** Video length in milliseconds; null for images and when unknown. */
  durationMs: number | null;
  /** A video's poster frame (an image media record of the same owner); null for images and videos without one. */
  posterMediaId: number | null;
  /** Empty for a video without a poster (a video's blurhash is its poster's). */
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
  /** Videos only: an image to use as the poster frame (instead of one ffmpeg cuts, if available). */
  poster?: Buffer;
}

export interface MediaService {
  /**
   * Stores an upload for `ownerId` (the same path as POST /media): an image is
   * checked and re-encoded; a video (MP4, QuickTime, WebM by content) is kept as is.
   */
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

export const MediaServiceRef = defineService<MediaService>('media.media', 'Uploaded images and videos: lookup, ownership checks and URLs');

export const MediaUploaded = defineEvent<{ media: MediaRecord }>('media.uploaded', {
  description: 'An image (checked, re-encoded) or a video (kept as uploaded) was stored; a video\'s poster frame is uploaded too, as an image.',
});
