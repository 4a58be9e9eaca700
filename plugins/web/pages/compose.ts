// /compose (a new note, or ?edit=<n> for one's own note or draft) and
// /drafts. The form posts multipart to /compose and works without
// JavaScript: its plain multiple file input is uploaded by the server and
// appended to the images; with the compose island, images are uploaded to
// /media as they are picked, previewed, reordered and removed, and only
// their media ids travel with the form. Structured blocks (steps,
// checklist, pitfalls) are repeated rows in fieldsets; empty rows are
// dropped. "Publish" or "Save draft" decides what createNote/updateNote do.

import { localId, toGlobalId, type PluginContext } from '../../../core/index.ts';
import type { WebPageContext, WebPageResult } from '../contracts.ts';
import { html, safeUrl, type SafeHtml } from '../render/html.ts';
import { errorsOf, fieldError, formAlert, describedBy, hidden, type FieldErrors } from '../render/forms.ts';
import { notePath } from '../render/cards.ts';
import { uploadImages, uploadMessage, type ReceivedFile } from '../uploads.ts';

type BlockKind = 'tutorial' | 'checklist' | 'pitfalls';
const VISIBILITIES = ['public', 'unlisted', 'followers', 'private'] as const;
const COMMENT_POLICIES = ['everyone', 'followers', 'following', 'nobody'] as const;
/** '' is no label; the others are NoteInput.disclosure. */
const DISCLOSURES = ['', 'sponsored', 'promoted'] as const;
/** The columns of a block's rows; the first is the one a row cannot be without. */
const COLUMNS: Record<BlockKind, readonly string[]> = {
  tutorial: ['text', 'media', 'product', 'place'],
  checklist: ['name', 'note', 'link'],
  pitfalls: ['warning', 'reason'],
};
const MIN_ROWS: Record<BlockKind, number> = { tutorial: 3, checklist: 4, pitfalls: 2 };

interface BlockModel {
  kind: BlockKind;
  title: string;
  rows: Record<string, string>[];
}

interface ComposeModel {
  noteId: string | null;
  status: string | null;
  title: string;
  body: string;
  visibility: string;
  commentPolicy: string;
  disclosure: string;
  images: { id: string; url: string; alt: string }[];
  cover: string | null;
  blocks: BlockModel[];
  hasVideo: boolean;
}

const EDIT_QUERY = `query WebEditNote($id: ID!) { note(id: $id) { id status title body visibility commentPolicy disclosure author { id } video { id }
  images { alt isCover media { id url(variant: small) } }
  blocks { __typename
    ... on TutorialBlock { title steps { text productRef placeRef images { id } } }
    ... on ChecklistBlock { title items { name note link } }
    ... on PitfallBlock { title entries { warning reason } } } } }`;

const empty = (): ComposeModel => ({ noteId: null, status: null, title: '', body: '', visibility: 'public', commentPolicy: 'everyone', disclosure: '', images: [], cover: null, blocks: [], hasVideo: false });

async function loadNote(page: WebPageContext, n: number): Promise<ComposeModel | null> {
  const { note } = await page.gql<{ note: any }>(EDIT_QUERY, { id: toGlobalId('Note', n) });
  if (!note || note.author.id !== page.viewer?.id) return null;
  const images = note.images.filter((i: any) => i.media).map((i: any) => ({ id: i.media.id, url: i.media.url, alt: i.alt }));
  const blocks: BlockModel[] = note.blocks.map((b: any): BlockModel => {
    if (b.__typename === 'TutorialBlock') return { kind: 'tutorial', title: b.title ?? '', rows: b.steps.map((s: any) => ({ text: s.text, media: s.images.map((m: any) => m.id).join(','), product: s.productRef ?? '', place: s.placeRef ?? '' })) };
    if (b.__typename === 'ChecklistBlock') return { kind: 'checklist', title: b.title ?? '', rows: b.items.map((i: any) => ({ name: i.name, note: i.note ?? '', link: i.link ?? '' })) };
    return { kind: 'pitfalls', title: b.title ?? '', rows: b.entries.map((e: any) => ({ warning: e.warning, reason: e.reason })) };
  });
  const cover = note.images.find((i: any) => i.isCover)?.media?.id ?? null;
  return {
    noteId: note.id, status: note.status, title: note.title, body: note.body, visibility: note.visibility,
    commentPolicy: note.commentPolicy, disclosure: note.disclosure ?? '', images, cover, blocks, hasVideo: !!note.video,
  };
}

