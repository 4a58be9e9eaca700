// Ratings on the product page, without JavaScript: the summary and the
// latest ratings marked "verified purchase" for everyone; the rating form
// only for a buyer who received the product, posting back to the page; a
// refused form shows again with the problem and what was typed; both
// languages.

import { afterAll, describe, expect, it } from 'vitest';
// The web plugin is booted for real (the shop's optional dependency); plugin code may not import it.
// eslint-disable-next-line meadow/plugin-boundaries
import webPlugin from '../../web/index.ts';
import { localIdOf, startReviews, type Person } from './reviews-helpers.ts';

const HTML = 'text/html,application/xhtml+xml';

describe('shop reviews on the product page', async () => {
  const t = await startReviews([webPlugin]);
  afterAll(() => t.close());
  const { brand, shopId } = t;
  const browse = (url: string, who: Person | null = null, language = 'en') => t.meadow.app.inject({
    method: 'GET', url, headers: { accept: HTML, 'accept-language': language, ...(who ? { 'x-test-account': `${who.id}:person` } : {}) },
  });
  const submit = (url: string, who: Person, fields: Record<string, string>) => t.meadow.app.inject({
    method: 'POST', url, payload: new URLSearchParams(fields).toString(),
    headers: { accept: HTML, 'accept-language': 'en', 'content-type': 'application/x-www-form-urlencoded', origin: t.url, 'x-test-account': `${who.id}:person` },
  });
  const rateForm = (body: string) => /<form class="rate-form[\s\S]*?<\/form>/.exec(body)?.[0] ?? null;

  const kettle = await t.product(brand, shopId, { title: 'Gooseneck kettle' });
  const path = `/shop/products/${localIdOf(kettle.id)}`;
  const mei = await t.person('mei');
  const stranger = await t.person('stranger');
  await t.buy(mei, kettle, 'delivered');
  // Signed-in pages speak the account's language: these two read English.
  for (const p of [mei, stranger]) await p.gql(`mutation { updateProfile(input: { locale: "en" }) { id } }`);

  it('before any rating: the section says so; only the buyer who received it gets the form', async () => {
    const visitor = await browse(path);
    expect(visitor.statusCode).toBe(200);
    expect(visitor.body).toContain('<h2 id="product-reviews-title">Ratings</h2>');
    expect(visitor.body).toContain('No ratings yet. Only buyers who received it can rate it.');
    expect(rateForm(visitor.body)).toBeNull();
    expect(rateForm((await browse(path, stranger)).body)).toBeNull();
    const form = rateForm((await browse(path, mei)).body)!;
    expect(form).toContain('Rate it');
    expect(form.match(/type="radio"[^>]*name="stars"/g)).toHaveLength(5);
    expect(form).toContain('name="do" value="rate"');
  });

  it('the buyer rates through the form: back to the page with a notice, the rating marked “verified purchase”, the form now to change it', async () => {
    const note = await t.note(mei, { title: 'Three weeks of pour-overs' });
    await mei.gql(`mutation($n: ID!, $p: ID!) { setNoteProductTags(noteId: $n, tags: [{ imageIndex: 0, x: 0.5, y: 0.5, productId: $p }]) { id } }`, { n: note, p: kettle.id });
    const form = rateForm((await browse(path, mei)).body)!;
    expect(form).toContain(`<option value="${note}">Three weeks of pour-overs</option>`);

    const sent = await submit(path, mei, { do: 'rate', stars: '4', text: 'Steady pour. <script>alert(1)</script>', note });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`${path}?done=rated#reviews`);
    const page = (await browse(`${path}?done=rated`, mei)).body;
    expect(page).toContain('Thank you — your rating is saved.');
    expect(page).toContain('4 out of 5 · 1 ratings from verified buyers');
    expect(page).toContain('<span class="disclosure-label verified-purchase">Verified purchase</span>');
    expect(page).toContain('@mei');
    expect(page).toContain('Steady pour. &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain(`href="/notes/${localIdOf(note)}">Their note: Three weeks of pour-overs</a>`);
    const again = rateForm(page)!;
    expect(again).toContain('Change your rating');
    expect(again).toMatch(/id="rate-stars-4" name="stars" value="4" checked/);
    expect(again).toContain(`<option value="${note}" selected>`);
    // Everyone sees the rating; nobody else gets the form.
    const visitor = (await browse(path)).body;
    expect(visitor).toContain('Verified purchase');
    expect(rateForm(visitor)).toBeNull();
  });

  it('a refused form comes back with the problem and what was typed; a hand-made form from a non-buyer is refused', async () => {
    const noStars = await submit(path, mei, { do: 'rate', text: 'Forgot the stars' });
    expect(noStars.statusCode).toBe(400);
    expect(noStars.body).toContain('Choose from 1 to 5 stars.');
    expect(rateForm(noStars.body)).toContain('>Forgot the stars</textarea>');
    expect(rateForm(noStars.body)).toMatch(/<fieldset aria-invalid="true"/);

    const long = await submit(path, mei, { do: 'rate', stars: '5', text: 'a'.repeat(1001) });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('at most 1000 characters');
    expect(rateForm(long.body)).toMatch(/<textarea id="rate-text"[^>]*aria-invalid="true"/);

    const outsider = await submit(path, stranger, { do: 'rate', stars: '1' });
    expect(outsider.statusCode).toBe(403);
    expect(outsider.body).toContain('Only buyers who received this product can rate it');
    // Nothing changed: still mei's 4 stars only.
    expect((await browse(path)).body).toContain('4 out of 5 · 1 ratings from verified buyers');
  });

  it('in Chinese', async () => {
    const page = (await browse(path, null, 'zh-CN')).body;
    expect(page).toContain('<h2 id="product-reviews-title">评分</h2>');
    expect(page).toContain('4 分（满分 5 分）· 1 位已购买家评分');
    expect(page).toContain('<span class="disclosure-label verified-purchase">已购买</span>');
    const hua = await t.person('hua');
    await t.buy(hua, kettle, 'completed');
    const form = rateForm((await browse(path, hua, 'zh-CN')).body)!;
    expect(form).toContain('给商品评分');
    expect(form).toContain('提交评分');
  });
});
