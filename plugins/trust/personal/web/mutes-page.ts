// /settings/mutes: the signed-in person's muted words (with whole-word and
// duration), muted topics and hidden notes, each with a form that works
// without JavaScript. Every form posts here with a `do` field; a failing
// one comes back with what was typed and the API's message next to it.
// The note page's "hide from my feeds" form posts here too (with `next`).

import { localId } from '../../../../core/index.ts';
import { html, type WebPageContext, type WebPageResult } from '../../../web/contracts.ts';
import { say } from './words.ts';

export const MUTES_PATH = '/settings/mutes';
const HIDDEN_PAGE = 30;
const DURATIONS = { '': 0, '1d': 1, '7d': 7, '30d': 30 } as const;
type Duration = keyof typeof DURATIONS;

const QUERY = `query TrustMutesPage($after: String, $first: Int!) {
  mutedWords { id word wholeWord expiresAt }
  mutedTopics { tag }
  hiddenNotes(first: $first, after: $after) { edges { node { id title author { handle displayName } } } pageInfo { hasNextPage endCursor } }
}`;

interface PageData {
  mutedWords: { id: string; word: string; wholeWord: boolean; expiresAt: string | null }[];
  mutedTopics: { tag: string }[];
  hiddenNotes: { edges: { node: { id: string; title: string; author: { handle: string; displayName: string } } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

/** A form that failed: which one, what was typed, and the message. */
interface Failed {
  form: 'word' | 'topic' | 'list';
  values: URLSearchParams;
  message: string;
}

const SAVED = ['word', 'unword', 'topic', 'untopic', 'unhide'] as const;

const error = (failed: Failed | null, form: Failed['form'], id: string) =>
  failed?.form === form ? html`<p class="field-error" id="${id}" role="alert">${failed.message}</p>` : '';

export async function mutesPage(page: WebPageContext, failed: Failed | null = null): Promise<WebPageResult> {
  if (!page.viewer) return { redirect: `/signin?next=${encodeURIComponent(page.url.pathname + page.url.search)}`, status: 303 };
  const after = page.url.searchParams.get('after') || null;
  const data = await page.gql<PageData>(QUERY, { after, first: HIDDEN_PAGE });
  const savedKey = SAVED.find((s) => s === page.url.searchParams.get('saved'));
  const typed = (form: Failed['form'], name: string) => (failed?.form === form ? (failed.values.get(name) ?? '') : '');
  const dateOf = (iso: string) => new Date(iso).toLocaleString(page.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
  const duration = typed('word', 'duration');
  const wholeWord = failed?.form === 'word' ? failed.values.get('wholeWord') === '1' : true;
  const button = (fields: Record<string, string>, label: string, name: string) => html`<form method="post" action="${MUTES_PATH}" class="inline-form">
    ${Object.entries(fields).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
    <button type="submit" aria-label="${name}">${label}</button></form>`;

  const words = html`<section class="settings-section" aria-labelledby="mutes-words">
  <h2 id="mutes-words">${say(page, 'words')}</h2>
  <form method="post" action="${MUTES_PATH}" class="stacked">
    <input type="hidden" name="do" value="mute-word">
    <div class="form-field"><label for="f-word">${say(page, 'word')}</label>
      <input id="f-word" name="word" value="${typed('word', 'word')}" maxlength="100" required aria-describedby="word-hint${failed?.form === 'word' ? ' word-error' : ''}"${failed?.form === 'word' ? html` aria-invalid="true"` : ''}>
      <p class="hint" id="word-hint">${say(page, 'wordHint')}</p>${error(failed, 'word', 'word-error')}</div>
    <div class="form-field checkbox"><input type="checkbox" id="f-wholeWord" name="wholeWord" value="1"${wholeWord ? html` checked` : ''} aria-describedby="wholeWord-hint">
      <label for="f-wholeWord">${say(page, 'wholeWord')}</label><p class="hint" id="wholeWord-hint">${say(page, 'wholeWordHint')}</p></div>
    <div class="form-field"><label for="f-duration">${say(page, 'duration')}</label>
      <select id="f-duration" name="duration">${(Object.keys(DURATIONS) as Duration[]).map((d) => html`<option value="${d}"${d === duration ? html` selected` : ''}>${say(page, d ? `duration.${d as Exclude<Duration, ''>}` : 'duration.forever')}</option>`)}</select></div>
    <button type="submit" class="primary">${say(page, 'muteWord')}</button>
  </form>
  ${data.mutedWords.length
    ? html`<ul class="mutes-list" aria-label="${say(page, 'words')}">${data.mutedWords.map((w) => html`<li><span class="muted-word">${w.word}</span>
      ${w.wholeWord ? html`<span class="hint">(${say(page, 'wholeWordTag')})</span>` : ''}
      ${w.expiresAt ? html`<span class="hint">${say(page, 'until', { date: dateOf(w.expiresAt) })}</span>` : ''}
      ${button({ do: 'unmute-word', id: w.id }, say(page, 'unmute'), say(page, 'unmuteNamed', { name: w.word }))}</li>`)}</ul>`
    : html`<p class="empty">${say(page, 'noWords')}</p>`}
</section>`;

  const topics = html`<section class="settings-section" aria-labelledby="mutes-topics">
  <h2 id="mutes-topics">${say(page, 'topics')}</h2>
  <form method="post" action="${MUTES_PATH}" class="stacked">
    <input type="hidden" name="do" value="mute-topic">
    <div class="form-field"><label for="f-tag">${say(page, 'topic')}</label>
      <input id="f-tag" name="tag" value="${typed('topic', 'tag')}" maxlength="70" required aria-describedby="tag-hint${failed?.form === 'topic' ? ' tag-error' : ''}"${failed?.form === 'topic' ? html` aria-invalid="true"` : ''}>
      <p class="hint" id="tag-hint">${say(page, 'topicHint')}</p>${error(failed, 'topic', 'tag-error')}</div>
    <button type="submit" class="primary">${say(page, 'muteTopic')}</button>
  </form>
  ${data.mutedTopics.length
    ? html`<ul class="mutes-list" aria-label="${say(page, 'topics')}">${data.mutedTopics.map((t) => html`<li><a href="/tags/${encodeURIComponent(t.tag)}">#${t.tag}</a>
      ${button({ do: 'unmute-topic', tag: t.tag }, say(page, 'unmute'), say(page, 'unmuteNamed', { name: `#${t.tag}` }))}</li>`)}</ul>`
    : html`<p class="empty">${say(page, 'noTopics')}</p>`}
</section>`;

  const hidden = data.hiddenNotes;
  const hiddenSection = html`<section class="settings-section" aria-labelledby="mutes-hidden">
  <h2 id="mutes-hidden">${say(page, 'hidden')}</h2>${error(failed, 'list', 'list-error')}
  ${hidden.edges.length
    ? html`<ul class="mutes-list" aria-label="${say(page, 'hidden')}">${hidden.edges.map(({ node }) => {
        const title = node.title || say(page, 'untitled');
        return html`<li><a href="/notes/${localId(node.id, 'Note')}">${title}</a> <span class="hint">${say(page, 'byAuthor', { name: node.author.displayName || node.author.handle })}</span>
      ${button({ do: 'unhide', noteId: node.id }, say(page, 'unhide'), say(page, 'unhideNamed', { name: title }))}</li>`;
      })}</ul>`
    : html`<p class="empty">${say(page, 'noHidden')}</p>`}
  ${hidden.pageInfo.hasNextPage && hidden.pageInfo.endCursor ? html`<p><a href="${MUTES_PATH}?after=${encodeURIComponent(hidden.pageInfo.endCursor)}#mutes-hidden" rel="next">${say(page, 'moreHidden')}</a></p>` : ''}
</section>`;

  return {
    title: say(page, 'title'),
    status: failed ? 400 : 200,
    meta: { noindex: true },
    body: html`<h1 class="page-title">${say(page, 'title')}</h1>
<div class="settings">
<p class="hint">${say(page, 'intro')}</p>
${savedKey ? html`<p class="form-saved" role="status">${say(page, `saved.${savedKey}`)}</p>` : ''}
${words}${topics}${hiddenSection}
<p><a href="/settings">${say(page, 'back')}</a></p>
</div>`,
  };
}

/** Only a path on this site (never //host or a scheme) may be where a form returns. */
function safeNext(next: string | null): string | null {
  return next && /^\/(?![/\\])[^\s]*$/.test(next) ? next : null;
}

function messageOf(err: unknown): string {
  const errors = (err as { errors?: { message: string }[] } | null)?.errors;
  if (err instanceof Error && err.name === 'WebGraphQLError' && errors?.length) return errors.map((e) => e.message).join(' ');
  throw err;
}

export async function mutesAction(page: WebPageContext, form: URLSearchParams): Promise<WebPageResult> {
  if (!page.viewer) return { redirect: `/signin?next=${encodeURIComponent(MUTES_PATH)}`, status: 303 };
  const done = (saved: string): WebPageResult => ({ redirect: `${MUTES_PATH}?saved=${saved}`, status: 303 });
  const next = safeNext(form.get('next'));
  const attempt = async (failedForm: Failed['form'], run: () => Promise<unknown>, success: WebPageResult): Promise<WebPageResult> => {
    try {
      await run();
      return success;
    } catch (err) {
      return mutesPage(page, { form: failedForm, values: form, message: messageOf(err) });
    }
  };
  switch (form.get('do')) {
    case 'mute-word': {
      const days = DURATIONS[(form.get('duration') ?? '') as Duration] ?? 0;
      const input = { word: form.get('word') ?? '', wholeWord: form.get('wholeWord') === '1', expiresAt: days ? new Date(Date.now() + days * 86_400_000).toISOString() : null };
      return attempt('word', () => page.gql(`mutation TrustMuteWord($input: MuteWordInput!) { muteWord(input: $input) { id } }`, { input }), done('word'));
    }
    case 'unmute-word':
      return attempt('list', () => page.gql(`mutation TrustUnmuteWord($id: ID!) { unmuteWord(id: $id) }`, { id: form.get('id') ?? '' }), done('unword'));
    case 'mute-topic':
      return attempt('topic', () => page.gql(`mutation TrustMuteTopic($tag: String!) { muteTopic(tag: $tag) { tag } }`, { tag: form.get('tag') ?? '' }), done('topic'));
    case 'unmute-topic':
      return attempt('list', () => page.gql(`mutation TrustUnmuteTopic($tag: String!) { unmuteTopic(tag: $tag) }`, { tag: form.get('tag') ?? '' }), done('untopic'));
    case 'hide':
      return attempt('list', () => page.gql(`mutation TrustHideNote($id: ID!) { hideNote(noteId: $id) { id } }`, { id: form.get('noteId') ?? '' }), { redirect: next ?? MUTES_PATH, status: 303 });
    case 'unhide':
      return attempt('list', () => page.gql(`mutation TrustUnhideNote($id: ID!) { unhideNote(noteId: $id) }`, { id: form.get('noteId') ?? '' }), next ? { redirect: next, status: 303 } : done('unhide'));
    default:
      return mutesPage(page, { form: 'list', values: form, message: page.text({ en: 'This form asked for something unknown; try again from this page.', 'zh-CN': '无法识别的操作，请在本页重试。' }) });
  }
}
