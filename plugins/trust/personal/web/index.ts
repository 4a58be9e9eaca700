// What the personal tools add to the web site when the web plugin is on:
// the /settings/mutes page and, on a note page of someone else's note, a
// "hide from my feeds" form (or, once hidden, a note saying so with a way
// back). Only plugins/web/contracts.ts is used, so trust runs without web.

import { filter } from '../../../../core/index.ts';
import { WebNoteSections, WebPages, WebSettingsLinks, html, webPage, type WebNoteRef, type WebPageContext, type WebNoteSection } from '../../../web/contracts.ts';
import { MUTES_PATH, mutesAction, mutesPage } from './mutes-page.ts';
import { say } from './words.ts';

async function hideControl(note: WebNoteRef, page: WebPageContext): Promise<WebNoteSection[]> {
  if (!page.viewer || page.viewer.handle === note.authorHandle) return [];
  const data = await page.gql<{ note: { viewerHidden: boolean } | null }>(`query TrustNoteHidden($id: ID!) { note(id: $id) { viewerHidden } }`, { id: note.id }).catch(() => null);
  if (!data?.note) return [];
  const back = `/notes/${note.localId}`;
  const form = (action: 'hide' | 'unhide', label: string) => html`<form method="post" action="${MUTES_PATH}" class="inline-form">
    <input type="hidden" name="do" value="${action}"><input type="hidden" name="noteId" value="${note.id}"><input type="hidden" name="next" value="${back}">
    <button type="submit">${label}</button></form>`;
  const body = data.note.viewerHidden
    ? html`<p class="hint" role="status">${say(page, 'hiddenNote')}</p>${form('unhide', say(page, 'unhide'))} <a href="${MUTES_PATH}">${say(page, 'manage')}</a>`
    : html`${form('hide', say(page, 'hideNote'))}<p class="hint">${say(page, 'hideNoteHint')}</p>`;
  return [{ id: 'trust-hide', position: 'before-comments', order: 90, html: html`<div class="personal-hide">${body}</div>` }];
}

export const personalWebHooks = [
  filter(WebPages, (pages) => [...pages, webPage({ path: MUTES_PATH, plugin: 'trust', render: (page) => mutesPage(page), action: mutesAction })]),
  filter(WebNoteSections, async (sections, { note, page }) => [...sections, ...(await hideControl(note, page))]),
  filter(WebSettingsLinks, (links, { page }) => [...links, { href: MUTES_PATH, label: say(page, 'title'), order: 20 }]),
];
