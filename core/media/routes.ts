// HTTP for media: POST /media (multipart upload) and GET /media/files/:key.
// Multipart parsing is registered in this plugin's scope only. The file's
// first bytes decide what it is (never its name or Content-Type): a video
// streams to a temporary file under limits.videoBytes, anything else is
// read into memory under limits.uploadBytes and must be an image.

import type { FastifyInstance } from 'fastify';
import multipart, { type MultipartFile } from '@fastify/multipart';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PluginContext } from '../plugins/context.ts';
import { RequestViewer } from '../hooks/core-hooks.ts';
import { MeadowError, badInput, unauthenticated } from '../errors/errors.ts';
import { toGlobalId } from '../graphql/relay.ts';
import type { MediaRecord } from './contracts.ts';
import { MAX_ALT_LENGTH, checkFocus, videoTooLarge, type MediaServiceImpl } from './service.ts';
import { sniffVideo, SNIFF_BYTES, type VideoType } from './video.ts';
import type { RangeRequest } from './storage.ts';

/** The public JSON form of a media record (the same fields as GraphQL's Media); a video carries its poster. */
export function mediaJson(media: MediaRecord, poster: MediaRecord | null = null): Record<string, unknown> {
  return {
    id: toGlobalId('Media', media.id),
    kind: media.kind,
    durationMs: media.durationMs,
    poster: poster ? mediaJson(poster) : null,
    url: media.variants.find((v) => v.name === 'original')!.url,
    mimeType: media.mimeType,
    width: media.width,
    height: media.height,
    blurhash: media.blurhash,
    focalPoint: media.focalPoint,
    alt: media.alt,
    bytes: media.bytes,
    variants: media.variants.map(({ name, width, height, mimeType, bytes, url }) => ({ name, width, height, mimeType, bytes, url })),
    createdAt: media.createdAt.toISOString(),
  };
}

const FIELDS = new Set(['alt', 'focusX', 'focusY']);
const UPLOADS_PER_MINUTE = 60;

const imageTooLarge = (limit: number) =>
  new MeadowError('PAYLOAD_TOO_LARGE', `This file is over the limit: this instance accepts images up to ${Math.round((limit / 1_048_576) * 10) / 10} MiB`, { maxBytes: limit });

type Received = { kind: 'image'; data: Buffer } | { kind: 'video'; type: VideoType; path: string };

/**
 * Reads the "file" part: decides by its first bytes, then keeps an image in
 * memory or streams a video into `dir` (a fresh temporary folder), each
 * under its own limit.
 */
async function receiveFile(part: MultipartFile, dir: string, limits: { uploadBytes: number; videoBytes: number }): Promise<Received> {
  const head: Buffer[] = [];
  let size = 0;
  let video: VideoType | null | undefined;
  let file: Awaited<ReturnType<typeof open>> | null = null;
  const path = join(dir, 'upload');
  const decide = async () => {
    video = sniffVideo(Buffer.concat(head).subarray(0, SNIFF_BYTES));
    if (!video) return;
    file = await open(path, 'wx', 0o600);
    await file.write(Buffer.concat(head));
    head.length = 0;
  };
  try {
    for await (const chunk of part.file as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (video === undefined) {
        head.push(chunk);
        if (size >= SNIFF_BYTES) await decide();
      } else if (video) await file!.write(chunk);
      else head.push(chunk);
      if (video && size > limits.videoBytes) throw videoTooLarge(null, limits.videoBytes);
      if (video === null && size > limits.uploadBytes) throw imageTooLarge(limits.uploadBytes);
    }
    if (video === undefined) await decide();
    // Multipart stopped reading at the larger of the two limits.
    if (part.file.truncated) throw video ? videoTooLarge(null, limits.videoBytes) : imageTooLarge(limits.uploadBytes);
  } finally {
    await (file as Awaited<ReturnType<typeof open>> | null)?.close();
  }
  return video ? { kind: 'video', type: video, path } : { kind: 'image', data: Buffer.concat(head) };
}

/** One `bytes=a-b`, `bytes=a-` or `bytes=-n` range; anything else (several ranges, bad syntax) is ignored and the whole file is sent. */
function parseRange(header: string | undefined): RangeRequest | null {
  const m = /^bytes=(\d{0,15})-(\d{0,15})$/.exec(header?.trim() ?? '');
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') return { suffix: Number(m[2]) };
  const start = Number(m[1]);
  const end = m[2] === '' ? null : Number(m[2]);
  return end !== null && end < start ? null : { start, end };
}

