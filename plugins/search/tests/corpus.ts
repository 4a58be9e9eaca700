// A generated bilingual corpus with ground truth, deterministic with a
// seed. Each note has facts (city, activity, audience, budget, need, season)
// and is written from templates in Chinese or English with varied wording:
// a note about kids may say 遛娃, 亲子, 带孩子, toddler or family without
// ever using the word a searcher types. Judged queries name the facts they
// ask for; a note is relevant (grade 2) when it has all of them, partly
// relevant (grade 1) when it has the main one.

import { indexTerms } from '../text/tokenize.ts';
import type { IndexDocument } from '../engine/types.ts';

export interface Facts {
  city: string;
  activity: string;
  audience: string | null;
  budget: 'cheap' | null;
  need: 'tutorial' | 'pitfalls' | 'recommendation' | null;
  weather: 'rainy' | null;
  lang: 'zh' | 'en';
}

export interface CorpusNote extends Facts {
  id: number;
  authorId: number;
  title: string;
  body: string;
  tags: string[];
  publishedAt: number;
  likes: number;
  collects: number;
  comments: number;
}

/** Mulberry32: a small seeded generator. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CITIES: Record<string, [string, string]> = { shanghai: ['上海', 'Shanghai'], beijing: ['北京', 'Beijing'], hangzhou: ['杭州', 'Hangzhou'], chengdu: ['成都', 'Chengdu'], shenzhen: ['深圳', 'Shenzhen'] };

/** Wordings per activity: [zh phrases, en phrases, tags]. Deliberately wider than the lexicon. */
const ACTIVITIES: Record<string, [string[], string[], string[]]> = {
  cafe: [['一家安静的咖啡馆', '手冲咖啡店', '宝藏咖啡店', '拿铁很好喝的小店'], ['a quiet coffee shop', 'a specialty cafe', 'a latte place', 'a hidden café'], ['咖啡', 'coffee']],
  hiking: [['一条徒步路线', '爬山步道', '登山线路', '山里的小路'], ['a hiking trail', 'a mountain trail', 'a ridge hike', 'a forest trail'], ['徒步', 'hiking']],
  camping: [['一个露营地', '湖边营地', '精致露营', '搭帐篷的草地'], ['a campsite', 'a lakeside campground', 'a glamping site', 'a tent spot'], ['露营', 'camping']],
  food: [['一家小餐馆', '本地人常去的馆子', '探店火锅', '早午餐餐厅'], ['a small restaurant', 'a local diner', 'a hotpot place', 'a brunch spot'], ['美食', 'foodie']],
  museum: [['一座博物馆', '美术馆的新展', '一个小众展览', '看展的好地方'], ['a museum', 'a gallery show', 'an exhibition', 'an art museum'], ['看展', 'museum']],
  skincare: [['一款面霜', '修护精华', '保湿乳液', '温和的洗面奶'], ['a moisturizer', 'a repair serum', 'a face cream', 'a gentle cleanser'], ['护肤', 'skincare']],
  playground: [['室内游乐场', '亲子乐园', '儿童乐园', '蹦床馆'], ['an indoor playground', 'a play center', 'a trampoline park', 'a soft play area'], ['亲子', 'playtime']],
};

const AUDIENCES: Record<string, [string[], string[]]> = {
  kids: [['适合遛娃', '带孩子很方便', '亲子友好', '小朋友玩得很开心', '宝宝也能去'], ['great with toddlers', 'family friendly', 'our children loved it', 'easy with a stroller', 'the little ones had fun']],
  couples: [['适合约会', '情侣去很浪漫', '和对象一起去'], ['perfect for a date', 'romantic for two', 'went with my partner']],
  pets: [['可以带狗狗', '宠物友好', '猫咪也欢迎'], ['dogs are welcome', 'pet friendly', 'brought our pup']],
  'sensitive-skin': [['敏感肌也能用', '泛红期用着不刺激', '无香精很温和'], ['fine on sensitive skin', 'no irritation for my reactive skin', 'fragrance free and gentle']],
};

const EXTRAS = {
  cheap: [['人均不到五十', '性价比很高', '免费入场', '学生党友好'], ['under ten dollars', 'free entry', 'very affordable', 'great value']],
  tutorial: [['步骤写在下面', '手把手教程', '攻略整理好了'], ['step by step below', 'my full guide', 'how I did it']],
  pitfalls: [['踩雷提醒', '这些坑别踩', '避坑总结'], ['mistakes to avoid', 'what went wrong', 'things I regret']],
  recommendation: [['真心推荐', '会回购', '强烈安利'], ['highly recommend', 'would buy again', 'my favorite so far']],
  rainy: [['下雨天也能去', '全程室内', '不怕下雨'], ['good on a rainy day', 'all indoors', 'no problem when it rains']],
} as const;

