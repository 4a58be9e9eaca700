// Input rules for notes, comments and boards (zod), turned into clear
// BAD_USER_INPUT errors that name the field.

import { z } from 'zod';
import { badInput } from '../../core/index.ts';
import { COMMENT_POLICIES, DISCLOSURES, MAX_BODY_LENGTH, MAX_IMAGES, MAX_TITLE_LENGTH, VISIBILITIES, type NoteBlock, type NoteDraft } from './contracts.ts';

const chars = (s: string) => [...s].length;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const text = (field: string, max: number, min = 0) =>
  z.string().refine((s) => chars(s) <= max, `${field} is at most ${max} characters`)
    .refine((s) => chars(s.trim()) >= min, min ? `${field} cannot be empty` : '')
    .refine((s) => !CONTROL.test(s), `${field} contains a control character`);

const httpsLink = z.string().max(2000).refine((s) => /^https?:\/\/[^\s<>"]+$/.test(s), 'a link must start with https:// or http://');
const ref = z.string().min(1).max(400).nullish();

const TutorialSchema = z.object({
  kind: z.literal('tutorial'),
  title: text('A block title', 100).nullish(),
  steps: z.array(z.object({
    text: text('A step', 2000, 1),
    mediaIds: z.array(z.number().int().positive()).max(9).default([]),
    productRef: ref,
    placeRef: ref,
  })).min(1, 'a tutorial needs at least one step').max(50),
});

const ChecklistSchema = z.object({
  kind: z.literal('checklist'),
  title: text('A block title', 100).nullish(),
  items: z.array(z.object({ name: text('An item name', 200, 1), note: text('An item note', 1000).nullish(), link: httpsLink.nullish() }))
    .min(1, 'a checklist needs at least one item').max(100),
});

const PitfallSchema = z.object({
  kind: z.literal('pitfalls'),
  title: text('A block title', 100).nullish(),
  entries: z.array(z.object({ warning: text('A warning', 300, 1), reason: text('A reason', 2000, 1) }))
    .min(1, 'a pitfall guide needs at least one entry').max(50),
});

export const BlockSchema = z.discriminatedUnion('kind', [TutorialSchema, ChecklistSchema, PitfallSchema]);

export const DraftSchema = z.object({
  title: text('The title', MAX_TITLE_LENGTH),
  body: text('The body', MAX_BODY_LENGTH),
  images: z.array(z.object({ mediaId: z.number().int().positive(), alt: text('Alt text', 1500).nullish() }))
    .max(MAX_IMAGES, `A note has at most ${MAX_IMAGES} images`),
  coverIndex: z.number().int().min(0).default(0),
  videoMediaId: z.number().int().positive().nullish(),
  placeRef: ref,
  visibility: z.enum(VISIBILITIES),
  language: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'language must be a language tag like zh-CN or en').nullish(),
  contentWarning: text('The content warning', 200).nullish(),
  blocks: z.array(BlockSchema).max(20, 'A note has at most 20 blocks').default([]),
  disclosure: z.enum(DISCLOSURES).nullish(),
  commentPolicy: z.enum(COMMENT_POLICIES).default('everyone'),
});

function fail(error: z.ZodError): never {
  const issue = error.issues[0]!;
  const field = issue.path.join('.');
  throw badInput(`${field ? `${field}: ` : ''}${issue.message}`, { field });
}

/** Checks a draft; `publishing` adds the rules a published note must meet (images, title). */
export function checkDraft(input: unknown, publishing: boolean): NoteDraft {
  const parsed = DraftSchema.safeParse(input);
  if (!parsed.success) fail(parsed.error);
  const d = parsed.data;
  const draft: NoteDraft = {
    title: d.title.trim(),
    body: d.body.replace(/\r\n?/g, '\n').trim(),
    images: d.images.map((i) => ({ mediaId: i.mediaId, alt: i.alt?.trim() || null })),
    coverIndex: d.coverIndex,
    videoMediaId: d.videoMediaId ?? null,
    placeRef: d.placeRef ?? null,
    visibility: d.visibility,
    language: d.language ?? null,
    contentWarning: d.contentWarning?.trim() || null,
    blocks: d.blocks.map(cleanBlock),
    disclosure: d.disclosure ?? null,
    commentPolicy: d.commentPolicy,
  };
  if (draft.videoMediaId && draft.images.length) {
    throw badInput(`A note has either 1 to ${MAX_IMAGES} images or one video, not both: remove the images or the video`, { field: 'video' });
  }
  if (new Set(draft.images.map((i) => i.mediaId)).size !== draft.images.length) throw badInput('The same image is listed twice', { field: 'images' });
  if (draft.images.length && draft.coverIndex >= draft.images.length) throw badInput(`coverIndex must point at one of the ${draft.images.length} images`, { field: 'coverIndex' });
  if (!draft.images.length && draft.coverIndex !== 0) throw badInput('coverIndex needs images', { field: 'coverIndex' });
  if (publishing) {
    if (!draft.images.length && !draft.videoMediaId) throw badInput(`A note needs 1 to ${MAX_IMAGES} images or one video`, { field: 'images' });
    if (!draft.title && !draft.body) throw badInput('A note needs a title or a body', { field: 'title' });
  }
  return draft;
}

function cleanBlock(b: z.infer<typeof BlockSchema>): NoteBlock {
  const title = b.title?.trim() || null;
  switch (b.kind) {
    case 'tutorial':
      return { kind: 'tutorial', title, steps: b.steps.map((s) => ({ text: s.text.trim(), mediaIds: s.mediaIds, productRef: s.productRef ?? null, placeRef: s.placeRef ?? null })) };
    case 'checklist':
      return { kind: 'checklist', title, items: b.items.map((i) => ({ name: i.name.trim(), note: i.note?.trim() || null, link: i.link ?? null })) };
    case 'pitfalls':
      return { kind: 'pitfalls', title, entries: b.entries.map((e) => ({ warning: e.warning.trim(), reason: e.reason.trim() })) };
  }
}

export function checkCommentBody(body: unknown): string {
  const parsed = text('The comment', 2000, 1).safeParse(body);
  if (!parsed.success) fail(parsed.error);
  return parsed.data.trim();
}

export function checkBoardInput(input: { name?: unknown; description?: unknown; visibility?: unknown }, partial: boolean) {
  const schema = z.object({
    name: text('The board name', 50, 1),
    description: text('The description', 500).default(''),
    visibility: z.enum(['public', 'private']).default('public'),
  });
  const parsed = (partial ? schema.partial() : schema).safeParse(input);
  if (!parsed.success) fail(parsed.error);
  return parsed.data as { name?: string; description?: string; visibility?: 'public' | 'private' };
}

/** All media ids a draft uses (images, tutorial step images and the video). */
export function mediaIdsOf(draft: NoteDraft): number[] {
  return [...imageIdsOf(draft), ...(draft.videoMediaId ? [draft.videoMediaId] : [])];
}

/** The media ids a draft uses as images (which must not be videos). */
export function imageIdsOf(draft: NoteDraft): number[] {
  const ids = new Set(draft.images.map((i) => i.mediaId));
  for (const b of draft.blocks) if (b.kind === 'tutorial') for (const s of b.steps) for (const id of s.mediaIds) ids.add(id);
  return [...ids];
}

/** Each medium is of the kind its place asks for; `kinds` maps media id to kind (ownership is already checked). */
export function checkMediaKinds(draft: NoteDraft, kinds: Map<number, string>, gid: (id: number) => string): void {
  for (const id of imageIdsOf(draft)) {
    if (kinds.get(id) !== 'image') {
      throw badInput(`Media ${gid(id)} is a video; a note takes one video as its video (videoId), not among its images`, { field: 'images', mediaId: gid(id) });
    }
  }
  if (draft.videoMediaId && kinds.get(draft.videoMediaId) !== 'video') {
    throw badInput(`Media ${gid(draft.videoMediaId)} is an image, not a video; put images in images`, { field: 'video', mediaId: gid(draft.videoMediaId) });
  }
}