export function mediaRoutes(service: () => MediaServiceImpl) {
  return async (app: FastifyInstance, ctx: PluginContext) => {
    await app.register(multipart, {
      throwFileSizeLimit: true,
      limits: {
        // The larger limit here; receiveFile applies the one for what the file is.
        fileSize: Math.max(ctx.config.limits.uploadBytes, ctx.config.limits.videoBytes),
        // The file and, for a video, an optional "poster" image.
        files: 2,
        fields: 10,
        // Alt text of 1500 characters in 4-byte UTF-8 fits.
        fieldSize: MAX_ALT_LENGTH * 4 + 64,
        parts: 12,
      },
    });

    app.post('/media', async (req, reply) => {
      // Who is asking comes first, so nobody's body is read for nothing.
      const viewer = await ctx.hooks.applyFilter(RequestViewer, null, { headers: req.headers, cookies: req.cookies ?? {} });
      if (!viewer) throw unauthenticated('Sign in to upload images');
      // Processing costs CPU: bound each account's pace (shared across nodes with Redis).
      await ctx.rateLimit(`upload:${viewer.accountId}`, UPLOADS_PER_MINUTE, 60_000);
      if (!req.isMultipart()) throw badInput('Send the image as multipart/form-data with a "file" field');

      const limits = ctx.config.limits;
      const dir = await mkdtemp(join(tmpdir(), 'meadow-upload-'));
      try {
        let file: Received | null = null;
        let poster: Buffer | null = null;
        const fields: Record<string, string> = {};
        for await (const part of req.parts()) {
          if (part.type === 'file') {
            if (part.fieldname === 'file' && !file) file = await receiveFile(part, dir, limits);
            else if (part.fieldname === 'poster' && !poster) {
              poster = await part.toBuffer().catch((err) => {
                throw (err as { statusCode?: number }).statusCode === 413 ? imageTooLarge(limits.uploadBytes) : err;
              });
              if (poster.length > limits.uploadBytes) throw imageTooLarge(limits.uploadBytes);
            } else throw badInput(`Unexpected file field "${part.fieldname}"; send the image or video as "file" (and a video's poster image as "poster")`);
          } else if (FIELDS.has(part.fieldname)) {
            if (part.valueTruncated) throw badInput(`${part.fieldname} is too long`);
            fields[part.fieldname] = String(part.value);
          }
        }
        if (!file || (file.kind === 'image' && file.data.length === 0)) throw badInput('No file was sent: add a "file" field with an image or a video');
        if (poster && file.kind !== 'video') throw badInput('A "poster" goes with a video; this file is an image');

        const options = {
          alt: fields.alt,
          focalPoint: { x: checkFocus('focusX', fields.focusX ?? 0), y: checkFocus('focusY', fields.focusY ?? 0) },
          poster: poster && poster.length ? poster : undefined,
        };
        const media =
          file.kind === 'video'
            ? await service().uploadVideoFile(viewer.accountId, file.path, file.type, options)
            : await service().upload(viewer.accountId, file.data, options);
        const posterMedia = media.posterMediaId ? await service().getById(media.posterMediaId) : null;
        return reply.status(201).send(mediaJson(media, posterMedia));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    app.get<{ Params: { key: string } }>('/media/files/:key', async (req, reply) => {
      const range = parseRange(req.headers.range);
      const object = await service().storage.get(req.params.key, range ?? undefined);
      if (!object) throw new MeadowError('NOT_FOUND', 'No such media file');
      // Players fetch videos in pieces (and seek) with Range requests.
      reply.header('accept-ranges', 'bytes');
      if (object.range === 'unsatisfiable') {
        object.stream.destroy();
        return reply
          .status(416)
          .header('content-range', `bytes */${object.bytes}`)
          .send({ error: { code: 'RANGE_NOT_SATISFIABLE', message: `The file has ${object.bytes} bytes; the range asked for starts past its end` } });
      }
      if (object.range) {
        reply.status(206).header('content-range', `bytes ${object.range.start}-${object.range.end}/${object.bytes}`);
      }
      return reply
        .header('content-type', object.contentType)
        .header('content-length', object.range ? object.range.end - object.range.start + 1 : object.bytes)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cross-origin-resource-policy', 'cross-origin')
        .send(object.stream);
    });
  };
}
