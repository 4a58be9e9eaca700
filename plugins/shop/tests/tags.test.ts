// Note ↔ product: the note's author tags products on its images (x, y in
// 0..1) and refers to them in blocks ("product:<id>"); the note shows a
// product card and Note.products; the product page lists the notes that show
// it, real experiences first, readable ones only.

import { afterAll, describe, expect, it } from 'vitest';
import { ShopServiceRef } from '../contracts.ts';
import { expectCode, expectOk, localIdOf, startShop } from './helpers.ts';

const TAG = `mutation($note: ID!, $tags: [NoteProductTagInput!]!) {
  setNoteProductTags(noteId: $note, tags: $tags) { id productTags { imageIndex x y product { title } } } }`;
const NOTE = `query($id: ID!) { note(id: $id) { productTags { imageIndex x y product { id title } } products { id title } html sections { plugin kind html } } }`;
const PRODUCT_NOTES = `query($id: ID!) { product(id: $id) { notes(first: 10) { id title } } }`;

describe('note ↔ product', async () => {
  const t = await startShop();
  afterAll(() => t.close());
  const brand = await t.person('greenleaf', 'brand');
  const lin = await t.person('lin', 'creator');
  const sam = await t.person('sam');
  const admin = await t.person('boss', 'admin');
  const shop = await t.shop(brand, 'greenleaf');
  const kettle = await t.product(brand, shop, { title: 'Gooseneck <kettle> & "co"', imageIds: [brand.imageId], variants: [{ price: 12800, stock: 3 }] });
  const tea = await t.product(brand, shop, {
    title: 'Longjing', options: [{ name: 'Size', values: ['50g', '100g'] }],
    variants: [{ options: [{ name: 'Size', value: '50g' }], price: 6800 }, { options: [{ name: 'Size', value: '100g' }], price: 12000 }],
  });
  const draft = await t.product(brand, shop, { title: 'Secret blend' }, false);
  const tagRows = async (noteGid: string) => t.ctx.db.kysely().selectFrom('shop_note_tags').select(['product_id', 'x']).where('note_id', '=', localIdOf(noteGid)).execute();

  it('the author tags products on the note’s images; the note shows tags, products and a card per product', async () => {
    const note = await t.post(lin, { title: 'Morning pour-over' }, 2);
    const tagged = expectOk(await lin.gql(TAG, { note, tags: [
      { imageIndex: 0, x: 0.25, y: 0.5, productId: kettle.id },
      { imageIndex: 1, x: 1, y: 0, productId: tea.id },
      { imageIndex: 1, x: 0, y: 1, productId: kettle.id },
    ] })).setNoteProductTags;
    expect(tagged.productTags).toEqual([
      { imageIndex: 0, x: 0.25, y: 0.5, product: { title: 'Gooseneck <kettle> & "co"' } },
      { imageIndex: 1, x: 1, y: 0, product: { title: 'Longjing' } },
      { imageIndex: 1, x: 0, y: 1, product: { title: 'Gooseneck <kettle> & "co"' } },
    ]);
    const seen = expectOk(await sam.gql(NOTE, { id: note })).note;
    expect(seen.products.map((p: any) => p.id)).toEqual([kettle.id, tea.id]);
    const cards = seen.sections.filter((s: any) => s.kind === 'product-card');
    expect(cards).toHaveLength(2);
    expect(cards[0].plugin).toBe('shop');
    // Escaped title, one link to the product page, price in minor units shown as yuan; a range says "from".
    expect(cards[0].html).toContain('Gooseneck &lt;kettle&gt; &amp; &quot;co&quot;');
    expect(cards[0].html).not.toContain('<kettle>');
    // The link names the note, so a purchase from there is credited to its creator.
    expect(cards[0].html).toContain(`href="${kettle.url}?from=${localIdOf(note)}"`);
    expect(cards[0].html).toContain('¥128.00');
    expect(cards[0].html).toMatch(/<img src="[^"]+" alt="Gooseneck &lt;kettle&gt;/);
    expect(cards[1].html).toContain('¥68.00 起');
    expect(seen.html).toContain('meadow-product-card');
    // Replacing with an empty list removes them.
    expect(expectOk(await lin.gql(TAG, { note, tags: [] })).setNoteProductTags.productTags).toEqual([]);
    expect(await tagRows(note)).toEqual([]);
  });

  it('refuses tagging someone else’s note (FORBIDDEN), or one the tagger cannot read (NOT_FOUND)', async () => {
    const note = await t.post(lin, {}, 1);
    expectCode(await sam.gql(TAG, { note, tags: [{ imageIndex: 0, x: 0.5, y: 0.5, productId: kettle.id }] }), 'FORBIDDEN');
    expectCode(await brand.gql(TAG, { note, tags: [{ imageIndex: 0, x: 0.5, y: 0.5, productId: kettle.id }] }), 'FORBIDDEN');
    expectCode(await admin.gql(TAG, { note, tags: [] }), 'FORBIDDEN');
    const hidden = await t.post(lin, { visibility: 'private' }, 1);
    expectCode(await sam.gql(TAG, { note: hidden, tags: [] }), 'NOT_FOUND');
    expectCode(await t.gql(TAG, { note, tags: [] }), 'UNAUTHENTICATED');
    expect(await tagRows(note)).toEqual([]);
  });

  it('refuses x/y out of range, a wrong image, too many tags, a repeat and products not on sale; the stored tags stay', async () => {
    const note = await t.post(lin, {}, 2);
    expectOk(await lin.gql(TAG, { note, tags: [{ imageIndex: 0, x: 0.1, y: 0.1, productId: kettle.id }] }));
    const refused = async (tags: object[], pattern: RegExp) => {
      const res = await lin.gql(TAG, { note, tags });
      expectCode(res, 'BAD_USER_INPUT');
      expect(res.errors![0]!.message).toMatch(pattern);
    };
    const at = (extra: object) => ({ imageIndex: 0, x: 0.5, y: 0.5, productId: tea.id, ...extra });
    await refused([at({ x: -0.01 })], /x is a fraction/);
    await refused([at({ x: 1.01 })], /x is a fraction/);
    await refused([at({ y: 7 })], /y is a fraction/);
    await refused([at({ imageIndex: 2 })], /from 0 to 1/);
    await refused([at({ imageIndex: -1 })], /from 0 to 1/);
    await refused([at({}), at({ x: 0.9 })], /same product twice/);
    await refused([at({ productId: draft.id })], /on sale/);
    await refused([at({ productId: Buffer.from('Product:99999').toString('base64url') })], /on sale/);
    // Five a picture by default.
    const six = [];
    for (let i = 0; i < 6; i++) six.push(await t.product(brand, shop, { title: `Cup ${i}` }));
    await refused(six.map((p) => at({ productId: p.id })), /at most 5 product tags/);
    // And a limit per note, an admin setting.
    expectOk(await admin.gql(`mutation { updatePluginSettings(plugin: "shop", settings: { maxTagsPerNote: 3 }) { name } }`));
    await refused(six.slice(0, 4).map((p, i) => at({ imageIndex: i % 2, productId: p.id })), /at most 3 product tags/);
    expectOk(await admin.gql(`mutation { updatePluginSettings(plugin: "shop", settings: { maxTagsPerNote: 20 }) { name } }`));
    expect((await tagRows(note)).map((r) => Number(r.product_id))).toEqual([localIdOf(kettle.id)]);
  });

  it('tags follow their image when the author reorders images; a removed image takes its tags along', async () => {
    const first = lin.imageId;
    const second = await lin.upload();
    const third = await lin.upload();
    const res = await lin.gql(`mutation($input: NoteInput!) { createNote(input: $input) { id } }`, { input: { title: 'Three', body: 'x', visibility: 'public', images: [{ mediaId: first }, { mediaId: second }, { mediaId: third }] } });
    const note = expectOk(res).createNote.id;
    expectOk(await lin.gql(TAG, { note, tags: [{ imageIndex: 1, x: 0.5, y: 0.5, productId: kettle.id }, { imageIndex: 2, x: 0.5, y: 0.5, productId: tea.id }] }));
    expectOk(await lin.gql(`mutation($id: ID!, $input: NoteInput!) { updateNote(id: $id, input: $input) { id } }`, { id: note, input: { images: [{ mediaId: third }, { mediaId: second }] } }));
    const tags = expectOk(await sam.gql(NOTE, { id: note })).note.productTags;
    expect(tags.map((x: any) => [x.imageIndex, x.product.title])).toEqual([[1, 'Gooseneck <kettle> & "co"'], [0, 'Longjing']]);
    const gone = await lin.gql(`mutation($id: ID!, $input: NoteInput!) { updateNote(id: $id, input: $input) { id } }`, { id: note, input: { images: [{ mediaId: first }] } });
    expectOk(gone);
    expect(expectOk(await sam.gql(NOTE, { id: note })).note.productTags).toEqual([]);
  });

  it('links products from tutorial blocks by "product:<id>"; malformed and unknown refs are refused, other kinds left alone', async () => {
    const block = (productRef: string) => ({ kind: 'tutorial', steps: [{ text: 'Heat to 92°C', productRef }] });
    const res = await lin.gql(`mutation($input: NoteInput!) { createNote(input: $input) { id } }`, {
      input: { title: 'Steps', body: 'x', visibility: 'public', images: [{ mediaId: lin.imageId }], blocks: [block(tea.ref), block('place:west-lake')] },
    });
    const note = expectOk(res).createNote.id;
    await t.settle();
    expect(expectOk(await sam.gql(NOTE, { id: note })).note.products.map((p: any) => p.title)).toEqual(['Longjing']);
    expect(expectOk(await t.gql(PRODUCT_NOTES, { id: tea.id })).product.notes.map((n: any) => n.id)).toContain(note);
    for (const ref of ['product:abc', 'product:0', 'product:99999', draft.ref]) {
      const bad = await lin.gql(`mutation($input: NoteInput!) { createNote(input: $input) { id } }`, {
        input: { title: 'Bad ref', body: 'x', visibility: 'public', images: [{ mediaId: lin.imageId }], blocks: [block(ref)] },
      });
      expectCode(bad, 'BAD_USER_INPUT');
    }
    // The shop may link its own product before publishing it.
    const own = await brand.gql(`mutation($input: NoteInput!) { createNote(input: $input) { id } }`, {
      input: { title: 'Coming soon', body: 'x', visibility: 'public', images: [{ mediaId: brand.imageId }], blocks: [block(draft.ref)] },
    });
    expectOk(own);
    // A product taken down later does not stop the author editing the note; its card goes.
    const soon = await t.product(brand, shop, { title: 'Limited tin' });
    const edited = await lin.gql(`mutation($input: NoteInput!) { createNote(input: $input) { id } }`, {
      input: { title: 'Tin', body: 'x', visibility: 'public', images: [{ mediaId: lin.imageId }], blocks: [block(soon.ref)] },
    });
    const tinNote = expectOk(edited).createNote.id;
    expectOk(await brand.gql(`mutation($id: ID!) { unpublishProduct(id: $id) { id } }`, { id: soon.id }));
    expectOk(await lin.gql(`mutation($id: ID!, $input: NoteInput!) { updateNote(id: $id, input: $input) { id } }`, { id: tinNote, input: { title: 'Tin (sold out)' } }));
    const after = expectOk(await sam.gql(NOTE, { id: tinNote })).note;
    expect(after.products).toEqual([]);
    expect(after.sections.filter((s: any) => s.kind === 'product-card')).toEqual([]);
  });

  it('the product lists readable notes that show it, real experiences first; deleted and private notes drop out', async () => {
    const cup = await t.product(brand, shop, { title: 'Tasting cup' });
    const tagOn = async (author: typeof lin, input: Record<string, unknown>) => {
      const note = await t.post(author, input, 1);
      expectOk(await author.gql(TAG, { note, tags: [{ imageIndex: 0, x: 0.5, y: 0.5, productId: cup.id }] }));
      return note;
    };
    const real = await tagOn(lin, { title: 'Honest review' });
    const byShop = await tagOn(brand, { title: 'From the brand' });
    const sponsored = await tagOn(sam, { title: 'Sponsored post', disclosure: 'sponsored' });
    const later = await tagOn(sam, { title: 'Second real one' });
    const privateOne = await tagOn(lin, { title: 'Just for me', visibility: 'private' });
    const titles = async (who: { gql: typeof t.gql }) => expectOk(await who.gql(PRODUCT_NOTES, { id: cup.id })).product.notes.map((n: any) => n.title);
    expect(await titles(t)).toEqual(['Second real one', 'Honest review', 'Sponsored post', 'From the brand']);
    expect(await titles(lin)).toEqual(['Just for me', 'Second real one', 'Honest review', 'Sponsored post', 'From the brand']);
    expectOk(await sam.gql(`mutation($id: ID!) { deleteNote(id: $id) }`, { id: later }));
    await t.settle();
    expect(await titles(t)).toEqual(['Honest review', 'Sponsored post', 'From the brand']);
    expect(expectOk(await t.gql(`query($id: ID!) { product(id: $id) { notes(first: 1) { title } } }`, { id: cup.id })).product.notes).toEqual([{ title: 'Honest review' }]);
    expectCode(await t.gql(`query($id: ID!) { product(id: $id) { notes(first: 51) { title } } }`, { id: cup.id }), 'BAD_USER_INPUT');
    expect([real, byShop, sponsored, privateOne]).toHaveLength(4);
  });

  it('a purchase is attributed to the note (and its author) that led to it, only when the note links the product', async () => {
    const service = t.ctx.services.get(ShopServiceRef);
    const note = await t.post(lin, { title: 'Why I love this kettle' }, 1);
    expectOk(await lin.gql(TAG, { note, tags: [{ imageIndex: 0, x: 0.5, y: 0.5, productId: kettle.id }] }));
    const got = await service.attributionFor({ noteId: localIdOf(note), productId: localIdOf(kettle.id), buyerId: sam.id });
    expect(got).toMatchObject({ noteId: localIdOf(note), creatorId: lin.id, productId: localIdOf(kettle.id), via: 'image-tag' });
    expect(await service.attributionFor({ noteId: localIdOf(note), productId: localIdOf(tea.id), buyerId: sam.id })).toBeNull();
    const hidden = await t.post(lin, { visibility: 'private' }, 1);
    expectOk(await lin.gql(TAG, { note: hidden, tags: [{ imageIndex: 0, x: 0.5, y: 0.5, productId: kettle.id }] }));
    expect(await service.attributionFor({ noteId: localIdOf(hidden), productId: localIdOf(kettle.id), buyerId: sam.id })).toBeNull();
    expect(await service.productIdsOfNote(localIdOf(note))).toEqual([localIdOf(kettle.id)]);
  });
});
