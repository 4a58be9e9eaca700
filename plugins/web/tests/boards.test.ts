// Boards on the site, as a person uses them without JavaScript: the note
// page's collect panel (new board, tick and untick, the count), the
// profile's Boards tab with covers and counts, a board's page with its
// notes, private boards hidden from others, and someone else's board
// neither collectable into, editable nor deletable (nor from another site).

import { afterAll, describe, expect, it } from 'vitest';
import { localId } from '../../../core/index.ts';
import { browse, person, postNote, startWeb, submit } from './helpers.ts';

describe('web: boards and the collect panel', async () => {
  const meadow = await startWeb({ seed: false });
  afterAll(() => meadow.close());
  const lin = await person(meadow, 'lin', { displayName: 'Lin', locale: 'en' });
  const sam = await person(meadow, 'sam', { displayName: 'Sam', locale: 'en' });
  const note = await postNote(meadow, lin, { title: 'Lakeside camping', body: 'Two nights #camping', images: 2 });
  const notePage = `/notes/${note.number}`;
  const collects = async () => (await meadow.gql(`query($id: ID!) { note(id: $id) { collectsCount } }`, { id: note.id })).data.note.collectsCount as number;
  const boardsOf = async (who: { token: string }) => (await meadow.gql(`{ me { boards { id name visibility itemsCount } } }`, {}, { token: who.token })).data.me.boards as { id: string; name: string; visibility: string; itemsCount: number }[];

  it('offers a labelled collect panel on the note page; a signed-out visitor sees only the count', async () => {
    const page = await browse(meadow, notePage, { cookie: sam.cookie });
    expect(page.body).toMatch(/<details class="collect" id="collect">\s*<summary><span>Collect<\/span> <span data-count aria-label="0 collects">0<\/span><\/summary>/);
    expect(page.body).toContain('<form method="post" action="/actions/collect" class="collect-panel">');
    expect(page.body).toContain('<legend>Save to boards</legend>');
    expect(page.body).toContain('You have no boards yet: name one below.');
    expect(page.body).toContain('<label for="collect-new">New board</label>');
    expect(page.body).toContain('<input id="collect-new" name="newBoard"');
    expect(page.body).toContain('<label for="collect-new-private">Only I can see the new board</label>');
    const anonymous = await browse(meadow, notePage, { 'accept-language': 'en' });
    expect(anonymous.body).not.toContain('action="/actions/collect"');
    expect(anonymous.body).toContain('0 collects');
  });

  it('collects into a new board, then ticks and unticks boards; the count follows', async () => {
    const made = await submit(meadow, '/actions/collect', { noteId: note.id, newBoard: 'Weekend trips', next: notePage }, { cookie: sam.cookie });
    expect(made.statusCode).toBe(303);
    expect(made.headers.location).toBe(`${notePage}#collect`);
    expect(await collects()).toBe(1);
    const [trips] = await boardsOf(sam);
    expect(trips).toMatchObject({ name: 'Weekend trips', visibility: 'public', itemsCount: 1 });

    const page = await browse(meadow, notePage, { cookie: sam.cookie });
    expect(page.body).toContain(`<input type="hidden" name="was" value="${trips!.id}"><input type="checkbox" id="collect-board-0" name="board" value="${trips!.id}" checked>`);
    expect(page.body).toMatch(/<label for="collect-board-0">Weekend trips <span class="hint">1 note<\/span><\/label>/);
    expect(page.body).toContain('<span data-count aria-label="1 collect">1</span>');

    // A second, private board: the box of the first stays ticked.
    await submit(meadow, '/actions/collect', { noteId: note.id, was: trips!.id, board: trips!.id, newBoard: 'Secret spots', newPrivate: '1', next: notePage }, { cookie: sam.cookie });
    expect(await collects()).toBe(2);
    const boards = await boardsOf(sam);
    const secret = boards.find((b) => b.name === 'Secret spots')!;
    expect(secret.visibility).toBe('private');
    expect((await boardsOf(sam)).map((b) => [b.name, b.itemsCount])).toEqual([['Weekend trips', 1], ['Secret spots', 1]]);
    // Unticking a box takes the note out of that board only (a form sends one "was" per ticked box).
    const untick = new URLSearchParams([['noteId', note.id], ['was', trips!.id], ['board', trips!.id], ['was', secret.id]]).toString();
    const out = await meadow.app.inject({ method: 'POST', url: '/actions/collect', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: meadow.kernel.config.publicUrl, cookie: sam.cookie, accept: 'application/json' }, payload: untick });
    expect(out.json()).toMatchObject({ ok: true, count: 1 });
    expect((await boardsOf(sam)).map((b) => [b.name, b.itemsCount])).toEqual([['Weekend trips', 1], ['Secret spots', 0]]);
    // The page shows the one board ticked, the other not.
    const after = await browse(meadow, notePage, { cookie: sam.cookie });
    expect(after.body).toContain(`name="board" value="${trips!.id}" checked>`);
    expect(after.body).toContain(`name="board" value="${secret.id}">`);
    expect(after.body).toMatch(/Secret spots <span class="hint">0 notes · private<\/span>/);
  });

  it('shows public boards on the profile (cover, count) and the owner\'s private ones only to the owner', async () => {
    const visitor = await browse(meadow, '/@sam/boards', { 'accept-language': 'en' });
    expect(visitor.statusCode).toBe(200);
    expect(visitor.body).toMatch(/<nav class="tabs" aria-label="Profile sections"><ul><li><a href="\/@sam">Notes<\/a><\/li><li><a href="\/@sam\/boards" aria-current="page">Boards \(1\)<\/a><\/li><\/ul><\/nav>/);
    expect(visitor.body).toMatch(/<li class="board-card"><a href="\/@sam\/boards\/\d+"><img class="board-cover" src="[^"]+" alt="" [^>]*><h2>Weekend trips<\/h2>\s*<p>1 note<\/p><\/a><\/li>/);
    expect(visitor.body).not.toContain('Secret spots');
    const owner = await browse(meadow, '/@sam/boards', { cookie: sam.cookie });
    expect(owner.body).toContain('Boards (2)');
    expect(owner.body).toMatch(/<span class="board-cover" aria-hidden="true"><\/span><h2>Secret spots<\/h2>\s*<p>0 notes · private<\/p>/);
    // The notes tab links to the boards tab.
    expect((await browse(meadow, '/@sam', { 'accept-language': 'en' })).body).toContain('<a href="/@sam/boards">Boards (1)</a>');
    expect((await browse(meadow, '/@nobody_here/boards')).statusCode).toBe(404);
  });

  it('shows a board\'s notes as cards; a private board is not found for others; a wrong handle redirects', async () => {
    const [trips, secret] = await boardsOf(sam);
    const n = localId(trips!.id, 'Board');
    const page = await browse(meadow, `/@sam/boards/${n}`, { 'accept-language': 'en' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1 id="board-title">Weekend trips</h1>');
    expect(page.body).toContain('<a href="/@sam">A board by Sam</a> · 1 note');
    expect(page.body).toContain('<h2 id="board-notes" class="visually-hidden">Notes in this board</h2>');
    expect(page.body).toContain('<h3 class="card-title"');
    expect(page.body).toContain('Lakeside camping</h3>');
    expect(page.body).not.toContain('action="/actions/board-update"');
    const moved = await browse(meadow, `/@lin/boards/${n}`);
    expect(moved.statusCode).toBe(301);
    expect(moved.headers.location).toBe(`/@sam/boards/${n}`);
    const hidden = `/@sam/boards/${localId(secret!.id, 'Board')}`;
    expect((await browse(meadow, hidden)).statusCode).toBe(404);
    expect((await browse(meadow, hidden, { cookie: lin.cookie })).statusCode).toBe(404);
    const own = await browse(meadow, hidden, { cookie: sam.cookie });
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('Private: only you can see it');
    expect(own.body).toContain('This board is empty.');
    expect(own.body).toContain('<label for="board-name">Name</label><input id="board-name" name="name" value="Secret spots"');
    expect((await browse(meadow, '/@sam/boards/abc')).statusCode).toBe(404);
  });

  it('refuses collecting into, editing or deleting someone else\'s board, and posts from another site', async () => {
    const [trips] = await boardsOf(sam);
    const other = await postNote(meadow, lin, { title: 'Another note', body: 'x' });
    const into = await submit(meadow, '/actions/collect', { noteId: other.id, board: trips!.id }, { cookie: lin.cookie });
    expect(into.statusCode).toBe(403);
    expect(into.body).toContain('This board belongs to someone else');
    const rename = await submit(meadow, '/actions/board-update', { boardId: trips!.id, name: 'Mine now' }, { cookie: lin.cookie });
    expect(rename.statusCode).toBe(403);
    const remove = await submit(meadow, '/actions/board-delete', { boardId: trips!.id }, { cookie: lin.cookie });
    expect(remove.statusCode).toBe(403);
    const cross = await submit(meadow, '/actions/collect', { noteId: other.id, board: trips!.id }, { cookie: sam.cookie, origin: 'https://evil.example' });
    expect(cross.statusCode).toBe(403);
    const anonymous = await submit(meadow, '/actions/collect', { noteId: other.id, board: trips!.id });
    expect(anonymous.statusCode).toBe(401);
    expect(await boardsOf(sam)).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Weekend trips', itemsCount: 1 })]));
    const bad = await submit(meadow, '/actions/collect', { noteId: other.id, newBoard: 'x'.repeat(51) }, { cookie: sam.cookie });
    expect(bad.statusCode).toBe(400);
  });

  it('lets the owner rename, make private and delete a board through its page', async () => {
    const [trips] = await boardsOf(sam);
    const n = localId(trips!.id, 'Board');
    const saved = await submit(meadow, '/actions/board-update', { boardId: trips!.id, name: 'Lakes', description: 'Water nearby', visibility: 'private' }, { cookie: sam.cookie });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/@sam/boards/${n}`);
    const page = await browse(meadow, `/@sam/boards/${n}`, { cookie: sam.cookie });
    expect(page.body).toContain('<h1 id="board-title">Lakes</h1>');
    expect(page.body).toContain('<p>Water nearby</p>');
    expect((await browse(meadow, `/@sam/boards/${n}`)).statusCode).toBe(404);
    const gone = await submit(meadow, '/actions/board-delete', { boardId: trips!.id }, { cookie: sam.cookie });
    expect(gone.statusCode).toBe(303);
    expect(gone.headers.location).toBe('/@sam/boards');
    expect((await boardsOf(sam)).map((b) => b.name)).toEqual(['Secret spots']);
    // The note lost that board's collect.
    expect(await collects()).toBe(0);
  });
});
