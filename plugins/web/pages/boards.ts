// Boards (收藏专辑) on the site: the "Boards" tab of a profile
// (/@handle/boards: public boards, and one's own private ones, with a
// cover and item count), a board's page (/@handle/boards/{n}: its notes as
// a card grid; rename, visibility and delete for its owner), the note
// page's collect panel (the viewer's boards with a checkbox each and a
// "new board" field, in a <details> that works without JavaScript), and
// the form actions behind them. GraphQL refuses someone else's board.

import { localId, toGlobalId, type PluginContext } from '../../../core/index.ts';
import type { WebPageContext, WebPageResult } from '../contracts.ts';
import { html, safeUrl, type SafeHtml } from '../render/html.ts';
import { CARD_FIELDS, authorName, renderCards, type CardNote } from '../render/cards.ts';
import { WebGraphQLError } from '../page-context.ts';
import type { ActionOutcome } from '../actions.ts';
import { HANDLE, PROFILE_HEAD_FIELDS, profileHeader, profileTabs, type ProfileHead } from './profile.ts';

const COVER = 'cover { alt media { small: url(variant: small) } url }';

interface BoardSummary {
  id: string;
  name: string;
  description: string;
  itemsCount: number;
  visibility: 'public' | 'private';
  notes: { edges: { node: { cover: { alt: string; url: string; media: { small: string } | null } | null } }[] };
}

const BOARDS_QUERY = `query WebBoards($handle: String!) { account(handle: $handle) {
  ${PROFILE_HEAD_FIELDS}
  boardList: boards { id name description itemsCount visibility notes(first: 1) { edges { node { ${COVER} } } } }
} }`;

const BOARD_QUERY = `query WebBoard($id: ID!, $after: String) { board(id: $id) {
  id name description itemsCount visibility
  owner { id handle displayName domain }
  notes(first: 20, after: $after) { edges { node { ${CARD_FIELDS} } } pageInfo { hasNextPage endCursor } }
} }`;

export const boardPath = (handle: string, boardId: string) => `/@${handle}/boards/${localId(boardId, 'Board')}`;

function boardCard(page: WebPageContext, handle: string, board: BoardSummary): SafeHtml {
  const { t } = page;
  const cover = board.notes.edges[0]?.node.cover;
  // The cover is decorative here: the board's name is the link's text.
  const image = cover ? html`<img class="board-cover" src="${safeUrl(cover.media?.small ?? cover.url)}" alt="" loading="lazy" decoding="async">` : html`<span class="board-cover" aria-hidden="true"></span>`;
  return html`<li class="board-card"><a href="${boardPath(handle, board.id)}">${image}<h2>${board.name}</h2>
  <p>${t('boards.count', { count: board.itemsCount })}${board.visibility === 'private' ? html` · ${t('collect.private')}` : ''}</p></a></li>`;
}

/** /@handle/boards: the profile's head, its tabs, and the boards as a grid. */
export async function boardsPage(page: WebPageContext, handle: string): Promise<WebPageResult | null> {
  if (!HANDLE.test(handle)) return null;
  const { account } = await page.gql<{ account: (ProfileHead & { boardList: BoardSummary[] }) | null }>(BOARDS_QUERY, { handle });
  if (!account) return null;
  const { t } = page;
  const name = authorName(account);
  const body = html`${profileHeader(page, account)}
${profileTabs(page, account, 'boards')}
${account.boardList.length ? html`<ul class="board-grid" role="list">${account.boardList.map((b) => boardCard(page, account.handle, b))}</ul>` : html`<p class="empty">${t('boards.empty')}</p>`}`;
  return {
    title: t('boards.title', { name }),
    body,
    meta: { type: 'profile', description: t('boards.title', { name }), noindex: !!account.domain },
    scripts: page.viewer ? [page.asset('actions.js')] : [],
  };
}