/** The blocks as the form sent them: hidden "block" inputs say "<index>:<kind>", rows are aligned columns. */
function blocksOf(form: URLSearchParams): BlockModel[] {
  const out: BlockModel[] = [];
  for (const entry of form.getAll('block')) {
    const m = /^(\d{1,2}):(tutorial|checklist|pitfalls)$/.exec(entry);
    if (!m) continue;
    const [, i, kind] = m as unknown as [string, string, BlockKind];
    const columns = COLUMNS[kind];
    const cells = columns.map((c) => form.getAll(`b${i}-${c}`));
    const rows = cells[0]!.map((_, r) => Object.fromEntries(columns.map((c, k) => [c, (cells[k]![r] ?? '').trim()])));
    out.push({ kind, title: (form.get(`b${i}-title`) ?? '').trim(), rows });
  }
  return out;
}

/** The NoteBlockInput list: rows without their first column and blocks without rows are left out. */
function blockInputs(blocks: readonly BlockModel[]) {
  const opt = (s: string | undefined) => s || null;
  return blocks
    .map((b) => ({ ...b, rows: b.rows.filter((r) => r[COLUMNS[b.kind][0]!]) }))
    .filter((b) => b.rows.length)
    .map((b) => {
      const base = { kind: b.kind, title: b.title || null };
      if (b.kind === 'tutorial') return { ...base, steps: b.rows.map((r) => ({ text: r.text!, mediaIds: (r.media ?? '').split(',').filter(Boolean), productRef: opt(r.product), placeRef: opt(r.place) })) };
      if (b.kind === 'checklist') return { ...base, items: b.rows.map((r) => ({ name: r.name!, note: opt(r.note), link: opt(r.link) })) };
      return { ...base, entries: b.rows.map((r) => ({ warning: r.warning!, reason: r.reason ?? '' })) };
    });
}

function thumb(page: WebPageContext, image: { id: string; url: string; alt: string }, index: number, cover: boolean): SafeHtml {
  const { t } = page;
  return html`<li class="thumb" data-thumb>
  <img src="${safeUrl(image.url)}" alt="" width="96" height="96">
  ${hidden('image', image.id)}
  <label for="alt-${index}">${t('compose.alt')}</label><input id="alt-${index}" name="imageAlt" value="${image.alt}" maxlength="1500">
  <label class="inline"><input type="radio" name="cover" value="${image.id}"${cover ? html` checked` : ''}> ${t('compose.cover')}</label>
  <label class="inline" data-nojs><input type="checkbox" name="removeImage" value="${image.id}"> ${t('compose.remove')}</label>
  <span class="thumb-tools" data-tools hidden><button type="button" data-move="-1" aria-label="${t('compose.moveUp')}">↑</button><button type="button" data-move="1" aria-label="${t('compose.moveDown')}">↓</button><button type="button" data-remove aria-label="${t('compose.remove')}">✕</button></span>
</li>`;
}

