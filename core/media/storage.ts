// Where media bytes live. The kernel ships local disk storage; an
// S3-compatible store (MinIO, R2, S3 …) implements the same interface:
//   put    -> PutObject with ContentType and a long Cache-Control
//   putFile-> the same from a local file (a multipart upload for big videos)
//   get    -> GetObject body as a stream, with a Range when one is asked (null on NoSuchKey)
//   delete -> DeleteObject (missing keys are not an error)
//   url    -> the bucket's public or CDN URL for the key
// Keys are made by `newMediaKey` only: random, unguessable, and of a fixed
// shape, so a key can be validated before it touches any path or bucket.

import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';

export interface StoredObject {
  stream: Readable;
  /** Size of the whole object (not of the range read). */
  bytes: number;
  contentType: string;
  /** With a range request: the inclusive bytes the stream holds, or 'unsatisfiable' (an empty stream). */
  range?: ByteRange | 'unsatisfiable';
}

/** Inclusive byte positions. */
export interface ByteRange {
  start: number;
  end: number;
}

/** One range as HTTP asks for it: `bytes=start-end`, `bytes=start-`, or the last `suffix` bytes (`bytes=-suffix`). */
export type RangeRequest = { start: number; end: number | null } | { suffix: number };

/** The bytes a range request covers in an object of `size` bytes (RFC 9110 §14.1.2). */
export function resolveRange(request: RangeRequest, size: number): ByteRange | 'unsatisfiable' {
  if ('suffix' in request) {
    if (request.suffix <= 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - request.suffix), end: size - 1 };
  }
  if (request.start >= size) return 'unsatisfiable';
  return { start: request.start, end: Math.min(request.end ?? size - 1, size - 1) };
}

export interface MediaStorage {
  /** Stores `data` under `key`; visible to readers only once complete. */
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  /** Stores the file at `path` (kept in place) under `key`; for uploads too big to hold in memory. */
  putFile(key: string, path: string, contentType: string): Promise<void>;
  /** The object (only `range` of it when given), or null when there is none. */
  get(key: string, range?: RangeRequest): Promise<StoredObject | null>;
  delete(key: string): Promise<void>;
  /** Public URL of the object. */
  url(key: string): string;
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp',
  'video/mp4': 'mp4', 'video/quicktime': 'mov', 'video/webm': 'webm',
};
const CONTENT_TYPES: Record<string, string> = Object.fromEntries(Object.entries(EXTENSIONS).map(([type, ext]) => [ext, type]));

/** 22 random base64url characters (128 bits), a variant name and an extension. */
const KEY_SHAPE = /^([A-Za-z0-9_-]{22})-([a-z]{1,16})\.(jpg|png|webp|mp4|mov|webm)$/;

/** A fresh random stem; each variant's key is `<stem>-<variant>.<ext>`. */
export const newMediaStem = () => randomBytes(16).toString('base64url');

export function mediaKey(stem: string, variant: string, contentType: string): string {
  const ext = EXTENSIONS[contentType];
  if (!ext) throw new Error(`No file extension for ${contentType}`);
  return `${stem}-${variant}.${ext}`;
}

export const isMediaKey = (key: string) => KEY_SHAPE.test(key);
export const contentTypeOfKey = (key: string) => CONTENT_TYPES[key.slice(key.lastIndexOf('.') + 1)] ?? 'application/octet-stream';

export class LocalMediaStorage implements MediaStorage {
  private readonly root: string;
  private readonly baseUrl: string;

  constructor(root: string, baseUrl: string) {
    this.root = resolve(root);
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  /** Files fan out over 64² folders by the key's first characters. */
  private pathOf(key: string): string {
    if (!isMediaKey(key)) throw new Error(`Invalid media key "${key.slice(0, 80)}"`);
    return join(this.root, key.slice(0, 2), key);
  }

  async put(key: string, data: Buffer, _contentType: string): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    // Write under a temporary name, then rename: a reader never sees half a file.
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, data, { flag: 'wx' });
      await rename(tmp, path);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  async putFile(key: string, source: string, _contentType: string): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await copyFile(source, tmp);
      await rename(tmp, path);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  async get(key: string, request?: RangeRequest): Promise<StoredObject | null> {
    if (!isMediaKey(key)) return null;
    const path = this.pathOf(key);
    try {
      const info = await stat(path);
      if (!info.isFile()) return null;
      const contentType = contentTypeOfKey(key);
      if (!request) return { stream: createReadStream(path), bytes: info.size, contentType };
      const range = resolveRange(request, info.size);
      const stream = range === 'unsatisfiable' ? Readable.from([]) : createReadStream(path, range);
      return { stream, bytes: info.size, contentType, range };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    if (!isMediaKey(key)) return;
    await rm(this.pathOf(key), { force: true });
  }

  url(key: string): string {
    return `${this.baseUrl}/media/files/${key}`;
  }
}
