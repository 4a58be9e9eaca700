// Muted words and topics of one person. Muting the same word or topic again
// returns what is already there; a word may expire (expired words are
// ignored at once and deleted when the person next mutes a word).

import { badInput, normalizeTag, timestampValue, toDate, type PluginContext } from '../../../core/index.ts';
import { MAX_WORD_LENGTH, wordKey } from './matching.ts';

/** How many muted words, and how many muted topics, one person may have. */
export const MAX_MUTED_WORDS = 200;
export const MAX_MUTED_TOPICS = 200;

export interface MutedWordRecord {
  id: number;
  accountId: number;
  word: string;
  wholeWord: boolean;
  expiresAt: Date | null;
  createdAt: Date;
}

export interface MutedTopicRecord {
  tag: string;
  createdAt: Date;
}

const WORD_COLUMNS = ['id', 'account_id', 'word', 'whole_word', 'expires_at', 'created_at'] as const;

function wordOf(row: any): MutedWordRecord {
  return {
    id: Number(row.id),
    accountId: Number(row.account_id),
    word: row.word,
    wholeWord: Boolean(row.whole_word),
    expiresAt: toDate(row.expires_at),
    createdAt: toDate(row.created_at)!,
  };
}

/** A topic as typed ("#露营", "＃Camping", "camping") in the form notes store hashtags. */
function topicTag(input: string): string {
  const tag = normalizeTag(String(input ?? ''));
  if (!tag) throw badInput('A topic is a hashtag like #露营 or camping: letters, digits or _, at most 64 characters, not only digits', { field: 'tag' });
  return tag;
}

export interface MuteWordInput {
  word: string;
  wholeWord?: boolean | null;
  expiresAt?: Date | string | null;
}

export class Mutes {
  readonly ctx: PluginContext;

  constructor(ctx: PluginContext) {
    this.ctx = ctx;
  }

  private get db() {
    return this.ctx.db.kysely();
  }

  private ts(date: Date) {
    return timestampValue(this.ctx.db.dialect, date);
  }

  private bool(value: boolean) {
    return this.ctx.db.dialect === 'postgres' ? value : value ? 1 : 0;
  }

  /** Words that have not expired, newest first. */
  async words(accountId: number): Promise<MutedWordRecord[]> {
    const rows = await this.db.selectFrom('trust_muted_words').select(WORD_COLUMNS).where('account_id', '=', accountId)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', this.ts(new Date()))]))
      .orderBy('id', 'desc').execute();
    return rows.map(wordOf);
  }

  async muteWord(accountId: number, input: MuteWordInput): Promise<MutedWordRecord> {
    const typed = String(input.word ?? '').trim().replace(/\s+/gu, ' ');
    const checked = wordKey(typed);
    if ('error' in checked) throw badInput(checked.error, { field: 'word' });
    if ([...typed].length > MAX_WORD_LENGTH) throw badInput(`A muted word has at most ${MAX_WORD_LENGTH} characters`, { field: 'word' });
    const expiresAt = input.expiresAt == null ? null : toDate(input.expiresAt);
    if (expiresAt && (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= Date.now())) {
      throw badInput('expiresAt must be a time in the future (or null to mute until you unmute)', { field: 'expiresAt' });
    }
    const now = new Date();
    // Expired words make room, and may be muted again as new.
    await this.db.deleteFrom('trust_muted_words').where('account_id', '=', accountId).where('expires_at', '<=', this.ts(now)).execute();
    const existing = await this.wordByKey(accountId, checked.key);
    if (existing) return existing;
    const count = await this.db.selectFrom('trust_muted_words').select((eb) => eb.fn.countAll().as('n')).where('account_id', '=', accountId).executeTakeFirst();
    if (Number(count?.n ?? 0) >= MAX_MUTED_WORDS) {
      throw badInput(`You can mute at most ${MAX_MUTED_WORDS} words; unmute some first`, { field: 'word' });
    }
    try {
      await this.db.insertInto('trust_muted_words').values({
        account_id: accountId, word: typed, word_key: checked.key, whole_word: this.bool(input.wholeWord ?? true),
        expires_at: expiresAt ? this.ts(expiresAt) : null, created_at: this.ts(now),
      }).execute();
    } catch (err) {
      // The same word muted twice at once: the first one stands.
      const raced = await this.wordByKey(accountId, checked.key);
      if (raced) return raced;
      throw err;
    }
    return (await this.wordByKey(accountId, checked.key))!;
  }

  private async wordByKey(accountId: number, key: string): Promise<MutedWordRecord | null> {
    const row = await this.db.selectFrom('trust_muted_words').select(WORD_COLUMNS).where('account_id', '=', accountId).where('word_key', '=', key).executeTakeFirst();
    return row ? wordOf(row) : null;
  }

  /** False when the person had no such word. */
  async unmuteWord(accountId: number, id: number): Promise<boolean> {
    const result = await this.db.deleteFrom('trust_muted_words').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async topics(accountId: number): Promise<MutedTopicRecord[]> {
    const rows = await this.db.selectFrom('trust_muted_topics').select(['tag', 'created_at']).where('account_id', '=', accountId).orderBy('id', 'desc').execute();
    return rows.map((r) => ({ tag: r.tag, createdAt: toDate(r.created_at)! }));
  }

  async muteTopic(accountId: number, input: string): Promise<MutedTopicRecord> {
    const tag = topicTag(input);
    const existing = await this.topicByTag(accountId, tag);
    if (existing) return existing;
    const count = await this.db.selectFrom('trust_muted_topics').select((eb) => eb.fn.countAll().as('n')).where('account_id', '=', accountId).executeTakeFirst();
    if (Number(count?.n ?? 0) >= MAX_MUTED_TOPICS) throw badInput(`You can mute at most ${MAX_MUTED_TOPICS} topics; unmute some first`, { field: 'tag' });
    try {
      await this.db.insertInto('trust_muted_topics').values({ account_id: accountId, tag, created_at: this.ts(new Date()) }).execute();
    } catch (err) {
      const raced = await this.topicByTag(accountId, tag);
      if (raced) return raced;
      throw err;
    }
    return (await this.topicByTag(accountId, tag))!;
  }

  private async topicByTag(accountId: number, tag: string): Promise<MutedTopicRecord | null> {
    const row = await this.db.selectFrom('trust_muted_topics').select(['tag', 'created_at']).where('account_id', '=', accountId).where('tag', '=', tag).executeTakeFirst();
    return row ? { tag: row.tag, createdAt: toDate(row.created_at)! } : null;
  }

  /** False when the topic was not muted. */
  async unmuteTopic(accountId: number, input: string): Promise<boolean> {
    const tag = topicTag(input);
    const result = await this.db.deleteFrom('trust_muted_topics').where('account_id', '=', accountId).where('tag', '=', tag).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