function blockFieldset(page: WebPageContext, block: BlockModel, i: number): SafeHtml {
  const { t } = page;
  const rows = [...block.rows, ...Array.from({ length: Math.max(1, MIN_ROWS[block.kind] - block.rows.length) }, () => ({}) as Record<string, string>)];
  const legend = { tutorial: t('note.steps'), checklist: t('note.checklist'), pitfalls: t('note.pitfalls') }[block.kind];
  const cell = (r: number, col: string, label: string, value: string | undefined, type = 'text') =>
    html`<label for="b${i}-${col}-${r}" class="visually-hidden">${label}</label><input id="b${i}-${col}-${r}" name="b${i}-${col}" type="${type}" value="${value ?? ''}" placeholder="${label}">`;
  const row = (r: number, v: Record<string, string>) => {
    switch (block.kind) {
      case 'tutorial':
        return html`<li class="block-row" data-row><label for="b${i}-text-${r}" class="visually-hidden">${t('compose.stepN', { n: r + 1 })}</label><textarea id="b${i}-text-${r}" name="b${i}-text" rows="2" placeholder="${t('compose.stepN', { n: r + 1 })}">${v.text ?? ''}</textarea>${hidden(`b${i}-media`, v.media ?? '')}${hidden(`b${i}-product`, v.product ?? '')}${hidden(`b${i}-place`, v.place ?? '')}</li>`;
      case 'checklist':
        return html`<li class="block-row" data-row>${cell(r, 'name', t('compose.itemName'), v.name)}${cell(r, 'note', t('compose.itemNote'), v.note)}${cell(r, 'link', t('compose.itemLink'), v.link, 'url')}</li>`;
      default:
        return html`<li class="block-row" data-row>${cell(r, 'warning', t('compose.warning'), v.warning)}${cell(r, 'reason', t('compose.reason'), v.reason)}</li>`;
    }
  };
  return html`<fieldset class="block-editor" data-block>
  <legend>${legend}</legend>
  ${hidden('block', `${i}:${block.kind}`)}
  <label for="b${i}-title">${t('compose.blockTitle')}</label><input id="b${i}-title" name="b${i}-title" value="${block.title}" maxlength="100" placeholder="${legend}">
  <ol class="block-rows">${rows.map((v, r) => row(r, v))}</ol>
  <button type="button" data-add-row hidden>${t('compose.addRow')}</button>
</fieldset>`;
}

export async function composePage(page: WebPageContext, failed: { model: ComposeModel; errors: FieldErrors } | null = null): Promise<WebPageResult | null> {
  const { t } = page;
  const edit = Number(page.url.searchParams.get('edit'));
  const model = failed?.model ?? (Number.isSafeInteger(edit) && edit > 0 ? await loadNote(page, edit) : empty());
  if (!model) return null;
  const e = failed?.errors ?? {};
  // Every kind has a fieldset; the ones the note has come first, with their rows.
  const blocks = [...model.blocks, ...(['tutorial', 'checklist', 'pitfalls'] as const).filter((k) => !model.blocks.some((b) => b.kind === k)).map((kind) => ({ kind, title: '', rows: [] }))];
  const cover = model.cover && model.images.some((i) => i.id === model.cover) ? model.cover : model.images[0]?.id;
  const published = model.status === 'published' || model.status === 'scheduled';
  const heading = model.noteId ? t(published ? 'compose.editTitle' : 'compose.editDraftTitle') : t('compose.title');
  const body = html`<h1 class="page-title">${heading}</h1>
<p><a href="/drafts">${t('drafts.title')}</a></p>
${formAlert(e)}
<form method="post" action="/compose" enctype="multipart/form-data" class="stacked compose" data-compose>
  ${model.noteId ? hidden('noteId', model.noteId) : ''}${model.hasVideo ? hidden('hasVideo', '1') : ''}
  ${model.hasVideo ? html`<p class="hint">${t('compose.hasVideo')}</p>` : html`<fieldset class="compose-images"${describedBy('images', e)}>
    <legend>${t('note.images')}</legend>
    <ol class="thumbs" data-thumbs>${model.images.map((img, i) => thumb(page, img, i, img.id === cover))}</ol>
    <template data-thumb-template>${thumb(page, { id: '', url: '/', alt: '' }, 0, false)}</template>
    <label for="f-files">${t('compose.addImages')}</label>
    <input id="f-files" name="files" type="file" accept="image/*" multiple data-upload aria-describedby="files-hint">
    <p class="hint" id="files-hint">${t('compose.imagesHint')}</p>
    <p class="hint" data-upload-status role="status" data-uploading="${t('compose.uploading')}"></p>
    ${fieldError('images', e)}${fieldError('coverIndex', e)}
  </fieldset>`}
  <div class="form-field"><label for="f-title">${t('compose.noteTitle')}</label>
    <input id="f-title" name="title" value="${model.title}" maxlength="100"${describedBy('title', e)}>${fieldError('title', e)}</div>
  <div class="form-field"><label for="f-body">${t('compose.body')}</label>
    <textarea id="f-body" name="body" rows="8"${describedBy('body', e, true)}>${model.body}</textarea>
    <p class="hint" id="body-hint">${t('compose.bodyHint')}</p>${fieldError('body', e)}</div>
  <details class="compose-blocks"${model.blocks.length || e.blocks ? html` open` : ''}><summary>${t('compose.blocks')}</summary>
    <p class="hint">${t('compose.blocksHint')}</p>
    ${blocks.map((b, i) => blockFieldset(page, b, i))}
    ${fieldError('blocks', e)}
  </details>
  <div class="form-field"><label for="f-visibility">${t('compose.visibility')}</label>
    <select id="f-visibility" name="visibility">${VISIBILITIES.map((v) => html`<option value="${v}"${v === model.visibility ? html` selected` : ''}>${t(`compose.visibility.${v}`)}</option>`)}</select>${fieldError('visibility', e)}</div>
  <div class="form-field"><label for="f-commentPolicy">${t('compose.commentPolicy')}</label>
    <select id="f-commentPolicy" name="commentPolicy">${COMMENT_POLICIES.map((v) => html`<option value="${v}"${v === model.commentPolicy ? html` selected` : ''}>${t(`compose.commentPolicy.${v}`)}</option>`)}</select>${fieldError('commentPolicy', e)}</div>
  <div class="form-field"><label for="f-disclosure">${t('compose.disclosure')}</label>
    <select id="f-disclosure" name="disclosure"${describedBy('disclosure', e, true)}>${DISCLOSURES.map((v) => html`<option value="${v}"${v === model.disclosure ? html` selected` : ''}>${t(`compose.disclosure.${v || 'none'}`)}</option>`)}</select>
    <p class="hint" id="disclosure-hint">${t('compose.disclosureHint')}</p>${fieldError('disclosure', e)}</div>
  <div class="compose-submit">
    <button type="submit" name="intent" value="publish" class="primary">${published ? t('compose.saveChanges') : t('compose.publish')}</button>
    ${published ? '' : html`<button type="submit" name="intent" value="draft">${t('compose.saveDraft')}</button>`}
  </div>
</form>`;
  return { title: heading, status: failed ? 400 : 200, body, meta: { noindex: true }, scripts: [page.asset('compose.js')] };
}

