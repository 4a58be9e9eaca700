// A note's own controls for its author on the note page: "Edit" (to
// /compose?edit={n}) and "Delete" behind a confirmation form, and the
// delete action. Nobody else sees them, and deleteNote refuses anyone but
// the author (or a moderator) anyway.

import { localId } from '../../../core/index.ts';
import type { WebPageContext } from '../contracts.ts';
import { html, type SafeHtml } from '../render/html.ts';
import { WebGraphQLError } from '../page-context.ts';
import type { ActionOutcome } from '../actions.ts';

export function noteManage(page: WebPageContext, note: { id: string; author: { id?: string } }): SafeHtml | '' {
  if (!page.viewer || !note.author.id || note.author.id !== page.viewer.id) return '';
  const { t } = page;
  return html`<div class="note-manage" role="group" aria-label="${t('noteAdmin.manage')}">
  <a class="button" href="/compose?edit=${localId(note.id, 'Note')}">${t('noteAdmin.edit')}</a>
  <details><summary class="button">${t('noteAdmin.delete')}</summary>
    <form method="post" action="/actions/delete-note">
      <input type="hidden" name="noteId" value="${note.id}">
      <p>${t('noteAdmin.deleteConfirm')}</p>
      <button type="submit" class="danger">${t('noteAdmin.deleteButton')}</button>
    </form>
  </details>
</div>`;
}

export const noteActions: Record<string, (page: WebPageContext, form: URLSearchParams) => Promise<ActionOutcome>> = {
  'delete-note': async (page, form) => {
    const id = form.get('noteId');
    if (!id) throw new WebGraphQLError([{ message: 'The form is missing "noteId"', extensions: { code: 'BAD_USER_INPUT' } }]);
    await page.gql(`mutation($id: ID!) { deleteNote(id: $id) }`, { id });
    return { redirect: `/@${page.viewer!.handle}?deleted=1`, json: { deleted: true } };
  },
};
