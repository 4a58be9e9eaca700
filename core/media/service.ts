// The media service: stores processed images and reads them back. Upload
// order keeps storage and database consistent: process in memory (a bad file
// stores nothing), put the files, insert the row in a transaction, and delete
// the files again if anything after the first put fails.

import type { PluginContext } from '../plugins/context.ts';
import type { MeadowContext } from '../graphql/context.ts';
import { toGlobalId } from '../graphql/relay.ts';
import { MeadowError, badInput } from '../errors/errors.ts';
import type { FocalPoint, MediaRecord, MediaService, MediaVariant, MediaVariantName, UploadOptions } from './contracts.ts';
import { MediaUploaded } from './contracts.ts';
import { processImage } from './processing.ts';
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

export class MediaServiceImpl implements MediaService {
  private readonly ctx: PluginContext;
  readonly storage: MediaStorage;

  constructor(ctx: PluginContext, storage: MediaStorage) {
    this.ctx = ctx;
    this.storage = storage;
  }

  async upload(ownerId: number, data: Buffer, options: UploadOptions = {}): Promise<MediaRecord> {
    const alt = checkAlt(options.alt);
    const focalPoint: FocalPoint = {
      x: checkFocus('focusX', options.focalPoint?.x ?? 0),
      y: checkFocus('focusY', options.focalPoint?.y ?? 0),
    };
    const image = await processImage(data, this.ctx.config.limits.imagePixels);

    const stem = newMediaStem();
    const stored: StoredVariant[] = [];
    try {
      for (const v of image.variants) {
        const key = mediaKey(stem, v.name, v.mimeType);
        await this.storage.put(key, v.data, v.mimeType);
        stored.push({ name: v.name, width: v.width, height: v.height, mimeType: v.mimeType, bytes: v.data.length, key });
      }
      const createdAt = new Date();
      const bytes = stored[0]!.bytes;
      return await this.ctx.db.transaction(async (tx) => {
        const row = await tx.db
          .insertInto('media')
          .values({
            owner_id: ownerId,
            kind: 'image',
            mime_type: image.mimeType,
            width: image.width,
            height: image.height,
            blurhash: image.blurhash,
            focus_x: focalPoint.x,
            focus_y: focalPoint.y,
            alt,
            bytes,
            variants: JSON.stringify(stored),
            created_at: createdAt.getTime(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const media: MediaRecord = {
          id: Number(row.id),
          ownerId,
          kind: 'image',
          mimeType: image.mimeType,
          width: image.width,
          height: image.height,
          blurhash: image.blurhash,
          focalPoint,
          alt,
          bytes,
          variants: stored.map((v) => this.withUrl(v)),
          createdAt,
        };
        await this.ctx.hooks.emit(MediaUploaded, { media }, tx);
        return media;
      });
    } catch (err) {
      await Promise.all(stored.map((v) => this.storage.delete(v.key).catch(() => {})));
      throw err;
    }
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
      kind: 'image',
      mimeType: r.mime_type,
      width: Number(r.width),
      height: Number(r.height),
      blurhash: r.blurhash,
      focalPoint: { x: Number(r.focus_x), y: Number(r.focus_y) },
      alt: r.alt,
      bytes: Number(r.bytes),
      variants: variants.map((v) => this.withUrl(v)),
      createdAt: new Date(Number(r.created_at)),
    };
  }
}
