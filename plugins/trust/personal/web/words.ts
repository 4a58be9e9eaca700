// The personal tools' strings on the web site, in both languages the web
// plugin speaks. {name} placeholders are filled by `say`.

import type { WebLocale, WebPageContext } from '../../../web/contracts.ts';

const WORDS = {
  title: { en: 'Muted words and topics', 'zh-CN': '屏蔽词和话题' },
  intro: {
    en: 'Notes with these words or topics, and notes you hid, stay out of your following and discovery feeds, topic pages and search. Their authors are not told. To block or mute people, use their profile.',
    'zh-CN': '含有这些词或话题的笔记，以及你隐藏的笔记，不会出现在你的关注、发现、话题页和搜索结果里。作者不会收到通知。要拉黑或屏蔽某个人，请到对方的主页操作。',
  },
  back: { en: 'Back to settings', 'zh-CN': '返回设置' },
  words: { en: 'Muted words', 'zh-CN': '屏蔽词' },
  word: { en: 'Word or phrase', 'zh-CN': '词或短语' },
  wordHint: { en: 'Up to 100 characters. Full-width and half-width letters and upper and lower case count as the same.', 'zh-CN': '最多 100 个字。全角和半角、大小写视为相同。' },
  wholeWord: { en: 'Whole words only', 'zh-CN': '只匹配完整单词' },
  wholeWordHint: { en: 'For words with spaces between them, like English: “art” hides “art show” but not “party”. Chinese, Japanese and Korean always match anywhere.', 'zh-CN': '适用于用空格分词的文字（如英文）：“art”会隐藏“art show”，但不会隐藏“party”。中文、日文、韩文总是按包含匹配。' },
  duration: { en: 'For how long', 'zh-CN': '屏蔽时长' },
  'duration.forever': { en: 'Until I unmute it', 'zh-CN': '直到我取消' },
  'duration.1d': { en: '1 day', 'zh-CN': '1 天' },
  'duration.7d': { en: '7 days', 'zh-CN': '7 天' },
  'duration.30d': { en: '30 days', 'zh-CN': '30 天' },
  muteWord: { en: 'Mute word', 'zh-CN': '添加屏蔽词' },
  noWords: { en: 'No muted words.', 'zh-CN': '还没有屏蔽词。' },
  until: { en: 'until {date}', 'zh-CN': '到 {date}' },
  wholeWordTag: { en: 'whole word', 'zh-CN': '完整单词' },
  unmute: { en: 'Unmute', 'zh-CN': '取消屏蔽' },
  unmuteNamed: { en: 'Unmute {name}', 'zh-CN': '取消屏蔽 {name}' },
  topics: { en: 'Muted topics', 'zh-CN': '屏蔽的话题' },
  topic: { en: 'Topic', 'zh-CN': '话题' },
  topicHint: { en: 'A hashtag, with or without #, e.g. #代购', 'zh-CN': '一个话题标签，可带或不带 #，例如 #代购' },
  muteTopic: { en: 'Mute topic', 'zh-CN': '屏蔽话题' },
  noTopics: { en: 'No muted topics.', 'zh-CN': '还没有屏蔽的话题。' },
  hidden: { en: 'Hidden notes', 'zh-CN': '隐藏的笔记' },
  noHidden: { en: 'No hidden notes.', 'zh-CN': '没有隐藏的笔记。' },
  untitled: { en: 'Untitled note', 'zh-CN': '无标题笔记' },
  byAuthor: { en: 'by {name}', 'zh-CN': '作者 {name}' },
  unhide: { en: 'Show again', 'zh-CN': '取消隐藏' },
  unhideNamed: { en: 'Show “{name}” again', 'zh-CN': '取消隐藏“{name}”' },
  moreHidden: { en: 'More hidden notes', 'zh-CN': '更多隐藏的笔记' },
  'saved.word': { en: 'Word muted.', 'zh-CN': '已添加屏蔽词。' },
  'saved.unword': { en: 'Word unmuted.', 'zh-CN': '已取消屏蔽该词。' },
  'saved.topic': { en: 'Topic muted.', 'zh-CN': '已屏蔽该话题。' },
  'saved.untopic': { en: 'Topic unmuted.', 'zh-CN': '已取消屏蔽该话题。' },
  'saved.unhide': { en: 'The note shows in your feeds again.', 'zh-CN': '该笔记会重新出现在你的信息流中。' },
  hideNote: { en: 'Hide from my feeds', 'zh-CN': '不想看到这篇笔记' },
  hideNoteHint: { en: 'It stays out of your feeds, topic pages and search; the author is not told.', 'zh-CN': '它将不再出现在你的信息流、话题页和搜索中，作者不会收到通知。' },
  hiddenNote: { en: 'You hid this note from your feeds.', 'zh-CN': '你已在信息流中隐藏了这篇笔记。' },
  manage: { en: 'Muted words and topics', 'zh-CN': '管理屏蔽词和话题' },
} satisfies Record<string, Record<WebLocale, string>>;

export type PersonalWord = keyof typeof WORDS;

/** A string in the page's language, with {name} placeholders filled. */
export function say(page: Pick<WebPageContext, 'text'>, key: PersonalWord, params: Record<string, string | number> = {}): string {
  return page.text(WORDS[key]).replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}
