// Forms with files, for people without JavaScript: the compose form's
// plain multiple file input and the avatar form post multipart/form-data
// here; the files go through the media service (the same checks and
// re-encoding as POST /media) and the form's other fields come back as
// URLSearchParams like any other form of the site.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { MediaServiceRef, isMeadowError, localId, toGlobalId, type PluginContext } from '../../core/index.ts';
import type { WebViewer } from './contracts.ts';

/** Enough for a note's images (the notes plugin allows 18) and nothing more. */
const MAX_FILES = 18;

export interface ReceivedFile {
  field: string;
  data: Buffer;
}

export async function registerMultipart(app: FastifyInstance, ctx: PluginContext): Promise<void> {
  await app.register(multipart, {
    throwFileSizeLimit: true,
    limits: { fileSize: ctx.config.limits.uploadBytes, files: MAX_FILES, fields: 400, fieldSize: 64 * 1024, parts: 420 },
  });
}

/** Reads a multipart form: fields in order, and the non-empty files (an empty file input still sends a part). */
export async function readMultipart(req: FastifyRequest): Promise<{ form: URLSearchParams; files: ReceivedFile[] }> {
  const form = new URLSearchParams();
  const files: ReceivedFile[] = [];
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      const data = await part.toBuffer();
      if (part.filename && data.length) files.push({ field: part.fieldname, data });
    } else form.append(part.fieldname, String(part.value ?? ''));
  }
  return { form, files };
}

/** The message to show for an upload that failed (too large, not an image …). */
export function uploadMessage(err: unknown, limitBytes: number): string {
  if (isMeadowError(err)) return err.message;
  // @fastify/multipart's "file too large" (a 413 error of its own): said the way POST /media says it.
  if (err instanceof Error && (err as Error & { statusCode?: number }).statusCode === 413) {
    return `This file is over the limit: this instance accepts images up to ${Math.round((limitBytes / 1_048_576) * 10) / 10} MiB`;
  }
  throw err;
}

/** Stores images for the viewer; returns their global Media ids in the same order. */
export async function uploadImages(ctx: PluginContext, viewer: WebViewer, files: readonly ReceivedFile[]): Promise<string[]> {
  const media = ctx.services.get(MediaServiceRef);
  const owner = localId(viewer.id, 'Account');
  const ids: string[] = [];
  for (const file of files) ids.push(toGlobalId('Media', (await media.upload(owner, file.data)).id));
  return ids;
}
