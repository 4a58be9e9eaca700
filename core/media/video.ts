// Video uploads: recognised by their first bytes, kept as uploaded (no
// transcoding yet). When ffprobe and ffmpeg are on PATH they check that the
// file really is a playable video, read its duration and size, and cut a
// poster frame. They are run with execFile and fixed arguments; the only
// path handed to them is a temporary file whose name Meadow chose.
// MEADOW_FFMPEG=off turns the tools off (tests run both paths this way).

import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { MeadowError } from '../errors/errors.ts';

export interface VideoType {
  mimeType: 'video/mp4' | 'video/quicktime' | 'video/webm';
}

/** ISO-BMFF major brands of MP4 and QuickTime files ("qt  " is QuickTime). */
const MP4_BRANDS = new Set(['mp4 ', 'isom', 'iso2', 'avc1', 'mp41', 'mp42']);
const QUICKTIME_BRANDS = new Set(['qt  ']);
const EBML_MAGIC = Buffer.from([0x1a, 0x45, 0xdf, 0xa3]);
const EBML_DOCTYPE_WEBM = Buffer.from([0x42, 0x82, 0x84, 0x77, 0x65, 0x62, 0x6d]); // DocType, size 4, "webm"

/** Bytes needed to decide (`sniffVideo` reads no further). */
export const SNIFF_BYTES = 64;

/**
 * The video type of a file by its first bytes, or null when it is not one
 * Meadow accepts. Only the major brand counts: HEIF/AVIF images are
 * ISO-BMFF too (brands heic, avif, mif1 …) and must stay images.
 */
export function sniffVideo(head: Buffer): VideoType | null {
  if (head.length >= 12 && head.toString('latin1', 4, 8) === 'ftyp') {
    const brand = head.toString('latin1', 8, 12);
    if (MP4_BRANDS.has(brand)) return { mimeType: 'video/mp4' };
    if (QUICKTIME_BRANDS.has(brand)) return { mimeType: 'video/quicktime' };
    return null;
  }
  if (head.subarray(0, 4).equals(EBML_MAGIC) && head.subarray(0, SNIFF_BYTES).includes(EBML_DOCTYPE_WEBM)) return { mimeType: 'video/webm' };
  return null;
}

// ------------------------------------------------------------ ffmpeg tools

let found: { path: string; tools: boolean } | null = null;

async function onPath(name: string, path: string): Promise<boolean> {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    try {
      await access(join(dir, name), constants.X_OK);
      return true;
    } catch {
      // not in this folder
    }
  }
  return false;
}

/** ffprobe and ffmpeg are both on PATH and not turned off with MEADOW_FFMPEG=off. */
export async function videoToolsAvailable(): Promise<boolean> {
  if (process.env.MEADOW_FFMPEG === 'off') return false;
  const path = process.env.PATH ?? '';
  if (found?.path !== path) found = { path, tools: (await onPath('ffprobe', path)) && (await onPath('ffmpeg', path)) };
  return found.tools;
}

const TOOL_TIMEOUT_MS = 60_000;

function run(command: 'ffprobe' | 'ffmpeg', args: string[], maxBuffer: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { encoding: 'buffer', maxBuffer, timeout: TOOL_TIMEOUT_MS, windowsHide: true }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}

const notPlayable = () =>
  new MeadowError('UNSUPPORTED_MEDIA_TYPE', 'This file looks like a video but could not be read as one (damaged, incomplete or without a video track)');

export interface ProbedVideo {
  width: number | null;
  height: number | null;
  durationMs: number | null;
}

/** Duration and display size by ffprobe; refuses files it cannot read or that have no video track. */
export async function probeVideo(path: string): Promise<ProbedVideo> {
  let out: any;
  try {
    const json = await run('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '-i', path], 4 * 1_048_576);
    out = JSON.parse(json.toString('utf8'));
  } catch {
    throw notPlayable();
  }
  const stream = (out?.streams ?? []).find((s: any) => s?.codec_type === 'video' && s?.disposition?.attached_pic !== 1);
  if (!stream) throw notPlayable();
  const seconds = Number(out?.format?.duration ?? stream.duration);
  let width = positiveInt(stream.width);
  let height = positiveInt(stream.height);
  // Phones record sideways and say so in a rotation; report the size as shown.
  const rotation = Math.abs(Number(stream.tags?.rotate ?? stream.side_data_list?.find((d: any) => d?.rotation != null)?.rotation ?? 0)) % 180;
  if (rotation === 90) [width, height] = [height, width];
  return { width, height, durationMs: Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : null };
}

const positiveInt = (v: unknown) => (Number.isInteger(v) && (v as number) > 0 ? (v as number) : null);

/** One frame as PNG, about 1 s in (earlier for short clips); null when ffmpeg gives none. */
export async function posterFrame(path: string, durationMs: number | null): Promise<Buffer | null> {
  const at = durationMs == null ? 0 : Math.min(1, durationMs / 2000);
  for (const seconds of at > 0 ? [at, 0] : [0]) {
    try {
      const png = await run(
        'ffmpeg',
        ['-v', 'error', '-nostdin', '-ss', seconds.toFixed(3), '-i', path, '-frames:v', '1', '-an', '-f', 'image2pipe', '-c:v', 'png', 'pipe:1'],
        64 * 1_048_576,
      );
      if (png.length) return png;
    } catch {
      // try the first frame, then give up: a video without a poster is still a video
    }
  }
  return null;
}