interface BoardData {
  id: string;
  name: string;
  description: string;
  itemsCount: number;
  visibility: 'public' | 'private';
  owner: { id: string; handle: string; displayName: string; domain: string | null };
  notes: { edges: { node: CardNote }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

function ownerTools(page: WebPageContext, board: BoardData, path: string): SafeHtml {
  const { t } = page;
  return html`<div class="note-manage">
  <details><summary>${t('boards.edit')}</summary>
    <form method="post" action="/actions/board-update" class="stacked">
      <input type="hidden" name="boardId" value="${board.id}"><input type="hidden" name="next" value="${path}">
      <div class="form-field"><label for="board-name">${t('boards.name')}</label><input id="board-name" name="name" value="${board.name}" required maxlength="50"></div>
      <div class="form-field"><label for="board-description">${t('boards.description')}</label><textarea id="board-description" name="description" rows="3" maxlength="500">${board.description}</textarea></div>
      <div class="form-field"><label for="board-visibility">${t('boards.visibility')}</label>
        <select id="board-visibility" name="visibility"><option value="public"${board.visibility === 'public' ? html` selected` : ''}>${t('boards.public')}</option><option value="private"${board.visibility === 'private' ? html` selected` : ''}>${t('boards.privateOption')}</option></select></div>
      <button type="submit" class="primary">${t('boards.save')}</button>
    </form>
  </details>
  <details><summary>${t('boards.delete')}</summary>
    <form method="post" action="/actions/board-delete">
      <input type="hidden" name="boardId" value="${board.id}">
      <p>${t('boards.deleteConfirm')}</p>
      <button type="submit" class="danger">${t('boards.deleteButton')}</button>
    </form>
  </details>
</div>`;
}

/** /@handle/boards/{n}: a board's notes as a card grid. */
export async function boardPage(ctx: PluginContext, page: WebPageContext, handle: string, number: string): Promise<WebPageResult | null> {
  if (!/^\d{1,15}$/.test(number) || !HANDLE.test(handle)) return null;
  const after = page.url.searchParams.get('after');
  const { board } = await page.gql<{ board: BoardData | null }>(BOARD_QUERY, { id: toGlobalId('Board', number), after: after || null });
  if (!board) return null;
  const path = boardPath(board.owner.handle, board.id);
  // The board lives under its owner's address; another handle in the URL is sent there.
  if (board.owner.handle !== handle) return { redirect: path, status: 301 };
  const { t } = page;
  const mine = page.viewer?.id === board.owner.id;
  const notes = board.notes.edges.map((e) => e.node);
  const { hasNextPage, endCursor } = board.notes.pageInfo;
  const body = html`<section class="topic-head" aria-labelledby="board-title">
  <h1 id="board-title">${board.name}</h1>
  <p><a href="/@${board.owner.handle}">${t('boards.by', { name: board.owner.displayName || board.owner.handle })}</a> · ${t('boards.count', { count: board.itemsCount })}</p>
  ${board.description ? html`<p>${board.description}</p>` : ''}
  ${board.visibility === 'private' ? html`<p class="hint">${t('boards.private')}</p>` : ''}
  ${mine ? ownerTools(page, board, path) : ''}
</section>
<section aria-labelledby="board-notes">
  <h2 id="board-notes" class="visually-hidden">${t('boards.notes')}</h2>
  <div class="feed" data-feed>
    ${notes.length ? await renderCards(ctx, page, notes) : html`<p class="empty">${t('boards.boardEmpty')}</p>`}
    <nav class="pager" aria-label="${t('pagination.more')}">${hasNextPage && endCursor ? html`<a class="more" rel="next" data-more href="${path}?after=${encodeURIComponent(endCursor)}">${t('pagination.more')}</a>` : ''}</nav>
  </div>
</section>`;
  return {
    title: board.name,
    body,
    meta: { description: board.description || t('boards.by', { name: board.owner.displayName || board.owner.handle }), noindex: board.visibility === 'private' || !!board.owner.domain },
    scripts: [page.asset('feed.js')],
  };
}

interface ViewerBoard {
  id: string;
  name: string;
  itemsCount: number;
  visibility: 'public' | 'private';
  notes: { edges: { node: { id: string } }[] };
}

/**
 * The viewer's boards, each with whether it holds the note. The API has no
 * "boards holding this note" field, so each board's first 100 notes are
 * looked at; a note further down a bigger board shows unticked, and the
 * collect action only acts on boxes the person changed, so it stays there.
 */
export async function viewerBoards(page: WebPageContext, noteId: string): Promise<{ id: string; name: string; itemsCount: number; visibility: string; holds: boolean }[]> {
  if (!page.viewer) return [];
  const { me } = await page.gql<{ me: { boards: ViewerBoard[] } | null }>(`query WebMyBoards { me { boards { id name itemsCount visibility notes(first: 100) { edges { node { id } } } } } }`);
  return (me?.boards ?? []).map((b) => ({ id: b.id, name: b.name, itemsCount: b.itemsCount, visibility: b.visibility, holds: b.notes.edges.some((e) => e.node.id === noteId) }));
}

/** The note page's "Collect" control: a disclosure with the viewer's boards and a new-board field. */
export function collectPanel(page: WebPageContext, note: { id: string; collectsCount: number }, boards: Awaited<ReturnType<typeof viewerBoards>>): SafeHtml {
  const { t } = page;
  const held = boards.some((b) => b.holds);
  return html`<details class="collect" id="collect">
  <summary><span>${t('collect.open')}</span> <span data-count aria-label="${t('note.collects', { count: note.collectsCount })}">${note.collectsCount}</span>${held ? html`<span class="visually-hidden"> (${t('collect.done')})</span>` : ''}</summary>
  <form method="post" action="/actions/collect" class="collect-panel">
    <input type="hidden" name="noteId" value="${note.id}"><input type="hidden" name="next" value="${page.url.pathname}">
    <fieldset><legend>${t('collect.title')}</legend>
      ${boards.length ? boards.map((b, i) => html`<div class="board-choice">${b.holds ? html`<input type="hidden" name="was" value="${b.id}">` : ''}<input type="checkbox" id="collect-board-${i}" name="board" value="${b.id}"${b.holds ? html` checked` : ''}>
        <label for="collect-board-${i}">${b.name} <span class="hint">${t('collect.items', { count: b.itemsCount })}${b.visibility === 'private' ? html` · ${t('collect.private')}` : ''}</span></label></div>`) : html`<p class="hint">${t('collect.none')}</p>`}
    </fieldset>
    <div class="form-field"><label for="collect-new">${t('collect.newBoard')}</label>
      <input id="collect-new" name="newBoard" maxlength="50" aria-describedby="collect-new-hint"><p class="hint" id="collect-new-hint">${t('collect.newBoardHint')}</p></div>
    <div class="board-choice"><input type="checkbox" id="collect-new-private" name="newPrivate" value="1"><label for="collect-new-private">${t('collect.newPrivate')}</label></div>
    <button type="submit" class="primary">${t('collect.save')}</button>
  </form>
</details>`;
}

const bad = (message: string) => new WebGraphQLError([{ message, extensions: { code: 'BAD_USER_INPUT' } }]);

type Next = (value: string | null, fallback?: string) => string;

/** The form actions (registered in actions.ts, signed-in only). */
export function boardActions(safeNext: Next): Record<string, (page: WebPageContext, form: URLSearchParams) => Promise<ActionOutcome>> {
  return {
    /** Ticked boxes collect, unticked ones that were ticked uncollect; a new board name creates it and collects. */
    collect: async (page, form) => {
      const noteId = form.get('noteId');
      if (!noteId) throw bad('The form is missing "noteId"');
      const was = new Set(form.getAll('was'));
      const now = new Set(form.getAll('board'));
      const newName = (form.get('newBoard') ?? '').trim();
      if (newName) {
        const created = await page.gql(`mutation($input: BoardInput!) { createBoard(input: $input) { id } }`, { input: { name: newName, visibility: form.get('newPrivate') === '1' ? 'private' : 'public' } });
        now.add(created.createBoard.id);
      }
      for (const boardId of now) if (!was.has(boardId)) await page.gql(`mutation($b: ID!, $n: ID!) { collectNote(boardId: $b, noteId: $n) { id } }`, { b: boardId, n: noteId });
      for (const boardId of was) if (!now.has(boardId)) await page.gql(`mutation($b: ID!, $n: ID!) { uncollectNote(boardId: $b, noteId: $n) { id } }`, { b: boardId, n: noteId });
      const { note } = await page.gql(`query($id: ID!) { note(id: $id) { collectsCount } }`, { id: noteId });
      return { redirect: `${safeNext(form.get('next')).split('#')[0]}#collect`, json: { count: note?.collectsCount ?? 0, boards: [...now] } };
    },
    'board-update': async (page, form) => {
      const id = form.get('boardId');
      if (!id) throw bad('The form is missing "boardId"');
      const visibility = form.get('visibility') === 'private' ? 'private' : 'public';
      const data = await page.gql(`mutation($id: ID!, $input: BoardInput!) { updateBoard(id: $id, input: $input) { id owner { handle } } }`, {
        id,
        input: { name: (form.get('name') ?? '').trim(), description: (form.get('description') ?? '').trim(), visibility },
      });
      return { redirect: boardPath(data.updateBoard.owner.handle, data.updateBoard.id), json: { id } };
    },
    'board-delete': async (page, form) => {
      const id = form.get('boardId');
      if (!id) throw bad('The form is missing "boardId"');
      await page.gql(`mutation($id: ID!) { deleteBoard(id: $id) }`, { id });
      return { redirect: `/@${page.viewer!.handle}/boards`, json: { deleted: true } };
    },
  };
}