/** Small thumbnails for media ids the form carries (after a failed post). */
async function imagesOf(page: WebPageContext, ids: readonly string[], alts: readonly string[]) {
  const out: ComposeModel['images'] = [];
  for (const [i, id] of ids.entries()) {
    const data = await page.gql<{ media: { id: string; url: string } | null }>(`query WebThumb($id: ID!) { media(id: $id) { id url(variant: small) } }`, { id }).catch(() => null);
    if (data?.media) out.push({ id: data.media.id, url: data.media.url, alt: alts[i] ?? '' });
  }
  return out;
}

export async function saveNote(ctx: PluginContext, page: WebPageContext, form: URLSearchParams, files: readonly ReceivedFile[], uploadError: string | null = null): Promise<WebPageResult> {
  const removed = new Set(form.getAll('removeImage'));
  const alts = form.getAll('imageAlt');
  const kept = form.getAll('image').map((id, i) => ({ id, alt: alts[i] ?? '' })).filter((img) => img.id && !removed.has(img.id));
  const noteId = form.get('noteId') || null;
  const intent = form.get('intent') === 'draft' ? 'draft' : 'publish';
  const visibility = VISIBILITIES.find((v) => v === form.get('visibility')) ?? 'public';
  const commentPolicy = COMMENT_POLICIES.find((v) => v === form.get('commentPolicy')) ?? 'everyone';
  const disclosure = DISCLOSURES.find((v) => v === form.get('disclosure')) ?? '';
  const blocks = blocksOf(form);
  const fields = ['images', 'coverIndex', 'title', 'body', 'blocks', 'visibility', 'commentPolicy', 'disclosure'];

  let uploaded: string[] = [];
  let errors: FieldErrors = uploadError ? { images: uploadError } : {};
  if (!uploadError) {
    try {
      uploaded = await uploadImages(ctx, page.viewer!, files.filter((f) => f.field === 'files'));
    } catch (err) {
      errors = { images: uploadMessage(err, ctx.config.limits.uploadBytes) };
    }
  }
  const images = [...kept, ...uploaded.map((id) => ({ id, alt: '' }))];
  const cover = Math.max(0, images.findIndex((img) => img.id === form.get('cover')));
  const hasVideo = form.get('hasVideo') === '1';

  let saved: { id: string; status: string } | null = null;
  if (!errors.images) {
    const input = {
      title: form.get('title') ?? '',
      body: form.get('body') ?? '',
      visibility,
      commentPolicy,
      disclosure: disclosure || null,
      blocks: blockInputs(blocks),
      ...(hasVideo ? {} : { images: images.map((img) => ({ mediaId: img.id, alt: img.alt.trim() || null })), coverIndex: images.length ? cover : 0 }),
    };
    try {
      if (noteId) {
        const data = await page.gql(`mutation WebUpdateNote($id: ID!, $input: NoteInput!) { updateNote(id: $id, input: $input) { id status } }`, { id: noteId, input });
        saved = data.updateNote;
        if (intent === 'publish' && saved!.status === 'draft') saved = (await page.gql(`mutation WebPublish($id: ID!) { publishNote(id: $id) { id status } }`, { id: noteId })).publishNote;
      } else {
        const data = await page.gql(`mutation WebCreateNote($input: NoteInput!) { createNote(input: $input) { id status } }`, { input: { ...input, publish: intent === 'publish' } });
        saved = data.createNote;
      }
    } catch (err) {
      errors = errorsOf(err, fields);
    }
  }
  if (saved && !Object.keys(errors).length) {
    const n = localId(saved.id, 'Note');
    return { redirect: saved.status === 'draft' ? `/drafts?saved=${n}` : notePath(saved.id), status: 303 };
  }
  // Back to the form with everything typed and every image already stored.
  const model: ComposeModel = {
    noteId: saved?.id ?? noteId,
    status: saved?.status ?? null,
    title: form.get('title') ?? '',
    body: form.get('body') ?? '',
    visibility,
    commentPolicy,
    disclosure,
    images: await imagesOf(page, images.map((i) => i.id), images.map((i) => i.alt)),
    cover: images[cover]?.id ?? null,
    blocks: blocks.map((b) => ({ ...b, rows: b.rows.filter((r) => Object.values(r).some(Boolean)) })),
    hasVideo,
  };
  return (await composePage(page, { model, errors }))!;
}