const FILLER_ZH = ['周末去了一趟', '记录一下', '和朋友一起', '上次路过', '第三次来了', '随手拍'];
const FILLER_EN = ['Went there last weekend', 'Quick note', 'With friends', 'Stopped by', 'Third visit', 'Snapshots'];

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

export const CORPUS_NOW = Date.UTC(2026, 5, 1);

export function generateCorpus(size: number, seed = 42): CorpusNote[] {
  return [...corpusNotes(size, seed)];
}

/** The same notes one at a time (benchmarks over a million notes do not hold them all). */
export function* corpusNotes(size: number, seed = 42): Generator<CorpusNote> {
  const r = rng(seed);
  for (let i = 1; i <= size; i++) {
    const lang = r() < 0.55 ? 'zh' : 'en';
    const city = pick(r, Object.keys(CITIES));
    const activity = pick(r, Object.keys(ACTIVITIES));
    const audiencePool = activity === 'skincare' ? ['sensitive-skin', null, null] : ['kids', 'couples', 'pets', null, null, null];
    const audience = activity === 'playground' ? 'kids' : pick(r, audiencePool);
    const budget = r() < 0.2 ? 'cheap' : null;
    const need = pick(r, ['tutorial', 'pitfalls', 'recommendation', null, null] as const);
    const weather = activity === 'museum' || activity === 'playground' ? 'rainy' : activity === 'food' && r() < 0.3 ? 'rainy' : null;
    const z = lang === 'zh' ? 0 : 1;
    const [cityName] = [CITIES[city]![z]];
    const place = pick(r, ACTIVITIES[activity]![z]);
    const parts = [lang === 'zh' ? pick(r, FILLER_ZH) : pick(r, FILLER_EN), lang === 'zh' ? `${cityName}的${place}` : `${place} in ${cityName}`];
    if (audience) parts.push(pick(r, AUDIENCES[audience]![z]));
    if (budget) parts.push(pick(r, EXTRAS.cheap[z]));
    if (need) parts.push(pick(r, EXTRAS[need][z]));
    if (weather) parts.push(pick(r, EXTRAS.rainy[z]));
    const title = lang === 'zh' ? `${cityName}${place.replace(/^一(家|条|个|座|款)/, '')}` : `${place.replace(/^an? /, '')} in ${cityName}`.replace(/^./, (c) => c.toUpperCase());
    const tags = [pick(r, ACTIVITIES[activity]![2])];
    if (r() < 0.3) tags.push(lang === 'zh' ? CITIES[city]![0] : city);
    yield {
      id: i, authorId: 1 + Math.floor(r() * 150), title, body: parts.join(lang === 'zh' ? '，' : '. '), tags,
      publishedAt: CORPUS_NOW - Math.floor(r() * 180) * 86_400_000, likes: Math.floor(r() * 80), collects: Math.floor(r() * 30), comments: Math.floor(r() * 12),
      city, activity, audience, budget, need, weather, lang,
    };
  }
}

