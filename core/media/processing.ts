// Image processing: decide by content what an upload is, refuse what is not
// a supported image or is too big to decode safely, then re-encode it.
// Re-encoding from decoded pixels drops every byte of metadata (EXIF, GPS,
// XMP, comments) and anything smuggled after the image data.

import sharp, { type Metadata, type OutputInfo } from 'sharp';
import { encode as encodeBlurhash } from 'blurhash';
import { MeadowError } from '../errors/errors.ts';
import type { MediaVariantName } from './contracts.ts';

/** Formats accepted as input, by what sharp reads from the bytes. AVIF reports as "heif". */
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'heif']);

export const ORIGINAL_MAX_EDGE = 2048;
export const WEBP_WIDTHS: { name: MediaVariantName; width: number }[] = [
  { name: 'large', width: 2048 },
  { name: 'medium', width: 1080 },
  { name: 'small', width: 400 },
];

export interface ProcessedVariant {
  name: MediaVariantName;
  data: Buffer;
  width: number;
  height: number;
  mimeType: string;
}

export interface ProcessedImage {
  width: number;
  height: number;
  mimeType: string;
  blurhash: string;
  variants: ProcessedVariant[];
}

const unsupported = () =>
  new MeadowError('UNSUPPORTED_MEDIA_TYPE', 'This file is not an image Meadow accepts (JPEG, PNG, WebP, GIF, AVIF or HEIF), whatever its name says');

const tooManyPixels = (width: number, height: number, limit: number) =>
  new MeadowError(
    'PAYLOAD_TOO_LARGE',
    `This image is ${width}×${height} pixels (${mega(width * height)} megapixels); this instance accepts up to ${mega(limit)} megapixels`,
    { width, height, maxPixels: limit },
  );

const mega = (n: number) => (Math.round(n / 100_000) / 10).toString();

export async function processImage(input: Buffer, maxPixels: number): Promise<ProcessedImage> {
  // 1. What is it? Only the header is read here, so a bomb costs nothing yet.
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw unsupported();
  }
  if (!meta.format || !ACCEPTED_FORMATS.has(meta.format) || !meta.width || !meta.height) throw unsupported();
  if (meta.width * meta.height > maxPixels) throw tooManyPixels(meta.width, meta.height, maxPixels);

  // 2. Decode once (first frame of an animation), turn upright by EXIF
  //    orientation, cap the long edge, and keep plain sRGB pixels.
  let pixels: { data: Buffer; info: OutputInfo };
  try {
    pixels = await sharp(input, { limitInputPixels: maxPixels, failOn: 'truncated' })
      .autoOrient()
      .resize({ width: ORIGINAL_MAX_EDGE, height: ORIGINAL_MAX_EDGE, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (err) {
    const message = String((err as Error).message);
    if (/pixel limit/i.test(message)) throw tooManyPixels(meta.width, meta.height, maxPixels);
    throw new MeadowError('BAD_USER_INPUT', 'This image could not be decoded: the file is damaged or incomplete');
  }
  const { width, height, channels } = pixels.info;
  const raw = { raw: { width, height, channels } };
  const transparent = channels === 4 && hasTransparency(pixels.data);
  const fromPixels = () => {
    const image = sharp(pixels.data, raw);
    return channels === 4 && !transparent ? image.removeAlpha() : image;
  };

  // 3. The original: JPEG, or PNG when it really has transparency.
  const original = transparent
    ? { data: await fromPixels().png({ compressionLevel: 9, adaptiveFiltering: true }).toBuffer(), mimeType: 'image/png' }
    : { data: await fromPixels().jpeg({ quality: 85, progressive: true, chromaSubsampling: '4:2:0' }).toBuffer(), mimeType: 'image/jpeg' };
  const variants: ProcessedVariant[] = [{ name: 'original', width, height, ...original }];

  // 4. WebP sizes by width, none larger than the source.
  for (const size of WEBP_WIDTHS) {
    if (size.width > width) continue;
    const out = await fromPixels().resize({ width: size.width }).webp({ quality: 80, alphaQuality: 90 }).toBuffer({ resolveWithObject: true });
    variants.push({ name: size.name, data: out.data, width: out.info.width, height: out.info.height, mimeType: 'image/webp' });
  }

  return { width, height, mimeType: original.mimeType, blurhash: await blurhashOf(pixels.data, raw.raw), variants };
}

function hasTransparency(rgba: Buffer): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i]! < 255) return true;
  return false;
}

/** Blurhash from a 32 px thumbnail; 4×3 components (3×4 for portrait). */
async function blurhashOf(data: Buffer, raw: { width: number; height: number; channels: 1 | 2 | 3 | 4 }): Promise<string> {
  const small = await sharp(data, { raw })
    .resize({ width: 32, height: 32, fit: 'inside' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const portrait = small.info.height > small.info.width;
  return encodeBlurhash(new Uint8ClampedArray(small.data), small.info.width, small.info.height, portrait ? 3 : 4, portrait ? 4 : 3);
}
