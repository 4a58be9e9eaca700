// HTTP for media: POST /media (multipart upload) and GET /media/files/:key.
// Multipart parsing is registered in this plugin's scope only, with the
// instance's upload limit.

import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import type { PluginContext } from '../plugins/context.ts';
import { RequestViewer } from '../hooks/core-hooks.ts';
import { MeadowError, badInput, unauthenticated } from '../errors/errors.ts';
import { toGlobalId } from '../graphql/relay.ts';
import type { MediaRecord } from './contracts.ts';
import { MAX_ALT_LENGTH, checkFocus, type MediaServiceImpl } from './service.ts';

/** The public JSON form of a media record (the same fields as GraphQL's Media). */
export function mediaJson(media: MediaRecord) {
  return {
    id: toGlobalId('Media', media.id),
    kind: media.kind,
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

export function mediaRoutes(service: () => MediaServiceImpl) {
  return async (app: FastifyInstance, ctx: PluginContext) => {
    await app.register(multipart, {
      throwFileSizeLimit: true,
      limits: {
        fileSize: ctx.config.limits.uploadBytes,
        files: 1,
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

      let file: Buffer | null = null;
      const fields: Record<string, string> = {};
      for await (const part of req.parts()) {
        if (part.type === 'file') {
          if (part.fieldname !== 'file') throw badInput(`Unexpected file field "${part.fieldname}"; send the image as "file"`);
          file = await part.toBuffer();
        } else if (FIELDS.has(part.fieldname)) {
          if (part.valueTruncated) throw badInput(`${part.fieldname} is too long`);
          fields[part.fieldname] = String(part.value);
        }
      }
      if (!file || file.length === 0) throw badInput('No image was sent: add a "file" field');

      const media = await service().upload(viewer.accountId, file, {
        alt: fields.alt,
        focalPoint: { x: checkFocus('focusX', fields.focusX ?? 0), y: checkFocus('focusY', fields.focusY ?? 0) },
      });
      return reply.status(201).send(mediaJson(media));
    });

    app.get<{ Params: { key: string } }>('/media/files/:key', async (req, reply) => {
      const object = await service().storage.get(req.params.key);
      if (!object) throw new MeadowError('NOT_FOUND', 'No such media file');
      return reply
        .header('content-type', object.contentType)
        .header('content-length', object.bytes)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cross-origin-resource-policy', 'cross-origin')
        .send(object.stream);
    });
  };
}
