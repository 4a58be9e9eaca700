// Words of the search pages in the page's language. The search API speaks
// English in its explanations ("title matches 露营", "because you collect
// #露营") and bilingual "中文 / English" in lexicon labels and section
// titles; these helpers show the half or the translation that fits the
// page, and leave anything they do not recognise as the API wrote it.

import type { WebLocale } from '../../web/contracts.ts';

const HAN = /\p{Script=Han}/u;

/** "出游 / outing" → "出游" in zh-CN, "outing" in en; other strings unchanged. */
export function pickLanguage(label: string, locale: WebLocale): string {
  const parts = label.split(' / ');
  if (parts.length !== 2) return label;
  const [a, b] = parts as [string, string];
  const zh = HAN.test(a) && !HAN.test(b) ? a : HAN.test(b) && !HAN.test(a) ? b : null;
  if (!zh) return label;
  return locale === 'zh-CN' ? zh : zh === a ? b : a;
}

/** Every " / "-joined label inside a longer sentence, reduced to one language. */
const pickAll = (text: string, locale: WebLocale) =>
  text.replace(/([^;:,()]+?) \/ ([^;:,()]+)/g, (m) => pickLanguage(m.trim(), locale));

const VERB_ZH: Record<string, string> = { collect: '收藏', like: '点赞', 'comment on': '评论', picked: '选择了' };
const SEASON_ZH: Record<string, string> = { spring: '春天', summer: '夏天', autumn: '秋天', winter: '冬天' };
const INTENT: Record<string, Record<WebLocale, string>> = {
  'find-places': { en: 'places to go', 'zh-CN': '找地方' },
  recommendation: { en: 'recommendations', 'zh-CN': '求推荐' },
  'product-recommendation': { en: 'product picks', 'zh-CN': '好物推荐' },
  'how-to': { en: 'how-to', 'zh-CN': '教程' },
  'avoid-pitfalls': { en: 'pitfalls to avoid', 'zh-CN': '避坑' },
  'explore-topic': { en: 'exploring a topic', 'zh-CN': '逛逛话题' },
  keyword: { en: 'keywords', 'zh-CN': '关键词' },
};

export function intentLabel(intent: string, locale: WebLocale): string {
  return INTENT[intent]?.[locale] ?? intent;
}

const capital = (text: string, locale: WebLocale) => (locale === 'en' ? text.charAt(0).toUpperCase() + text.slice(1) : text);

type Rule = [RegExp, (m: RegExpExecArray, locale: WebLocale) => string];