const DRAFTS_QUERY = `query WebDrafts { myDrafts(first: 50) { id title status scheduledAt createdAt
  cover { alt media { url(variant: small) } } } }`;

export async function draftsPage(page: WebPageContext): Promise<WebPageResult> {
  const { t } = page;
  const { myDrafts } = await page.gql<{ myDrafts: { id: string; title: string; status: string; scheduledAt: string | null; createdAt: string; cover: { alt: string; media: { url: string } | null } | null }[] }>(DRAFTS_QUERY);
  const saved = Number(page.url.searchParams.get('saved'));
  const dateOf = (iso: string) => new Date(iso).toLocaleString(page.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
  const body = html`<h1 class="page-title">${t('drafts.title')}</h1>
${saved ? html`<p class="form-saved" role="status">${t('drafts.saved')}</p>` : ''}
<p><a class="button primary" href="/compose">${t('compose.title')}</a></p>
${myDrafts.length
    ? html`<ul class="drafts" role="list">${myDrafts.map((d) => {
        const n = localId(d.id, 'Note');
        return html`<li class="draft"${n === saved ? html` aria-current="true"` : ''}>
  ${d.cover?.media ? html`<img src="${safeUrl(d.cover.media.url)}" alt="" width="64" height="64">` : html`<span class="draft-noimage" aria-hidden="true"></span>`}
  <div><a href="/compose?edit=${n}">${d.title || t('drafts.untitled')}</a>
  <p class="hint">${d.status === 'scheduled' && d.scheduledAt ? t('drafts.scheduled', { at: dateOf(d.scheduledAt) }) : t('drafts.created', { at: dateOf(d.createdAt) })}</p></div>
</li>`;
      })}</ul>`
    : html`<p class="empty">${t('drafts.empty')}</p>`}`;
  return { title: t('drafts.title'), body, meta: { noindex: true } };
}
