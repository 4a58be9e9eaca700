// A generated corpus for evaluating the automatic signals, deterministic
// with a seed: honest notes and comments in Chinese and English (with hard
// negatives — honest brand mentions with prices, labelled ads, guides with
// several links, a viral link, new people at one event sharing its link,
// words that contain a listed word) and planted abuse: fake-seeding rings
// (young accounts posting paraphrases of one brief within hours), copied
// notes, undisclosed ads, spam links and listed words in disguise. Each
// item says which signals should fire on it.

import type { SignalKind, SignalSubject } from '../signals/types.ts';
import { signalSettings, type SignalSettings } from '../signals/settings.ts';
import { shingles } from '../signals/near-duplicate.ts';
import { extractLinks } from '../signals/text.ts';
import * as W from './corpus-words.ts';

export interface CorpusItem {
  subject: SignalSubject;
  /** The signals that should fire on it. */
  truth: Set<SignalKind>;
  /** What it is, for reading failures ("honest", "ring", "duplicate", …). */
  group: string;
}

export interface Corpus {
  /** In the order they were posted. */
  items: CorpusItem[];
  /** The admin's settings for this corpus (brands, word lists, blocked domains). */
  settings: SignalSettings;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 1);
const SPAN = 14 * DAY;
/** A near-duplicate is defined for texts of at least 12 shingles (the signal's documented minimum). */
const longEnough = (text: string) => shingles(text).size >= 12;