// English first (capitalized), then the Chinese rendering of the same sentence.
const RULES: Rule[] = [
  [/^because you (collect|like|comment on|picked) (.+)$/, (m, l) => (l === 'zh-CN' ? `因为你${VERB_ZH[m[1]!]}过 ${m[2]}` : `Because you ${m[1]} ${m[2]}`)],
  [/^trending$/, (_m, l) => (l === 'zh-CN' ? '最近很多人在看' : 'Trending now')],
  [/^new$/, (_m, l) => (l === 'zh-CN' ? '新发布' : 'Just posted')],
  [/^new creator$/, (_m, l) => (l === 'zh-CN' ? '新创作者，给 TA 一个机会' : 'A new creator')],
  [/^seen before$/, (_m, l) => (l === 'zh-CN' ? '你看过这篇' : 'You have seen this before')],
  [/^following$|^from people you follow$/, (_m, l) => (l === 'zh-CN' ? '来自你关注的人' : 'From someone you follow')],
  [/^title matches (.+)$/, (m, l) => (l === 'zh-CN' ? `标题包含 ${m[1]}` : `Title matches ${m[1]}`)],
  [/^mentions (.+)$/, (m, l) => (l === 'zh-CN' ? `提到 ${m[1]}` : `Mentions ${m[1]}`)],
  [/^keyword match$/, (_m, l) => (l === 'zh-CN' ? '关键词匹配' : 'Keyword match')],
  [/^often collected \((\d+)\)$/, (m, l) => (l === 'zh-CN' ? `常被收藏（${m[1]} 次）` : `Often collected (${m[1]})`)],
  [/^similar in meaning \(([\d.]+)\)$/, (m, l) => (l === 'zh-CN' ? `意思相近（${m[1]}）` : `Similar in meaning (${m[1]})`)],
  [/^collected by (\d+) (?:person|people) after this search$/, (m, l) => (l === 'zh-CN' ? `${m[1]} 人搜索后收藏了它` : `Collected by ${m[1]} ${m[1] === '1' ? 'person' : 'people'} after this search`)],
  [/^opened by (\d+) (?:person|people) who searched this$/, (m, l) => (l === 'zh-CN' ? `${m[1]} 位搜过这个的人打开了它` : `Opened by ${m[1]} ${m[1] === '1' ? 'person' : 'people'} who searched this`)],
  [/^people who searched "(.+)" also searched "(.+)"$/, (m, l) => (l === 'zh-CN' ? `搜“${m[1]}”的人也搜了“${m[2]}”` : `People who searched “${m[1]}” also searched “${m[2]}”`)],
  [/^You asked for (.+); these notes mention (.+)$/, (m, l) => (l === 'zh-CN' ? `你在找${pickLanguage(m[1]!, l)}，这些笔记提到了 ${m[2]}` : `You asked for ${pickLanguage(m[1]!, l)}; these notes mention ${m[2]}`)],
  [/^handle is @(.+)$/, (m, l) => (l === 'zh-CN' ? `账号就是 @${m[1]}` : `Handle is @${m[1]}`)],
  [/^handle matches (.+)$/, (m, l) => (l === 'zh-CN' ? `账号包含 ${m[1]}` : `Handle matches ${m[1]}`)],
  [/^name matches (.+)$/, (m, l) => (l === 'zh-CN' ? `名字包含 ${m[1]}` : `Name matches ${m[1]}`)],
  [/^topic matches (.+)$/, (m, l) => (l === 'zh-CN' ? `话题匹配 ${m[1]}` : `Topic matches ${m[1]}`)],
  [/^related to (.+)$/, (m, l) => (l === 'zh-CN' ? `与${pickLanguage(m[1]!, l)}相关` : `Related to ${pickLanguage(m[1]!, l)}`)],
  [/^topic starts with (.+)$/, (m, l) => (l === 'zh-CN' ? `话题以 ${m[1]} 开头` : `Topic starts with ${m[1]}`)],
  [/^near you: (.+)$/, (m, l) => (l === 'zh-CN' ? `在你附近：${pickLanguage(m[1]!, l)}` : `Near you: ${pickLanguage(m[1]!, l)}`)],
  [/^in season: (.+)$/, (m, l) => (l === 'zh-CN' ? `应季：${pickLanguage(m[1]!, l)}` : `In season: ${pickLanguage(m[1]!, l)}`)],
  [/^good for this evening$/, (_m, l) => (l === 'zh-CN' ? '适合今晚' : 'Good for this evening')],
  [/^Places near (.+), from your shared location$/, (m, l) => (l === 'zh-CN' ? `根据你共享的位置，优先显示${pickLanguage(m[1]!, l)}附近` : `Places near ${pickLanguage(m[1]!, l)}, from your shared location`)],
  [/^Places near (.+), from the home city you set$/, (m, l) => (l === 'zh-CN' ? `根据你设置的常驻城市，优先显示${pickLanguage(m[1]!, l)}附近` : `Places near ${pickLanguage(m[1]!, l)}, from the home city you set`)],
  [/^It is (spring|summer|autumn|winter) where you are \((.+)\): seasonal ideas rank a little higher$/, (m, l) => (l === 'zh-CN'
    ? `你那里现在是${SEASON_ZH[m[1]!]}（${m[2]}），应季的内容排得靠前一些`
    : m[0])],
  [/^It is evening where you are \((.+)\): ideas for tonight rank a little higher$/, (m, l) => (l === 'zh-CN' ? `你那里已是晚上（${m[1]}），适合今晚的内容排得靠前一些` : m[0])],
  [/^([^:]+): (.+)$/, (m, l) => `${capital(pickLanguage(m[1]!, l), l)}${l === 'zh-CN' ? '：' : ': '}${m[2]}`],
];

/** One "why" line of the API in the page's language. */
export function explain(reason: string, locale: WebLocale): string {
  for (const [pattern, render] of RULES) {
    const m = pattern.exec(reason);
    if (m) return render(m, locale);
  }
  return capital(pickAll(reason, locale), locale);
}
