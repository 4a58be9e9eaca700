// Ranking maths, kept pure so it can be tested and explained on its own.
//
// Trending: each use of a tag adds weight to its hourly bucket; a topic's
// score is the sum of its buckets in the sliding window, each halved for
// every half-life that passed since: score = Σ w_b · 2^(−age_b / halfLife).
// A tag used steadily for days loses to one that is suddenly everywhere.
//
// Hot (a topic page's "hottest" order): log2(1 + engagement) + publishedAt /
// HOT_HALF_LIFE. The score never changes with the clock, so it can be stored,
// indexed and paged with a cursor; a note published one half-life later
// needs half the engagement to rank alike — that is the time decay.

export const HOUR_MS = 3_600_000;
export const HOT_HALF_LIFE_MS = 24 * HOUR_MS;

/** How much each kind of use adds to a tag's trending bucket. */
export const TREND_WEIGHTS = {
  notePublished: 1,
  commentMention: 0.5,
  like: 0.2,
  collect: 0.3,
  comment: 0.3,
} as const;

/** Keep bucket rows this long (the widest window a setting allows). */
export const BUCKET_RETENTION_HOURS = 24 * 30;

export const bucketOf = (timeMs: number) => Math.floor(timeMs / HOUR_MS);

/** Decay factor per bucket in the window ending at `nowMs`, newest first. */
export function decayFactors(nowMs: number, windowHours: number, halfLifeHours: number): { bucket: number; factor: number }[] {
  const current = bucketOf(nowMs);
  const out: { bucket: number; factor: number }[] = [];
  for (let age = 0; age < windowHours; age++) out.push({ bucket: current - age, factor: 0.5 ** (age / halfLifeHours) });
  return out;
}

export function engagementWeight(counts: { likes: number; collects: number; comments: number }): number {
  // Collects and comments say more about a note than a tap on the heart.
  return Math.max(0, counts.likes) + 2 * Math.max(0, counts.collects) + 3 * Math.max(0, counts.comments);
}

export function hotScore(counts: { likes: number; collects: number; comments: number }, publishedAtMs: number): number {
  return Math.log2(1 + engagementWeight(counts)) + publishedAtMs / HOT_HALF_LIFE_MS;
}

/**
 * Related topics from co-occurrence, scored by cosine similarity
 * co / √(n_a · n_b), so a giant tag that appears everywhere does not crowd
 * out the tags that really go together.
 */
export function relatedScore(coOccurrences: number, countA: number, countB: number): number {
  return coOccurrences / Math.sqrt(Math.max(1, countA) * Math.max(1, countB));
}
