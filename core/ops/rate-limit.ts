// Fixed-window rate limits keyed by anything (client address, account).
// In memory for one process; Redis when REDIS_URL is set so that every node
// counts together.

import { MeadowError } from '../errors/errors.ts';

export interface RateLimiter {
  /** Counts one hit; throws RATE_LIMITED when over `max` in the window. */
  hit(key: string, max: number, windowMs: number): Promise<void>;
  close(): Promise<void>;
}

const limited = (retryMs: number) =>
  new MeadowError('RATE_LIMITED', `Too many attempts; try again in ${Math.ceil(retryMs / 1000)} s`, { retryAfterSeconds: Math.ceil(retryMs / 1000) });

export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  async hit(key: string, max: number, windowMs: number): Promise<void> {
    const now = Date.now();
    if (this.windows.size > 100_000) for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, w);
    }
    w.count++;
    if (w.count > max) throw limited(w.resetAt - now);
  }
  async close() {}
}

export class RedisRateLimiter implements RateLimiter {
  private readonly redis: import('ioredis').Redis;
  private readonly prefix: string;
  constructor(redis: import('ioredis').Redis, prefix: string) {
    this.redis = redis;
    this.prefix = prefix;
  }
  async hit(key: string, max: number, windowMs: number): Promise<void> {
    const k = `${this.prefix}rl:${key}`;
    const [[, count], [, ttl]] = (await this.redis.multi().incr(k).pttl(k).exec()) as [[null, number], [null, number]];
    if (ttl < 0) await this.redis.pexpire(k, windowMs);
    if (count > max) throw limited(ttl > 0 ? ttl : windowMs);
  }
  async close() {
    this.redis.disconnect();
  }
}

export async function createRateLimiter(redisUrl: string | undefined, prefix: string): Promise<RateLimiter> {
  if (!redisUrl) return new MemoryRateLimiter();
  const { Redis } = await import('ioredis');
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  // Errors surface on each hit; this only keeps a lost connection from being an unhandled event.
  redis.on('error', () => {});
  return new RedisRateLimiter(redis, prefix);
}
