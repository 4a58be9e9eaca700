// A note's own controls and the discovery feed's "why this": Edit and
// Delete for the author only (delete behind a confirmation form, refused
// for others and from other sites), the reasons of discoverFeed under each
// card in the page's language and handed to web.card-sections, and the
// heading order of the card grids (no level skipped under the h1).

import { afterAll, describe, expect, it } from 'vitest';
import { PLUGIN_API_VERSION, definePlugin, filter } from '../../../core/index.ts';
import { WebCardSections, html } from '../contracts.ts';
import { startTestInstance } from '../../../tests/helpers/instance.ts';
import { browse, person, postNote, submit } from './helpers.ts';

/** A plugin that writes on each card the reasons it was given. */
const reasonsEcho = definePlugin({
  name: 'reasons-echo',
  apiVersion: PLUGIN_API_VERSION,
  dependsOn: ['web'],
  hooks: [filter(WebCardSections, (lines, { reasons }) => (reasons ? [...lines, html`<span class="echo">${reasons.join('|')}</span>`] : lines))],
});

/** The heading levels of a page in document order. */
const headings = (body: string) => [...body.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
const skipsALevel = (levels: number[]) => levels.some((l, i) => i > 0 && l > levels[i - 1]! + 1);

/** Form controls a person fills in that have no label (label[for], a wrapping label, or aria-label). */
function unlabelled(body: string): string[] {
  const labelled = new Set([...body.matchAll(/<label[^>]* for="([^"]+)"/g)].map((m) => m[1]));
  const out: string[] = [];
  for (const m of body.matchAll(/<(input|select|textarea)\b([^>]*)>/g)) {
    const attrs = m[2]!;
    if (/type="(hidden|submit|button)"/.test(attrs) || /\shidden[\s>]/.test(`${attrs} `) || /aria-label="/.test(attrs)) continue;
    const id = /\sid="([^"]+)"/.exec(attrs)?.[1];
    if (id && labelled.has(id)) continue;
    // Wrapped: <label …><input …> text</label>.
    const before = body.slice(0, m.index);
    if (before.lastIndexOf('<label') > before.lastIndexOf('</label>')) continue;
    out.push(m[0]);
  }
  return out;
}

/** <img> without an alt attribute (alt="" is for decorative images and allowed). */
const imagesWithoutAlt = (body: string) => [...body.matchAll(/<img\b[^>]*>/g)].map((m) => m[0]).filter((tag) => !/\salt="/.test(tag));

describe('web: a note\'s edit and delete, "why this" and heading order', async () => {
  const meadow = await startTestInstance({ discover: true, plugins: [reasonsEcho] });
  afterAll(() => meadow.close());
  const lin = await person(meadow, 'lin', { displayName: 'Lin', locale: 'en' });
  const sam = await person(meadow, 'sam', { displayName: 'Sam', locale: 'zh-CN' });
  const note = await postNote(meadow, lin, { title: 'Tent pitching', body: 'Step by step #camping', images: 1 });
  const notePage = `/notes/${note.number}`;
  // The topic page exists once the topics plugin has filed the note.
  await meadow.kernel.worker.runUntilIdle();
  const exists = async () => (await meadow.gql(`query($id: ID!) { note(id: $id) { id } }`, { id: note.id })).data.note !== null;

  it('shows Edit and a Delete confirmation to the author only', async () => {
    const own = await browse(meadow, notePage, { cookie: lin.cookie });
    expect(own.body).toContain('<div class="note-manage" role="group" aria-label="Manage your note">');
    expect(own.body).toContain(`<a class="button" href="/compose?edit=${note.number}">Edit</a>`);
    expect(own.body).toMatch(/<details><summary class="button">Delete<\/summary>\s*<form method="post" action="\/actions\/delete-note">[\s\S]*This cannot be undone\.<\/p>\s*<button type="submit" class="danger">Delete for good<\/button>/);
    const other = await browse(meadow, notePage, { cookie: sam.cookie });
    expect(other.body).not.toContain('note-manage');
    expect(other.body).not.toContain('/compose?edit=');
    expect((await browse(meadow, notePage)).body).not.toContain('note-manage');
    // Someone else's note does not open in the editor.
    expect((await browse(meadow, `/compose?edit=${note.number}`, { cookie: sam.cookie })).statusCode).toBe(404);
    expect((await browse(meadow, `/compose?edit=${note.number}`, { cookie: lin.cookie })).body).toContain('value="Tent pitching"');
  });

  it('refuses deleting someone else\'s note, a signed-out delete and one from another site', async () => {
    const bySam = await submit(meadow, '/actions/delete-note', { noteId: note.id }, { cookie: sam.cookie });
    expect(bySam.statusCode).toBe(403);
    expect((await submit(meadow, '/actions/delete-note', { noteId: note.id })).statusCode).toBe(401);
    const cross = await submit(meadow, '/actions/delete-note', { noteId: note.id }, { cookie: lin.cookie, origin: 'https://evil.example' });
    expect(cross.statusCode).toBe(403);
    expect(await exists()).toBe(true);
    expect((await browse(meadow, notePage)).statusCode).toBe(200);
  });

  it('explains each card of the discovery feed under "Why this", in the page language, and hands the reasons to plugins', async () => {
    const zh = await browse(meadow, '/', { cookie: sam.cookie });
    expect(zh.body).toMatch(/<details class="why"><summary>为什么推荐<\/summary><ul><li>[^<]+<\/li>/);
    expect(zh.body).toMatch(/<span class="echo">[a-z ]+(\|[a-z #]+)*<\/span>/);
    const en = await browse(meadow, '/', { 'accept-language': 'en' });
    const why = /<details class="why"><summary>Why this<\/summary><ul>((?:<li>[^<]+<\/li>)+)<\/ul><\/details>/.exec(en.body);
    expect(why).not.toBeNull();
    // The reasons read as sentences, never as the API's raw words.
    const echoed = /<span class="echo">([^<]+)<\/span>/.exec(en.body)![1]!.split('|');
    const shown = [...why![1]!.matchAll(/<li>([^<]+)<\/li>/g)].map((m) => m[1]);
    expect(shown.length).toBeGreaterThan(0);
    if (echoed.includes('new')) expect(shown).toContain('Just posted');
    if (echoed.includes('trending')) expect(shown).toContain('Trending now');
    // Other feeds are not ranked: no reasons there.
    expect((await browse(meadow, '/@lin')).body).not.toContain('class="why"');
  });

  it('keeps the heading order, a label on every form control and alt on every image, page by page', async () => {
    for (const [url, cookie] of [['/', ''], ['/following', sam.cookie], ['/@lin', ''], ['/@lin/boards', ''], ['/tags/camping', ''], [notePage, lin.cookie], ['/follow-requests', lin.cookie], ['/settings', lin.cookie], ['/compose', lin.cookie], ['/drafts', lin.cookie], ['/signin', ''], ['/signup', ''], ['/notifications', lin.cookie]] as const) {
      const res = await browse(meadow, url, cookie ? { cookie } : {});
      expect(res.statusCode, url).toBe(200);
      const levels = headings(res.body);
      expect(levels[0], url).toBe(1);
      expect(levels.filter((l) => l === 1).length, url).toBe(1);
      expect(skipsALevel(levels), `${url}: ${levels.join(',')}`).toBe(false);
      expect(unlabelled(res.body), url).toEqual([]);
      expect(imagesWithoutAlt(res.body), url).toEqual([]);
    }
  });

  it('deletes the note for its author after confirmation and says so on the profile', async () => {
    const done = await submit(meadow, '/actions/delete-note', { noteId: note.id }, { cookie: lin.cookie });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/@lin?deleted=1');
    const profile = await browse(meadow, '/@lin?deleted=1', { cookie: lin.cookie });
    expect(profile.body).toContain('<p class="form-saved" role="status">The note was deleted.</p>');
    expect(profile.body).not.toContain('Tent pitching');
    expect(await exists()).toBe(false);
    expect((await browse(meadow, notePage)).statusCode).not.toBe(200);
    // Others reading the same address get no such message.
    expect((await browse(meadow, '/@lin?deleted=1', { cookie: sam.cookie })).body).not.toContain('form-saved');
  });
});
