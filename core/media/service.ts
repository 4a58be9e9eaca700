// The media service: stores processed images and reads them back. Upload
// order keeps storage and database consistent: process in memory (a bad file
// stores nothing), put the files, insert the row in a transaction, and delete
// the files again if anything after the first put fails.

import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PluginContext } from '../plugins/context.ts';
import type { Tx } from '../data/database.ts';
import type { MeadowContext } from '../graphql/context.ts';
import { toGlobalId } from '../graphql/relay.ts';
import { MeadowError, badInput } from '../errors/errors.ts';
import type { FocalPoint, MediaKind, MediaRecord, MediaService, MediaVariant, MediaVariantName, UploadOptions } from './contracts.ts';
import { MediaUploaded } from './contracts.ts';
import { processImage, type ProcessedImage } from './processing.ts';
import { posterFrame, probeVideo, sniffVideo, SNIFF_BYTES, videoToolsAvailable, type VideoType } from './video.ts';
import { mediaKey, newMediaStem, type MediaStorage } from './storage.ts';

export const MAX_ALT_LENGTH = 1500;

/** Stored form of a variant: everything but the URL, which depends on the storage. */
type StoredVariant = Omit<MediaVariant, 'url'>;

export function checkAlt(alt: unknown): string {
  if (alt == null) return '';
  if (typeof alt !== 'string') throw badInput('alt must be text');
  const trimmed = alt.trim();
  if ([...trimmed].length > MAX_ALT_LENGTH) throw badInput(`alt text can be at most ${MAX_ALT_LENGTH} characters`);
  return trimmed;
}

/** Focal point coordinates in -1..1 (Mastodon's convention), kept to 4 decimals. */
export function checkFocus(name: string, value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < -1 || n > 1) throw badInput(`${name} must be a number from -1 to 1`);
  return Math.round(n * 10_000) / 10_000;
}

function checkOptions(options: UploadOptions): { alt: string; focalPoint: FocalPoint } {
  return {
    alt: checkAlt(options.alt),
    focalPoint: { x: checkFocus('focusX', options.focalPoint?.x ?? 0), y: checkFocus('focusY', options.focalPoint?.y ?? 0) },
  };
}

export const videoTooLarge = (bytes: number | null, limit: number) =>
  new MeadowError(
    'PAYLOAD_TOO_LARGE',
    `This video is ${bytes == null ? 'over' : `${mib(bytes)} MiB,`} the limit: this instance accepts videos up to ${mib(limit)} MiB`,
    { maxBytes: limit },
  );

const mib = (n: number) => (Math.round((n / 1_048_576) * 10) / 10).toString();

export class MediaServiceImpl implements MediaService {
  private readonly ctx: PluginContext;
  readonly storage: MediaStorage;

  constructor(ctx: PluginContext, storage: MediaStorage) {
    this.ctx = ctx;
    this.storage = storage;
  }

