import { afterAll, describe, expect, it } from 'vitest';
import { CREATE, code, startNotes } from './helpers.ts';

describe('notes: create, read, edit, delete', async () => {
  const h = await startNotes();
  afterAll(() => h.close());
  const amy = await h.account('amy');
  const ben = await h.account('ben');
  const img1 = await h.image(amy);
  const img2 = await h.image(amy);

  it('creates a note with images, markup and every kind of block', async () => {
    const res = await h.as(amy)(CREATE, {
      input: {
        title: '周末 #露营 装备',
        body: '第一次去 #露营，谢谢 @ben 和 @zoe@social.example！\n\n- **帐篷** 要防水\n- [攻略](https://example.com/guide)',
        images: [{ mediaId: img1 }, { mediaId: img2, alt: '营地夜景' }],
        coverIndex: 1,
        language: 'zh-CN',
        blocks: [
          { kind: 'tutorial', title: '搭帐篷', steps: [{ text: '铺地布', mediaIds: [img1] }, { text: '立杆 #技巧', productRef: 'sku:tent-1' }] },
          { kind: 'checklist', items: [{ name: 'Headlamp', note: 'spare batteries', link: 'https://example.com/lamp' }] },
          { kind: 'pitfalls', entries: [{ warning: '别在河边扎营', reason: '夜里涨水' }] },
        ],
      },
    });
    expect(res.errors).toBeUndefined();
    const note = res.data.createNote;
    expect(note.status).toBe('published');
    expect(note.hashtags).toEqual(['露营', '技巧']);
    expect(note.mentions).toEqual([
      { handle: 'ben', domain: null, account: { handle: 'ben' } },
      { handle: 'zoe', domain: 'social.example', account: null },
    ]);
    expect(note.images.map((i: any) => [i.alt, i.isCover])).toEqual([['a test image', false], ['营地夜景', true]]);
    expect(note.bodyHtml).toContain('<a class="hashtag" rel="tag" href="/tags/%E9%9C%B2%E8%90%A5">#露营</a>');
    expect(note.bodyHtml).toContain('<ul><li><strong>帐篷</strong> 要防水</li>');
    expect(note.bodyHtml).toContain('<a href="https://example.com/guide" rel="nofollow noopener noreferrer ugc" target="_blank">攻略</a>');
    expect(note.html).toContain('<h3>搭帐篷</h3><ol>');
    expect(note.html).toContain('<h3>清单</h3>');
    expect(note.html).toContain('<h3>避坑指南</h3>');
    expect(note.blocks.map((b: any) => b.__typename)).toEqual(['TutorialBlock', 'ChecklistBlock', 'PitfallBlock']);
    expect(note.blocks[0].steps[0].images).toEqual([{ id: img1 }]);

    const read = await h.as(null)(`query($id: ID!) { note(id: $id) { title author { handle } } }`, { id: note.id });
    expect(read.data.note).toEqual({ title: '周末 #露营 装备', author: { handle: 'amy' } });
  });

  it('stores HTML and script as text and renders it escaped', async () => {
    const res = await h.as(amy)(CREATE, { input: { title: '<img src=x onerror=alert(1)>', body: '<script>alert("x")</script> [x](javascript:alert(1)) **<b>hi</b>**', images: [{ mediaId: img1 }] } });
    const note = res.data.createNote;
    expect(note.title).toBe('<img src=x onerror=alert(1)>');
    expect(note.body).toContain('<script>');
    expect(note.bodyHtml).not.toMatch(/<script|<b>|javascript:alert\(1\)"|<img/);
    expect(note.bodyHtml).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(note.bodyHtml).toContain('<strong>&lt;b&gt;hi&lt;/b&gt;</strong>');
  });

  it('refuses over-long titles and bodies, too many images and foreign images, storing nothing', async () => {
    const count = async () => (await h.as(amy)(`{ me { notes(first: 100) { edges { node { id } } } } }`)).data.me.notes.edges.length;
    const before = await count();
    const tooLongTitle = await h.as(amy)(CREATE, { input: { title: 'x'.repeat(101), body: 'ok', images: [{ mediaId: img1 }] } });
    expect(code(tooLongTitle)).toBe('BAD_USER_INPUT');
    expect(tooLongTitle.errors![0]!.message).toMatch(/title.*100/i);
    const tooLongBody = await h.as(amy)(CREATE, { input: { title: 'ok', body: '字'.repeat(10_001), images: [{ mediaId: img1 }] } });
    expect(code(tooLongBody)).toBe('BAD_USER_INPUT');
    const many = await Promise.all(Array.from({ length: 19 }, () => h.image(amy)));
    const tooMany = await h.as(amy)(CREATE, { input: { title: 'many', images: many.map((mediaId) => ({ mediaId })) } });
    expect(code(tooMany)).toBe('BAD_USER_INPUT');
    expect(tooMany.errors![0]!.message).toMatch(/18/);
    const okMax = await h.as(amy)(CREATE, { input: { title: 'eighteen', images: many.slice(0, 18).map((mediaId) => ({ mediaId })) } });
    expect(okMax.errors).toBeUndefined();
    const bensImage = await h.image(ben);
    const foreign = await h.as(amy)(CREATE, { input: { title: 'not mine', images: [{ mediaId: bensImage }] } });
    expect(code(foreign)).toBe('FORBIDDEN');
    const none = await h.as(amy)(CREATE, { input: { title: 'no images' } });
    expect(code(none)).toBe('BAD_USER_INPUT');
    const badBlock = await h.as(amy)(CREATE, { input: { title: 'x', images: [{ mediaId: img1 }], blocks: [{ kind: 'checklist', items: [{ name: 'a', link: 'javascript:alert(1)' }] }] } });
    expect(code(badBlock)).toBe('BAD_USER_INPUT');
    expect(await count()).toBe(before + 1);
  });

  it('edits keep a revision; editing someone else’s note is refused', async () => {
    const created = (await h.as(amy)(CREATE, { input: { title: 'v1', body: 'first #a', images: [{ mediaId: img1 }] } })).data.createNote;
    const edit = await h.as(amy)(`mutation($id: ID!) { updateNote(id: $id, input: { title: "v2", body: "second #b" }) { title hashtags revisions { title body } } }`, { id: created.id });
    expect(edit.data.updateNote).toEqual({ title: 'v2', hashtags: ['b'], revisions: [{ title: 'v1', body: 'first #a' }] });
    const theft = await h.as(ben)(`mutation($id: ID!) { updateNote(id: $id, input: { title: "mine now" }) { title } }`, { id: created.id });
    expect(code(theft)).toBe('FORBIDDEN');
    const del = await h.as(ben)(`mutation($id: ID!) { deleteNote(id: $id) }`, { id: created.id });
    expect(code(del)).toBe('FORBIDDEN');
    const still = await h.as(null)(`query($id: ID!) { note(id: $id) { title } }`, { id: created.id });
    expect(still.data.note.title).toBe('v2');
  });

  it('drafts are private to their author; publishing makes them visible', async () => {
    const draft = (await h.as(amy)(CREATE, { input: { title: 'draft', publish: false } })).data.createNote;
    expect(draft.status).toBe('draft');
    expect((await h.as(ben)(`query($id: ID!) { note(id: $id) { id } }`, { id: draft.id })).data.note).toBeNull();
    expect((await h.as(amy)(`{ myDrafts { title } }`)).data.myDrafts).toEqual([{ title: 'draft' }]);
    const noImages = await h.as(amy)(`mutation($id: ID!) { publishNote(id: $id) { status } }`, { id: draft.id });
    expect(code(noImages)).toBe('BAD_USER_INPUT');
    await h.as(amy)(`mutation($id: ID!, $img: ID!) { updateNote(id: $id, input: { images: [{ mediaId: $img }] }) { id } }`, { id: draft.id, img: img1 });
    const pub = await h.as(amy)(`mutation($id: ID!) { publishNote(id: $id) { status } }`, { id: draft.id });
    expect(pub.data.publishNote.status).toBe('published');
    expect((await h.as(ben)(`query($id: ID!) { note(id: $id) { title } }`, { id: draft.id })).data.note.title).toBe('draft');
  });

  it('publishes a scheduled note through the job queue', async () => {
    const at = new Date(Date.now() + 800).toISOString();
    const res = await h.as(amy)(CREATE, { input: { title: 'later', images: [{ mediaId: img1 }], scheduledAt: at } });
    const note = res.data.createNote;
    expect(note.status).toBe('scheduled');
    expect((await h.as(ben)(`query($id: ID!) { note(id: $id) { id } }`, { id: note.id })).data.note).toBeNull();
    await new Promise((r) => setTimeout(r, 900));
    await h.runJobs();
    expect((await h.as(ben)(`query($id: ID!) { note(id: $id) { status } }`, { id: note.id })).data.note.status).toBe('published');
    const past = await h.as(amy)(CREATE, { input: { title: 'past', images: [{ mediaId: img1 }], scheduledAt: '2001-01-01T00:00:00Z' } });
    expect(code(past)).toBe('BAD_USER_INPUT');
  });

  it('soft-deletes, then the purge job removes the note', async () => {
    const note = (await h.as(amy)(CREATE, { input: { title: 'bye', images: [{ mediaId: img1 }] } })).data.createNote;
    await h.as(ben)(`mutation($id: ID!) { likeNote(id: $id) { id } }`, { id: note.id });
    expect((await h.as(amy)(`mutation($id: ID!) { deleteNote(id: $id) }`, { id: note.id })).data.deleteNote).toBe(true);
    expect((await h.as(amy)(`query($id: ID!) { note(id: $id) { id } }`, { id: note.id })).data.note).toBeNull();
    const again = await h.as(amy)(`mutation($id: ID!) { deleteNote(id: $id) }`, { id: note.id });
    expect(code(again)).toBe('NOT_FOUND');
    // Make the purge due now instead of in 30 days.
    const db = h.meadow.kernel.db.kysely();
    await db.updateTable('core_job').set({ run_at: 0 }).where('name', '=', 'notes.purge').execute();
    await h.runJobs();
    const left = await db.selectFrom('notes_note').select('id').where('title', '=', 'bye').execute();
    const likes = await db.selectFrom('notes_like').select('note_id').execute();
    expect({ left: left.length, likesOfIt: likes.filter((l) => Number(l.note_id) === Number(Buffer.from(note.id, 'base64url').toString().split(':')[1])).length }).toEqual({ left: 0, likesOfIt: 0 });
  });
});
