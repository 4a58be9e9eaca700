// Client files (islands and the stylesheet) under plugins/web/client, read
// once at start and served at /assets/<name>.<hash>.<ext>: the hash is of
// the content, so a URL never changes meaning and may be cached for a year.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CLIENT_DIR = fileURLToPath(new URL('./client/', import.meta.url));
const TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', svg: 'image/svg+xml' };

export interface Asset {
  /** e.g. "carousel.js" */
  name: string;
  /** e.g. "/assets/carousel.3f2a9c1b0d.js" */
  url: string;
  type: string;
  body: Buffer;
}

export class Assets {
  private readonly byName = new Map<string, Asset>();
  private readonly byFile = new Map<string, Asset>();

  constructor(dir = CLIENT_DIR) {
    for (const name of readdirSync(dir).sort()) {
      const dot = name.lastIndexOf('.');
      const ext = name.slice(dot + 1);
      if (!TYPES[ext]) continue;
      const body = readFileSync(dir + name);
      const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
      const file = `${name.slice(0, dot)}.${hash}.${ext}`;
      const asset = { name, url: `/assets/${file}`, type: TYPES[ext]!, body };
      this.byName.set(name, asset);
      this.byFile.set(file, asset);
    }
  }

  url(name: string): string {
    const asset = this.byName.get(name);
    if (!asset) throw new Error(`The web plugin has no client file "${name}"`);
    return asset.url;
  }

  /** By served file name ("carousel.3f2a9c1b0d.js"). */
  file(file: string): Asset | undefined {
    return this.byFile.get(file);
  }

  get(name: string): Asset | undefined {
    return this.byName.get(name);
  }
}
