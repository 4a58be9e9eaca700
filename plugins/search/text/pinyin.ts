// Pinyin initials of Chinese text, for autocomplete ("lyzb" → 露营装备).
// No table of characters is shipped: ICU's Chinese collation (in Node's
// full ICU) orders Han characters by pinyin, so a character's initial is the
// last letter group whose first character it sorts after. That covers every
// character of the CJK Unified Ideographs block ICU orders by reading
// (20,991 of 20,992, measured in the tests) with the primary reading of
// each. Polyphones (重 chóng/zhòng, 行 háng/xíng …) get their common other
// reading from a small table, and matching tries both.

const collator = new Intl.Collator('zh-CN');
/** The first character of each initial's group in ICU's pinyin order (no i, u, v initials). */
const GROUP_STARTS = [...'阿八嚓咑妸发旮铪讥咔垃妈拏噢妑七呥仨他屲夕丫帀'];
const LETTERS = 'abcdefghjklmnopqrstwxyz';
const HAN = /\p{Script=Han}/u;

/** Initials of both common readings of frequent polyphones; the one that is not the primary is the alternate. */
const POLYPHONES: Record<string, string> = {
  重: 'cz', 行: 'hx', 长: 'cz', 曾: 'cz', 覃: 'qt', 乐: 'ly', 单: 'ds', 朝: 'cz', 藏: 'cz', 调: 'dt', 传: 'cz', 会: 'hk',
  奇: 'jq', 参: 'cs', 省: 'sx', 系: 'jx', 解: 'jx', 率: 'ls', 便: 'bp', 降: 'jx', 弹: 'dt', 区: 'oq', 仇: 'cq', 查: 'cz',
  茄: 'jq', 给: 'gj', 厦: 'sx', 石: 'ds', 车: 'cj', 大: 'dt', 沈: 'sc', 尾: 'wy', 校: 'jx', 期: 'jq', 圈: 'jq',
};

const cache = new Map<string, string | null>();

/** The initial letter of one Han character (primary reading), or null. */
export function initialOf(ch: string): string | null {
  const known = cache.get(ch);
  if (known !== undefined) return known;
  let letter: string | null = null;
  if (HAN.test(ch) && collator.compare(ch, GROUP_STARTS[0]!) >= 0) {
    // Binary search over the 23 group starts.
    let lo = 0;
    let hi = GROUP_STARTS.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (collator.compare(ch, GROUP_STARTS[mid]!) >= 0) lo = mid;
      else hi = mid - 1;
    }
    letter = LETTERS[lo]!;
  }
  if (cache.size > 30_000) cache.clear();
  cache.set(ch, letter);
  return letter;
}

export const MAX_INITIALS = 40;

/**
 * Initials of the Han characters of a text, primary and alternate (polyphones
 * read the other way); '' when the text has no Chinese. Other characters
 * are skipped, so "2024 露营装备" → "lyzb".
 */
export function pinyinInitials(text: string): { primary: string; alternate: string } {
  let primary = '';
  let alternate = '';
  for (const ch of text) {
    const letter = initialOf(ch);
    if (!letter) continue;
    primary += letter;
    alternate += [...(POLYPHONES[ch] ?? '')].find((x) => x !== letter) ?? letter;
    if (primary.length >= MAX_INITIALS) break;
  }
  return { primary, alternate };
}

/** Counts the characters of the CJK Unified Ideographs block that get an initial (for the docs and tests). */
export function pinyinCoverage(): { covered: number; block: number } {
  let covered = 0;
  for (let cp = 0x4e00; cp <= 0x9fff; cp++) if (initialOf(String.fromCodePoint(cp))) covered++;
  cache.clear();
  return { covered, block: 0x9fff - 0x4e00 + 1 };
}

/** A typed prefix that reads as pinyin initials: 2–12 ASCII letters, nothing else. */
export const looksLikeInitials = (prefix: string) => /^[a-z]{2,12}$/.test(prefix);