export function toIndexDocument(n: CorpusNote): IndexDocument {
  return {
    noteId: n.id, authorId: n.authorId, publishedAt: n.publishedAt, title: n.title,
    titleTerms: indexTerms(n.title), bodyTerms: indexTerms(`${n.title} ${n.body}`),
    tagTerms: indexTerms(`${n.tags.map((t) => `#${t}`).join(' ')} ${n.tags.join(' ')}`),
    likes: n.likes, collects: n.collects, comments: n.comments, views: 0,
  };
}

export interface JudgedQuery {
  query: string;
  /** Facts a fully relevant note has; the first is the main one. */
  want: Partial<Facts>;
}

const CITY_Q: Record<string, [string, string]> = CITIES;

/** 60+ judged queries, Chinese and English, vague and precise. */
export function judgedQueries(): JudgedQuery[] {
  const q: JudgedQuery[] = [];
  const acts: Record<string, [string, string]> = {
    cafe: ['咖啡馆', 'cafe'], hiking: ['徒步', 'hiking trail'], camping: ['露营', 'camping'], food: ['美食', 'restaurant'], museum: ['看展', 'museum'],
  };
  for (const [city, [zh, en]] of Object.entries(CITY_Q)) {
    for (const [act, [azh, aen]] of Object.entries(acts)) {
      if ((city.length + act.length) % 2 === 0) q.push({ query: `${zh}${azh}推荐`, want: { activity: act, city } });
      else q.push({ query: `${aen} in ${en}`, want: { activity: act, city } });
    }
  }
  q.push(
    { query: '周末带娃去哪儿玩', want: { audience: 'kids' } },
    { query: '遛娃好去处', want: { audience: 'kids' } },
    { query: 'where to go this weekend with kids', want: { audience: 'kids' } },
    { query: 'rainy day with kids', want: { audience: 'kids', weather: 'rainy' } },
    { query: '下雨天带孩子去哪', want: { audience: 'kids', weather: 'rainy' } },
    { query: '敏感肌面霜推荐', want: { activity: 'skincare', audience: 'sensitive-skin' } },
    { query: 'moisturizer for sensitive skin', want: { activity: 'skincare', audience: 'sensitive-skin' } },
    { query: '护肤避坑', want: { activity: 'skincare', need: 'pitfalls' } },
    { query: 'skincare mistakes to avoid', want: { activity: 'skincare', need: 'pitfalls' } },
    { query: '情侣约会去哪儿', want: { audience: 'couples' } },
    { query: 'romantic date ideas', want: { audience: 'couples' } },
    { query: 'date night restaurant', want: { activity: 'food', audience: 'couples' } },
    { query: '带狗狗露营', want: { activity: 'camping', audience: 'pets' } },
    { query: 'pet friendly cafe', want: { activity: 'cafe', audience: 'pets' } },
    { query: 'dog friendly hiking', want: { activity: 'hiking', audience: 'pets' } },
    { query: '平价美食', want: { activity: 'food', budget: 'cheap' } },
    { query: 'cheap eats', want: { activity: 'food', budget: 'cheap' } },
    { query: 'free museum', want: { activity: 'museum', budget: 'cheap' } },
    { query: '露营教程', want: { activity: 'camping', need: 'tutorial' } },
    { query: 'camping guide for beginners', want: { activity: 'camping', need: 'tutorial' } },
    { query: '露营踩坑', want: { activity: 'camping', need: 'pitfalls' } },
    { query: 'hiking pitfalls', want: { activity: 'hiking', need: 'pitfalls' } },
    { query: 'indoor playground', want: { activity: 'playground' } },
    { query: '室内游乐场', want: { activity: 'playground' } },
    { query: '雨天去哪儿', want: { weather: 'rainy' } },
    { query: 'what to do when it rains', want: { weather: 'rainy' } },
    { query: '週末帶孩子去露營', want: { activity: 'camping', audience: 'kids' } },
    { query: '杭州遛娃', want: { audience: 'kids', city: 'hangzhou' } },
    { query: 'Shanghai with toddlers', want: { audience: 'kids', city: 'shanghai' } },
    { query: '成都 咖啡 推荐', want: { activity: 'cafe', city: 'chengdu' } },
    { query: 'coffee Beijing', want: { activity: 'cafe', city: 'beijing' } },
    { query: '北京 看展 免费', want: { activity: 'museum', city: 'beijing', budget: 'cheap' } },
    { query: '深圳亲子', want: { audience: 'kids', city: 'shenzhen' } },
    { query: 'family day out Chengdu', want: { audience: 'kids', city: 'chengdu' } },
    { query: '好用的面霜', want: { activity: 'skincare', need: 'recommendation' } },
    { query: 'best face cream', want: { activity: 'skincare', need: 'recommendation' } },
    { query: '爬山路线推荐', want: { activity: 'hiking', need: 'recommendation' } },
    { query: 'HIKING', want: { activity: 'hiking' } },
    { query: '#露营', want: { activity: 'camping' } },
    { query: '咖啡☕', want: { activity: 'cafe' } },
    { query: 'glamping', want: { activity: 'camping' } },
  );
  return q;
}

/** Graded relevance: 2 all wanted facts, 1 the main fact only, else 0. */
export function grade(note: CorpusNote, want: Partial<Facts>): number {
  const entries = Object.entries(want) as [keyof Facts, unknown][];
  if (entries.every(([k, v]) => note[k] === v)) return 2;
  const [k, v] = entries[0]!;
  return note[k] === v ? 1 : 0;
}
