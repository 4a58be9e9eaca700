// Where media bytes live. The kernel ships local disk storage; an
// S3-compatible store (MinIO, R2, S3 …) implements the same interface:
//   put    -> PutObject with ContentType and a long Cache-Control
//   get    -> GetObject body as a stream (null on NoSuchKey)
//   delete -> DeleteObject (missing keys are not an error)
//   url    -> the bucket's public or CDN URL for the key
// Keys are made by `newMediaKey` only: random, unguessable, and of a fixed
// shape, so a key can be validated before it touches any path or bucket.

import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';

export interface StoredObject {
  stream: Readable;
  bytes: number;
  contentType: string;
}

export interface MediaStorage {
  /** Stores `data` under `key`; visible to readers only once complete. */
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  /** The object, or null when there is none. */
  get(key: string): Promise<StoredObject | null>;
  delete(key: string): Promise<void>;
  /** Public URL of the object. */
  url(key: string): string;
}

const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };
const CONTENT_TYPES: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

/** 22 random base64url characters (128 bits), a variant name and an extension. */
const KEY_SHAPE = /^([A-Za-z0-9_-]{22})-([a-z]{1,16})\.(jpg|png|webp)$/;

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

  async get(key: string): Promise<StoredObject | null> {
    if (!isMediaKey(key)) return null;
    const path = this.pathOf(key);
    try {
      const info = await stat(path);
      if (!info.isFile()) return null;
      return { stream: createReadStream(path), bytes: info.size, contentType: contentTypeOfKey(key) };
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