/** Mulberry32: a small seeded generator. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateCorpus(seed = 7): Corpus {
  const r = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const chance = (p: number) => r() < p;
  const shuffle = <T>(xs: T[]): T[] => {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  const some = <T>(xs: readonly T[], n: number) => shuffle([...xs]).slice(0, n);
  const fill = (template: string, slots: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, k: string) => slots[k] ?? `{${k}}`);
  const alnum = (n: number) => Array.from({ length: n }, () => pick([...'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'])).join('');

  // Accounts: most honest ones are old; a fifth are new here.
  const accounts: { id: number; handle: string; createdAt: number }[] = [];
  const account = (prefix: string, createdAt: number) => {
    const a = { id: accounts.length + 1, handle: `${prefix}${accounts.length + 1}`, createdAt };
    accounts.push(a);
    return a;
  };
  const honest = Array.from({ length: 220 }, () => (chance(0.2) ? account('new', T0 - 10 * DAY + r() * 14 * DAY) : account('u', T0 - int(60, 1500) * DAY)));
  const oldAccount = () => account('u', T0 - int(60, 1500) * DAY);

  const items: CorpusItem[] = [];
  let noteId = 0;
  let commentId = 0;
  const post = (
    group: string, author: (typeof accounts)[number], at: number, text: string,
    extra: Partial<Pick<SignalSubject, 'links' | 'hashtags' | 'productRefs' | 'disclosure' | 'type'>> & { truth?: SignalKind[] } = {},
  ) => {
    const type = extra.type ?? 'Note';
    const item: CorpusItem = {
      group,
      truth: new Set(extra.truth ?? []),
      subject: {
        type, id: type === 'Note' ? ++noteId : ++commentId, authorId: author.id, authorHandle: author.handle, authorCreatedAt: author.createdAt,
        at: Math.max(at, author.createdAt + HOUR), text, links: extra.links ?? extractLinks(text), hashtags: extra.hashtags ?? [], productRefs: extra.productRefs ?? [],
        disclosure: extra.disclosure ?? null,
      },
    };
    items.push(item);
    return item;
  };
  const when = () => T0 + r() * SPAN;

  // ---- honest notes
  const honestText = (lang: 'zh' | 'en', topicName?: string) => {
    const topics = lang === 'zh' ? W.ZH_TOPICS : W.EN_TOPICS;
    const name = topicName ?? pick(Object.keys(topics));
    const t = topics[name]!;
    const slots = () => ({
      thing: pick(t.things), good: pick(t.good), detail: pick(t.details), n: String(int(2, 9)),
      who: pick(lang === 'zh' ? W.ZH_WHO : W.EN_WHO), place: pick(lang === 'zh' ? W.ZH_PLACES : W.EN_PLACES), day: pick(lang === 'zh' ? W.ZH_DAYS : W.EN_DAYS),
    });
    const sep = lang === 'zh' ? '。' : '. ';
    const aside = () => fill(pick(lang === 'zh' ? W.ZH_ASIDES : W.EN_ASIDES), lang === 'zh'
      ? { name: pick(W.ZH_NAME_CHARS) + pick(W.ZH_NAME_CHARS), n: String(int(2, 40)), time: pick(W.ZH_TIMES), weather: pick(W.ZH_WEATHER), feeling: pick(W.ZH_FEELINGS), food: pick(W.ZH_FOODS) }
      : { name: pick(W.EN_NAME_PARTS) + pick(W.EN_NAME_PARTS).toLowerCase(), n: String(int(2, 40)), time: pick(W.EN_TIMES), weather: pick(W.EN_WEATHER), feeling: pick(W.EN_FEELINGS), food: pick(W.EN_FOODS) });
    const body = [
      ...Array.from({ length: int(2, 4) }, () => fill(pick(lang === 'zh' ? W.ZH_SENTENCES : W.EN_SENTENCES), slots())),
      ...Array.from({ length: int(1, 3) }, aside),
    ];
    const lines = [fill(pick(lang === 'zh' ? W.ZH_OPENERS : W.EN_OPENERS), slots()), ...shuffle(body), pick(lang === 'zh' ? W.ZH_CLOSERS : W.EN_CLOSERS)];
    return { text: lines.join(sep) + (lang === 'zh' ? '。' : '.'), tags: some(t.tags, int(1, 3)), topic: name };
  };
  const lang = () => (chance(0.6) ? 'zh' : 'en') as 'zh' | 'en';
  const honestLink = () => fill(pick(W.HONEST_LINKS), { n: String(int(10000, 99999)), s: alnum(8) });
  for (let i = 0; i < 900; i++) {
    const l = lang();
    const h = honestText(l);
    let text = h.text;
    if (chance(0.12)) text += ` ${honestLink()}`;
    if (chance(0.1)) {
      const b = pick(W.BRANDS);
      text += (l === 'zh' ? '。' : ' ') + fill(pick(l === 'zh' ? W.ZH_HONEST_BUYS : W.EN_HONEST_BUYS), { brand: b.brand, price: String(int(39, 899)) });
      post('honest-brand', pick(honest), when(), text, { hashtags: h.tags });
      continue;
    }
    post('honest', pick(honest), when(), text, { hashtags: h.tags });
  }
  // Guides with four links each: many links, but not spam.
  for (let i = 0; i < 15; i++) {
    const h = honestText(lang());
    post('honest-guide', pick(honest), when(), `${h.text}\n${Array.from({ length: 4 }, honestLink).join('\n')}`, { hashtags: h.tags });
  }
  // One shortened link in an honest note: ordinary (a shortener alone is not spam).
  for (let i = 0; i < 10; i++) {
    const h = honestText(lang());
    post('honest-short-link', pick(honest), when(), `${h.text} ${fill(pick(W.SHORT_LINKS), { s: alnum(6) })}`, { hashtags: h.tags });
  }
  // Honest words that contain a listed Latin word.
  for (let i = 0; i < 10; i++) post('honest-lookalike', pick(honest), when(), `${honestText('en', 'skincare').text} I saw ${pick(W.LOOKALIKE_WORDS)} about it.`);
  // A viral news link shared by six old accounts within a day.
  const viral = `https://www.bbc.com/news/science-${int(10000, 99999)}`;
  const viralAt = when();
  for (let i = 0; i < 6; i++) post('honest-viral', oldAccount(), viralAt + r() * 20 * HOUR, `${honestText('en', 'plants').text} Interesting read: ${viral}`);
  // New people at one event, sharing its official link in their own words within hours.
  const eventLink = `https://coffeefest.example.org/2026/tickets`;
  const eventAt = when();
  for (let i = 0; i < 5; i++) {
    const h = honestText('zh', 'cafe');
    post('honest-event', account('new', eventAt - int(1, 20) * DAY), eventAt + r() * 3 * HOUR, `上海咖啡节来啦 ${h.text} 票在这里 ${eventLink}`, { hashtags: ['上海咖啡节', '咖啡', '周末'] });
  }
  // Honest comments.
  const ZH_COMMENTS = ['好美！想去', '请问人均多少？', '收藏了，周末去试试', '求地址', '看起来好好吃', '去年去过，', '同款！', '拍得真好'];
  const EN_COMMENTS = ['Looks amazing, where is this?', 'Saved for the weekend', 'How much was it?', 'Same here!', 'Great photos', 'Went last year, '];
  for (let i = 0; i < 250; i++) {
    const zh = chance(0.6);
    let text = pick(zh ? ZH_COMMENTS : EN_COMMENTS);
    if (text.endsWith('，') || text.endsWith(', ')) text += pick(Object.values(zh ? W.ZH_TOPICS : W.EN_TOPICS)).details[int(0, 7)];
    post('honest-comment', pick(honest), when(), text, { type: 'Comment' });
  }

  // ---- labelled ads (commercial, with the label: fine)
  const adText = (l: 'zh' | 'en', brand: (typeof W.BRANDS)[number], code: string, claims: number[], variant: () => number, ctas: string[], price: number) => {
    const claimPool = l === 'zh' ? W.ZH_CLAIMS : W.EN_CLAIMS;
    const product = brand.product[l === 'zh' ? 0 : 1]!;
    const parts = [
      l === 'zh' ? `最近在用${product}` : `Been using ${product} lately`,
      ...claims.map((c) => claimPool[c]![variant()]!),
      ...ctas.map((c) => fill(c, { code, price: String(price) })),
    ];
    return parts.join(l === 'zh' ? '，' : '. ');
  };
  const claimIdx = [0, 1, 2, 3, 4, 5, 6];
  // A single ad is written by its author: a couple of their own sentences first.
  const personal = (l: 'zh' | 'en') => honestText(l).text.split(l === 'zh' ? '。' : '. ').slice(0, 3).join(l === 'zh' ? '。' : '. ') + (l === 'zh' ? '。' : '. ');
  const shopLink = () => fill(pick(W.SHOP_LINKS), { n: String(int(100000, 999999)) });
  for (let i = 0; i < 25; i++) {
    const l = lang();
    const b = pick(W.BRANDS);
    const code = `${b.brand.replace(/[^A-Za-z]/g, '').toUpperCase() || 'FAN'}${int(10, 99)}`;
    const text = `${personal(l)}${adText(l, b, code, some(claimIdx, 2), () => int(0, 2), some(l === 'zh' ? W.ZH_CTAS : W.EN_CTAS, int(1, 2)), int(59, 399))}`;
    post('labelled-ad', oldAccount(), when(), chance(0.5) ? `${text} ${shopLink()}` : text, { disclosure: chance(0.5) ? 'sponsored' : 'promoted', hashtags: [b.tag[l === 'zh' ? 0 : 1]!] });
  }

  // ---- undisclosed ads
  for (let i = 0; i < 45; i++) {
    const l = lang();
    const b = pick(W.BRANDS);
    const code = `${alnum(4).toUpperCase()}${int(10, 99)}`;
    const text = `${personal(l)}${adText(l, b, code, some(claimIdx, 2), () => int(0, 2), some(l === 'zh' ? W.ZH_CTAS : W.EN_CTAS, int(1, 2)), int(59, 399))}`;
    const author = chance(0.3) ? account('new', T0 - int(1, 20) * DAY) : pick(honest);
    post('ad', author, when(), chance(0.4) ? `${text} ${shopLink()}` : text, {
      truth: ['undisclosed-ad'], productRefs: chance(0.3) ? [`p${int(1000, 9999)}`] : [], hashtags: [b.tag[l === 'zh' ? 0 : 1]!, l === 'zh' ? '好物推荐' : 'musthave'],
    });
  }

  // ---- fake-seeding rings: young accounts post one brief within hours;
  // most work from a template (light edits), some rewrite it; some sell
  // openly (codes, "DM me"), others only rave about the product.
  for (let ring = 0; ring < 10; ring++) {
    const l = ring % 3 === 2 ? 'en' : 'zh';
    const b = W.BRANDS[ring % W.BRANDS.length]!;
    const selling = ring % 4 !== 3;
    const rewritten = ring % 5 === 4;
    const code = `${alnum(3).toUpperCase()}${int(10, 99)}`;
    const link = chance(0.5) ? shopLink() : null;
    const productRef = chance(0.5) ? `p${int(1000, 9999)}` : null;
    const brief = some(claimIdx, 5);
    const briefVariant = new Map(brief.map((c) => [c, int(0, 2)]));
    const ctas = some(l === 'zh' ? W.ZH_CTAS : W.EN_CTAS, 2);
    const tags = [b.tag[l === 'zh' ? 0 : 1]!, l === 'zh' ? '种草' : 'musthave', l === 'zh' ? '好物推荐' : 'obsessed'];
    const start = when();
    const members = int(4, 7);
    const times = Array.from({ length: members }, () => start + r() * 4 * HOUR).sort((a, b2) => a - b2);
    for (const [k, at] of times.entries()) {
      const author = account('fresh', at - int(1, 12) * DAY);
      const opener = honestText(l, b.tag[0] === '冲锋衣' ? 'hiking' : 'skincare').text.split(l === 'zh' ? '。' : '. ')[0]!;
      // A template member swaps one claim's wording and may drop one; a rewriting member picks its own.
      const claims = rewritten ? some(brief, int(3, 5)) : brief.filter((c) => c !== brief[int(0, 9)]);
      const swapped = claims[int(0, claims.length - 1)];
      const variant = (c: number) => (rewritten ? int(0, 2) : c === swapped ? int(0, 2) : briefVariant.get(c)!);
      const claimPool = l === 'zh' ? W.ZH_CLAIMS : W.EN_CLAIMS;
      const product = b.product[l === 'zh' ? 0 : 1]!;
      const parts = [l === 'zh' ? `最近在用${product}` : `Been using ${product} lately`, ...claims.map((c) => claimPool[c]![variant(c)]!), ...(selling ? ctas.map((c) => fill(c, { code, price: '199' })) : [])];
      let text = `${opener}${l === 'zh' ? '。' : '. '}${parts.join(l === 'zh' ? '，' : '. ')}`;
      if (link) text += ` ${link}`;
      // Every member after the first paraphrases an earlier one; every member is a paid post without a label.
      const truth: SignalKind[] = ['coordinated-burst', 'undisclosed-ad'];
      if (k > 0 && longEnough(text)) truth.push('near-duplicate');
      post(rewritten ? 'ring-rewritten' : 'ring', author, at, text, { truth, hashtags: some(tags, int(2, 3)), productRefs: productRef ? [productRef] : [] });
    }
  }

  // ---- copied notes (verbatim or lightly edited) by another account, later
  const originals = items.filter((it) => it.group === 'honest' && it.subject.type === 'Note');
  for (let i = 0; i < 30; i++) {
    const o = pick(originals);
    const sentences = o.subject.text.split(/(?<=[。.])\s*/).filter(Boolean);
    let text = o.subject.text;
    const edit = int(0, 3);
    if (edit === 1 && sentences.length > 4) text = sentences.filter((_, k) => k !== int(1, sentences.length - 2)).join(' ');
    if (edit === 2) text = `${text} ${pick(['（转）', '✨✨', 'via a friend', '分享给大家'])}`;
    if (edit === 3) text = [pick(['转一篇好文', 'Found this, so true', '说得太对了']), ...sentences.slice(1)].join(' ');
    const author = chance(0.5) ? account('new', T0 - int(1, 20) * DAY) : pick(honest.filter((a) => a.id !== o.subject.authorId));
    post('duplicate', author, o.subject.at + 10 * 60_000 + r() * 5 * DAY, text, { truth: longEnough(text) ? ['near-duplicate'] : [], hashtags: o.subject.hashtags });
  }

  // ---- spam links
  const shortLink = () => fill(pick(W.SHORT_LINKS), { s: alnum(6) });
  for (let i = 0; i < 12; i++) {
    post('spam-short', pick(honest), when(), `${pick(chance(0.5) ? W.SPAM_ZH : W.SPAM_EN)} ${shortLink()} ${shortLink()}`, { truth: ['spam-links'], type: chance(0.5) ? 'Comment' : 'Note' });
  }
  for (let i = 0; i < 8; i++) {
    const domain = pick(W.BLOCKED_DOMAINS);
    post('spam-blocked', pick(honest), when(), `${pick(chance(0.5) ? W.SPAM_ZH : W.SPAM_EN)} https://${domain}/${alnum(5)}`, { truth: ['spam-links'], type: chance(0.5) ? 'Comment' : 'Note' });
  }
  for (let i = 0; i < 8; i++) {
    const links = Array.from({ length: int(5, 7) }, () => `https://deals-${alnum(4).toLowerCase()}.example.net/${alnum(4)}`);
    post('spam-many', pick(honest), when(), `${pick(chance(0.5) ? W.SPAM_ZH : W.SPAM_EN)}\n${links.join('\n')}`, { truth: ['spam-links'] });
  }
  // A link farm: hijacked old accounts comment the same link within a day.
  const farmLink = `https://win-prize.example.com/claim?id=${int(100, 999)}`;
  const farmAt = when();
  const farmTexts = new Set<string>();
  const farmTimes = Array.from({ length: 10 }, () => farmAt + r() * 20 * HOUR).sort((a, b) => a - b);
  for (const at of farmTimes) {
    const text = `${pick(chance(0.5) ? W.SPAM_ZH : W.SPAM_EN)} ${farmLink}`;
    const copy = farmTexts.has(text) && longEnough(text);
    farmTexts.add(text);
    post('spam-farm', oldAccount(), at, text, { truth: copy ? ['spam-links', 'near-duplicate'] : ['spam-links'], type: 'Comment' });
  }

  // ---- listed words, disguised
  const listed = W.WORD_LISTS.flatMap((list) => list.terms);
  for (let i = 0; i < 35; i++) {
    const term = pick(listed);
    const variant = pick(W.WORD_VARIANTS[term] ?? [term]);
    const zh = /\p{Script=Han}/u.test(term) || chance(0.3);
    const base = zh ? pick(ZH_COMMENTS) : pick(EN_COMMENTS);
    post('listed-word', pick(honest), when(), chance(0.5) ? `${base} ${variant}` : `${honestText(zh ? 'zh' : 'en').text} ${variant}`, {
      truth: ['word-list'], type: chance(0.5) ? 'Comment' : 'Note',
    });
  }

  items.sort((a, b) => a.subject.at - b.subject.at);
  const settings = signalSettings.parse({
    commercial: { brands: W.BRANDS.map((b) => b.brand) },
    links: { blockedDomains: W.BLOCKED_DOMAINS },
    wordLists: W.WORD_LISTS,
  });
  return { items, settings };
}

