import { describe, it, expect } from 'vitest';
import { extractHashtags, extractMentions, normalizeTag, scanHashtags, escapeHtml } from '../../core/index.ts';

describe('extractHashtags', () => {
  it('finds Latin and CJK tags, normalized to lower case', () => {
    expect(extractHashtags('Today #OOTD and #露营 trip')).toEqual(['ootd', '露营']);
  });

  it('is case- and width-insensitive (NFKC)', () => {
    expect(extractHashtags('#OOTD #ootd #ＯＯＴＤ ＃Ootd')).toEqual(['ootd']);
    expect(normalizeTag('＃Ｃａｆé')).toBe('café');
  });

  it('ends a tag at full-width punctuation', () => {
    for (const p of ['，', '。', '！', '？', '、', '；', '：', '「', '」', '（', '）', '…', '~']) {
      expect(extractHashtags(`去#露营${p}好开心`)).toEqual(['露营']);
    }
  });

  it('ends a tag at whitespace (incl. ideographic space) and ASCII punctuation', () => {
    expect(extractHashtags('#周末\u3000#咖啡, #brunch! (#hiking) #a.b')).toEqual(['周末', '咖啡', 'brunch', 'hiking', 'a']);
  });

  it('understands the closed Xiaohongshu form #tag#', () => {
    // The closing # belongs to the first tag, so what follows it is plain text (Weibo/Xiaohongshu reading).
    expect(extractHashtags('#露营#装备清单 #每日穿搭#今天')).toEqual(['露营', '每日穿搭']);
    expect(extractHashtags('#露营# #装备清单#')).toEqual(['露营', '装备清单']);
    const [m] = scanHashtags('x #露营# y');
    expect(m).toMatchObject({ raw: '露营', tag: '露营', index: 2, length: 4 });
  });

  it('ignores # inside words, URLs, entities and pure numbers', () => {
    expect(extractHashtags('C# https://a.com/page#section &#60; step #1 #2024')).toEqual([]);
    expect(extractHashtags('#2024年度总结')).toEqual(['2024年度总结']);
  });

  it('ends at emoji and keeps combining marks', () => {
    expect(extractHashtags('#summer🌞 #café')).toEqual(['summer', 'café']);
  });

  it('returns nothing for bare hashes and over-long tags', () => {
    expect(extractHashtags('# ## #, #！')).toEqual([]);
    expect(extractHashtags('#' + 'a'.repeat(65))).toEqual([]);
  });

  it('reports UTF-16 offsets usable with slice', () => {
    const text = '🌞 #露营 and #OOTD';
    for (const m of scanHashtags(text)) expect(text.slice(m.index, m.index + m.length)).toBe('#' + m.raw);
  });
});

describe('extractMentions', () => {
  it('finds local and remote mentions', () => {
    expect(extractMentions('hi @Alice and @bob@Social.Example.org!')).toEqual([
      { handle: 'alice', domain: null },
      { handle: 'bob', domain: 'social.example.org' },
    ]);
  });

  it('works next to CJK text and full-width punctuation', () => {
    expect(extractMentions('谢谢@xiaomei，还有＠lin_01。')).toEqual([
      { handle: 'xiaomei', domain: null },
      { handle: 'lin_01', domain: null },
    ]);
  });

  it('ignores e-mail addresses and de-duplicates', () => {
    expect(extractMentions('mail me at a@b.com, @amy @AMY')).toEqual([{ handle: 'amy', domain: null }]);
  });

  it('keeps a trailing dot out of the domain', () => {
    expect(extractMentions('ask @ann@example.com.')).toEqual([{ handle: 'ann', domain: 'example.com' }]);
  });
});

describe('escapeHtml', () => {
  it('escapes markup', () => {
    expect(escapeHtml(`<script>alert("x")</script>&'`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
  });
});
