// Undisclosed commercial content: something to sell (a product tag, a
// brand, a promo code, a shop link, a price) together with selling phrases
// (优惠码, 私信我, link in bio…), on a note without a paid-promotion label.
// A note with a label is fine however commercial it reads.

import { hostIs, linkParts } from './text.ts';
import { combine, listed, round2, type Signal, type SignalSubject } from './types.ts';
import { termMatcher, type TermMatcher } from './word-lists.ts';

/** Calls to buy or to get in touch to buy: rare in honest notes. */
export const SELLING_PHRASES = [
  '优惠码', '折扣码', '邀请码', '券码', '私信我', '私信', '滴滴我', '戳我', '链接在', '戳链接', '点链接', '购买链接', '评论区扣', '扣1', '主页有链接', '橱窗', '领券',
  '下单立减', '限时秒杀', '粉丝福利', '专属福利', '加微信', '加v', '拍下', '到手价', '冲鸭', '闭眼入',
  'discount code', 'promo code', 'coupon code', 'use my code', 'use code', 'link in bio', 'link in my bio', 'dm me', 'dm for', 'message me for', 'shop now',
  'buy now', 'order now', 'swipe up', 'dm you', 'affiliate link', 'limited time offer', 'tap the link', 'click the link', 'grab yours',
];

/** Shopping words honest notes use too; they count only in numbers. */
export const SHOPPING_WORDS = [
  '折扣', '打折', '下单', '包邮', '团购', '拼单', '秒杀', '原价', '现价', '划算', '优惠', '特价', '旗舰店', '店铺', '入手', '回购',
  'discount', 'sale', 'deal', 'coupon', 'free shipping', 'bargain', 'restock', 'promo',
];

/** Words by which an author says in the text that it is paid (without the label). */
export const DISCLOSURE_WORDS = ['#ad', '广告', '商务合作', '品牌合作', '赞助', '品牌方提供', '恰饭', 'sponsored', 'paid partnership', 'gifted', '#gifted'];

export const SHOP_DOMAINS = ['taobao.com', 'tmall.com', 'jd.com', 'pinduoduo.com', 'yangkeduo.com', 'tb.cn', 'amazon.com', 'amazon.cn', 'etsy.com', 'shopee.com', 'aliexpress.com'];

const CODE = /(?:优惠码|折扣码|邀请码|券码|口令|code)\s*(?:是|为|is|:|：)?\s*[「“"']?([A-Za-z0-9][A-Za-z0-9_-]{3,15})/giu;
const PRICE = /[¥￥$]\s?\d|\d(?:\.\d+)?\s?(?:元|块|rmb|usd)(?![\p{L}])/iu;

/** Promo codes in the text (upper-cased): a code has a digit or is written in capitals. */
export function promoCodes(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.normalize('NFKC').matchAll(CODE)) {
    const code = m[1]!;
    if (/\d/.test(code) || code === code.toUpperCase()) out.add(code.toUpperCase());
  }
  return [...out];
}

export interface CommercialOptions {
  /** Brand and product names an admin lists. */
  brands: string[];
  /** More selling phrases, and more shop domains. */
  extraPhrases: string[];
  shopDomains: string[];
}

interface Matchers {
  selling: TermMatcher;
  shopping: TermMatcher;
  disclosure: TermMatcher;
  brands: TermMatcher;
}

const cache = new WeakMap<CommercialOptions, Matchers>();

function matchersOf(options: CommercialOptions): Matchers {
  let m = cache.get(options);
  if (!m) {
    m = {
      selling: termMatcher([...SELLING_PHRASES, ...options.extraPhrases]),
      shopping: termMatcher(SHOPPING_WORDS),
      disclosure: termMatcher(DISCLOSURE_WORDS.map((w) => w.replace(/^#/, ''))),
      brands: termMatcher(options.brands),
    };
    cache.set(options, m);
  }
  return m;
}

/** The admin's brand list as a matcher (cached per settings object). */
export const brandMatcher = (options: CommercialOptions): TermMatcher => matchersOf(options).brands;

/**
 * Scores the evidence: selling phrases 0.4 each (up to three), shopping
 * words 0.1 each (up to three), a product tag 0.35, a brand 0.35, a promo
 * code 0.35, a shop link 0.25, a price 0.1 — combined as independent
 * evidence. Needs both something sold and selling words; nothing when
 * labelled; halved when the text itself says it is paid.
 */
export function detectUndisclosedAd(subject: SignalSubject, options: CommercialOptions): Signal | null {
  if (subject.disclosure) return null;
  const m = matchersOf(options);
  const text = subject.text;
  const selling = m.selling.find(text).filter((p, _, all) => !all.some((q) => q !== p && q.includes(p)));
  const shopping = m.shopping.find(text).filter((w) => !selling.some((p) => p.includes(w)));
  if (!selling.length && shopping.length < 2) return null;
  const brands = m.brands.find(text);
  const codes = promoCodes(text);
  const shopLinks = subject.links.map(linkParts).filter((p) => p && [...SHOP_DOMAINS, ...options.shopDomains].some((d) => hostIs(p.host, d)));
  const price = PRICE.test(text);
  const sold: string[] = [];
  if (subject.productRefs.length) sold.push('a product tag');
  if (brands.length) sold.push(`brand ${listed(brands, 2)}`);
  if (codes.length) sold.push(`code ${codes[0]}`);
  if (shopLinks.length) sold.push(`a shop link (${shopLinks[0]!.host})`);
  if (price) sold.push('a price');
  if (!sold.length) return null;
  const weights = [
    ...selling.slice(0, 3).map(() => 0.4),
    ...shopping.slice(0, 3).map(() => 0.1),
    subject.productRefs.length ? 0.35 : 0,
    brands.length ? 0.35 : 0,
    codes.length ? 0.35 : 0,
    shopLinks.length ? 0.25 : 0,
    price ? 0.1 : 0,
  ];
  const saidInText = m.disclosure.find(text);
  const score = combine(weights) * (saidInText.length ? 0.5 : 1);
  const phrases = listed([...selling, ...shopping].map((p) => `"${p}"`), 4);
  const label = saidInText.length ? `says "${saidInText[0]}" in the text but carries no paid-promotion label` : 'no paid-promotion label';
  return { kind: 'undisclosed-ad', score: round2(score), explanation: `commercial wording (${phrases}) with ${listed(sold, 3)}; ${label}` };
}