  async upload(ownerId: number, data: Buffer, options: UploadOptions = {}): Promise<MediaRecord> {
    const video = sniffVideo(data.subarray(0, SNIFF_BYTES));
    if (video) {
      if (data.length > this.ctx.config.limits.videoBytes) throw videoTooLarge(data.length, this.ctx.config.limits.videoBytes);
      const dir = await mkdtemp(join(tmpdir(), 'meadow-video-'));
      try {
        const path = join(dir, 'upload');
        await writeFile(path, data, { flag: 'wx' });
        return await this.uploadVideoFile(ownerId, path, video, options);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
    const { alt, focalPoint } = checkOptions(options);
    const image = await processImage(data, this.ctx.config.limits.imagePixels);
    const stored: StoredVariant[] = [];
    try {
      await this.putImage(image, stored);
      return await this.ctx.db.transaction(async (tx) => {
        const media = await this.insert(tx, { ownerId, kind: 'image', image, alt, focalPoint, variants: stored, durationMs: null, posterMediaId: null });
        await this.ctx.hooks.emit(MediaUploaded, { media }, tx);
        return media;
      });
    } catch (err) {
      await this.deleteFiles(stored);
      throw err;
    }
  }

  /**
   * Stores a video kept as uploaded, from a temporary file the caller owns
   * (named by Meadow, never by the uploader). With ffprobe the file must be
   * a readable video with a video track (else 415), and ffmpeg cuts a
   * poster unless one was sent. Without ffprobe nothing can tell a real
   * video from a file that only starts like one, so a file with a valid
   * signature is stored as is, size and duration unknown; players refuse
   * what they cannot play, and nothing on the server ever decodes it.
   */
  async uploadVideoFile(ownerId: number, path: string, type: VideoType, options: UploadOptions = {}): Promise<MediaRecord> {
    const { alt, focalPoint } = checkOptions(options);
    const bytes = (await stat(path)).size;
    if (bytes > this.ctx.config.limits.videoBytes) throw videoTooLarge(bytes, this.ctx.config.limits.videoBytes);
    const tools = await videoToolsAvailable();
    const probed = tools ? await probeVideo(path) : { width: null, height: null, durationMs: null };
    const poster = await this.posterImage(path, probed.durationMs, options.poster, tools);

    const stem = newMediaStem();
    const stored: StoredVariant[] = [];
    const posterStored: StoredVariant[] = [];
    try {
      if (poster) await this.putImage(poster, posterStored);
      const key = mediaKey(stem, 'original', type.mimeType);
      await this.storage.putFile(key, path, type.mimeType);
      stored.push({ name: 'original', width: probed.width ?? 0, height: probed.height ?? 0, mimeType: type.mimeType, bytes, key });
      return await this.ctx.db.transaction(async (tx) => {
        const posterMedia = poster
          ? await this.insert(tx, { ownerId, kind: 'image', image: poster, alt, focalPoint, variants: posterStored, durationMs: null, posterMediaId: null })
          : null;
        const media = await this.insert(tx, {
          ownerId,
          kind: 'video',
          image: { mimeType: type.mimeType, width: probed.width, height: probed.height, blurhash: poster?.blurhash ?? '' },
          alt,
          focalPoint,
          variants: stored,
          durationMs: probed.durationMs,
          posterMediaId: posterMedia?.id ?? null,
        });
        if (posterMedia) await this.ctx.hooks.emit(MediaUploaded, { media: posterMedia }, tx);
        await this.ctx.hooks.emit(MediaUploaded, { media }, tx);
        return media;
      });
    } catch (err) {
      await this.deleteFiles([...stored, ...posterStored]);
      throw err;
    }
  }

  /** The poster: the image sent with the video, else a frame cut by ffmpeg, else none. */
  private async posterImage(path: string, durationMs: number | null, sent: Buffer | undefined, tools: boolean): Promise<ProcessedImage | null> {
    const pixels = this.ctx.config.limits.imagePixels;
    if (sent) {
      try {
        return await processImage(sent, pixels);
      } catch (err) {
        if (err instanceof MeadowError) throw new MeadowError(err.code, `The poster: ${err.message}`, err.details);
        throw err;
      }
    }
    if (!tools) return null;
    const frame = await posterFrame(path, durationMs);
    // A frame ffmpeg made but sharp refuses (odd pixel formats) leaves the video without a poster.
    return frame ? processImage(frame, pixels).catch(() => null) : null;
  }

  private async putImage(image: ProcessedImage, stored: StoredVariant[]): Promise<void> {
    const stem = newMediaStem();
    for (const v of image.variants) {
      const key = mediaKey(stem, v.name, v.mimeType);
      await this.storage.put(key, v.data, v.mimeType);
      stored.push({ name: v.name, width: v.width, height: v.height, mimeType: v.mimeType, bytes: v.data.length, key });
    }
  }

  private async deleteFiles(stored: StoredVariant[]): Promise<void> {
    await Promise.all(stored.map((v) => this.storage.delete(v.key).catch(() => {})));
  }

  private async insert(
    tx: Tx,
    m: {
      ownerId: number;
      kind: MediaKind;
      image: { mimeType: string; width: number | null; height: number | null; blurhash: string };
      alt: string;
      focalPoint: FocalPoint;
      variants: StoredVariant[];
      durationMs: number | null;
      posterMediaId: number | null;
    },
  ): Promise<MediaRecord> {
    const createdAt = new Date();
    const bytes = m.variants[0]!.bytes;
    const row = await tx.db
      .insertInto('media')
      .values({
        owner_id: m.ownerId,
        kind: m.kind,
        mime_type: m.image.mimeType,
        // Unknown sizes are stored as 0 (the columns predate videos) and read back as null.
        width: m.image.width ?? 0,
        height: m.image.height ?? 0,
        blurhash: m.image.blurhash,
        focus_x: m.focalPoint.x,
        focus_y: m.focalPoint.y,
        alt: m.alt,
        bytes,
        variants: JSON.stringify(m.variants),
        duration_ms: m.durationMs,
        poster_media_id: m.posterMediaId,
        created_at: createdAt.getTime(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return {
      id: Number(row.id),
      ownerId: m.ownerId,
      kind: m.kind,
      mimeType: m.image.mimeType,
      width: m.image.width,
      height: m.image.height,
      durationMs: m.durationMs,
      posterMediaId: m.posterMediaId,
      blurhash: m.image.blurhash,
      focalPoint: m.focalPoint,
      alt: m.alt,
      bytes,
      variants: m.variants.map((v) => this.withUrl(v)),
      createdAt,
    };
  }

  async getById(id: number): Promise<MediaRecord | null> {
    return (await this.getByIds([id]))[0] ?? null;
  }

  async getByIds(ids: readonly number[]): Promise<(MediaRecord | null)[]> {
    const wanted = [...new Set(ids.filter((id) => Number.isSafeInteger(id) && id > 0))];
    if (wanted.length === 0) return ids.map(() => null);
    const rows = await this.ctx.db.kysely().selectFrom('media').selectAll().where('id', 'in', wanted).execute();
    const byId = new Map(rows.map((r) => [Number(r.id), this.fromRow(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  loader(gctx: MeadowContext) {
    return gctx.loaders.get<number, MediaRecord>('media.byId', (ids) => this.getByIds(ids));
  }

  async assertOwnedBy(mediaIds: readonly number[], accountId: number): Promise<MediaRecord[]> {
    const found = await this.getByIds(mediaIds);
    return found.map((media, i) => {
      const gid = toGlobalId('Media', mediaIds[i]!);
      if (!media) throw badInput(`Media ${gid} does not exist`, { mediaId: gid });
      if (media.ownerId !== accountId) {
        throw new MeadowError('FORBIDDEN', `Media ${gid} belongs to another account; use your own uploads`, { mediaId: gid });
      }
      return media;
    });
  }

  urlOf(media: MediaRecord, variant: MediaVariantName = 'original'): string {
    const found = media.variants.find((v) => v.name === variant) ?? media.variants.find((v) => v.name === 'original')!;
    return found.url;
  }

  /** Changes alt text and focal point; the caller has checked ownership. */
  async update(id: number, patch: { alt?: string | null; focusX?: number | null; focusY?: number | null }): Promise<MediaRecord> {
    const values: Record<string, unknown> = {};
    if (patch.alt != null) values.alt = checkAlt(patch.alt);
    if (patch.focusX != null) values.focus_x = checkFocus('focusX', patch.focusX);
    if (patch.focusY != null) values.focus_y = checkFocus('focusY', patch.focusY);
    if (Object.keys(values).length) await this.ctx.db.kysely().updateTable('media').set(values).where('id', '=', id).execute();
    return (await this.getById(id))!;
  }

  private withUrl(v: StoredVariant): MediaVariant {
    return { ...v, url: this.storage.url(v.key) };
  }

  private fromRow(r: Record<string, any>): MediaRecord {
    const variants: StoredVariant[] = typeof r.variants === 'string' ? JSON.parse(r.variants) : r.variants;
    return {
      id: Number(r.id),
      ownerId: Number(r.owner_id),
      kind: r.kind === 'video' ? 'video' : 'image',
      mimeType: r.mime_type,
      width: Number(r.width) || null,
      height: Number(r.height) || null,
      durationMs: r.duration_ms == null ? null : Number(r.duration_ms),
      posterMediaId: r.poster_media_id == null ? null : Number(r.poster_media_id),
      blurhash: r.blurhash,
      focalPoint: { x: Number(r.focus_x), y: Number(r.focus_y) },
      alt: r.alt,
      bytes: Number(r.bytes),
      variants: variants.map((v) => this.withUrl(v)),
      createdAt: new Date(Number(r.created_at)),
    };
  }
}
