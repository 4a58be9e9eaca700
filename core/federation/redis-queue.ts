// Fedify's MessageQueue on Redis (config federation.queue = "redis"), for
// instances run on several nodes: every node takes messages from the same
// lists, and each message runs on one node.
//
// Keys (prefix "meadow:<host>:fedq:"):
//   ready       list of envelopes due now (LPUSH in, BLMOVE out)
//   delayed     sorted set of envelopes by due time (ms); a Lua script moves
//               due ones to `ready` atomically, so two nodes never both move one
//   processing  list of envelopes being handled (BLMOVE puts them there)
//   leases      hash id → lease end; a node that dies mid-message leaves an
//               expired lease, and any node puts that envelope back in `ready`
// So delivery is at-least-once: a message is removed only after its handler
// returns. Ordering keys are not honoured (nor by the database queue):
// Fedify retries failed deliveries itself (nativeRetrial = false).

import { randomUUID } from 'node:crypto';
import type { MessageQueue, MessageQueueEnqueueOptions, MessageQueueListenOptions } from '@fedify/fedify';
import { Redis } from 'ioredis';

const LEASE_MS = 5 * 60_000;
const RECOVER_EVERY_MS = 30_000;

const MOVE_DUE = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 100)
for _, item in ipairs(due) do
  redis.call('ZREM', KEYS[1], item)
  redis.call('LPUSH', KEYS[2], item)
end
return #due`;

const REQUEUE = `
if redis.call('LREM', KEYS[1], 1, ARGV[1]) > 0 then redis.call('RPUSH', KEYS[2], ARGV[1]) end
redis.call('HDEL', KEYS[3], ARGV[2])
return 1`;

interface Envelope {
  id: string;
  message: unknown;
}

export interface RedisQueueOptions {
  /** Makes a new connection (the listener blocks on its own). */
  connect: () => Redis;
  prefix: string;
  /** How often delayed messages are checked when idle (ms). */
  pollMs?: number;
  onError?: (err: unknown) => void;
}

export class RedisMessageQueue implements MessageQueue {
  readonly nativeRetrial = false;
  private readonly options: RedisQueueOptions;
  private readonly client: Redis;
  private readonly keys: { ready: string; delayed: string; processing: string; leases: string };
  private readonly listeners = new Set<Redis>();

  constructor(options: RedisQueueOptions) {
    this.options = options;
    this.client = options.connect();
    const p = options.prefix;
    this.keys = { ready: `${p}ready`, delayed: `${p}delayed`, processing: `${p}processing`, leases: `${p}leases` };
  }

  async enqueue(message: unknown, options?: MessageQueueEnqueueOptions): Promise<void> {
    const envelope = JSON.stringify({ id: randomUUID(), message } satisfies Envelope);
    const delayMs = options?.delay ? Math.max(0, options.delay.total('millisecond')) : 0;
    if (delayMs > 0) await this.client.zadd(this.keys.delayed, Date.now() + delayMs, envelope);
    else await this.client.lpush(this.keys.ready, envelope);
  }

  async enqueueMany(messages: readonly unknown[], options?: MessageQueueEnqueueOptions): Promise<void> {
    for (const message of messages) await this.enqueue(message, options);
  }

  async listen(handler: (message: any) => Promise<void> | void, options: MessageQueueListenOptions = {}): Promise<void> {
    const { signal } = options;
    const blocking = this.options.connect();
    this.listeners.add(blocking);
    const waitSeconds = (this.options.pollMs ?? 1000) / 1000;
    let lastRecovery = 0;
    try {
      while (!signal?.aborted) {
        try {
          await this.client.eval(MOVE_DUE, 2, this.keys.delayed, this.keys.ready, String(Date.now()));
          if (Date.now() - lastRecovery > RECOVER_EVERY_MS) {
            lastRecovery = Date.now();
            await this.recoverExpired();
          }
          const envelope = await blocking.blmove(this.keys.ready, this.keys.processing, 'RIGHT', 'LEFT', waitSeconds);
          if (!envelope) continue;
          const { id, message } = JSON.parse(envelope) as Envelope;
          await this.client.hset(this.keys.leases, id, JSON.stringify({ until: Date.now() + LEASE_MS, envelope }));
          try {
            await handler(message);
          } catch (err) {
            // Fedify schedules its own retry; the failed run is only reported.
            this.options.onError?.(err);
          }
          await this.client.multi().lrem(this.keys.processing, 1, envelope).hdel(this.keys.leases, id).exec();
        } catch (err) {
          if (signal?.aborted) break;
          this.options.onError?.(err);
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
    } finally {
      this.listeners.delete(blocking);
      blocking.disconnect();
    }
  }

  /** Envelopes whose node stopped before finishing go back to `ready`. */
  async recoverExpired(now = Date.now()): Promise<number> {
    const leases = await this.client.hgetall(this.keys.leases);
    let recovered = 0;
    for (const [id, raw] of Object.entries(leases)) {
      const lease = JSON.parse(raw) as { until: number; envelope: string };
      if (lease.until > now) continue;
      await this.client.eval(REQUEUE, 3, this.keys.processing, this.keys.ready, this.keys.leases, lease.envelope, id);
      recovered++;
    }
    return recovered;
  }

  /** Messages waiting (ready + delayed) and being handled. */
  async depth(): Promise<{ ready: number; delayed: number; processing: number }> {
    const [ready, delayed, processing] = await Promise.all([
      this.client.llen(this.keys.ready),
      this.client.zcard(this.keys.delayed),
      this.client.llen(this.keys.processing),
    ]);
    return { ready, delayed, processing };
  }

  close(): void {
    for (const c of this.listeners) c.disconnect();
    this.client.disconnect();
  }
}

/** The queue of one instance on the Redis at `url` (keys under the instance's own prefix). */
export function redisQueueFor(url: string, publicUrl: string, onError: (err: unknown) => void): RedisMessageQueue {
  return new RedisMessageQueue({
    connect: () => {
      const client = new Redis(url, { maxRetriesPerRequest: null });
      client.on('error', onError);
      return client;
    },
    prefix: `meadow:${new URL(publicUrl).host}:fedq:`,
    onError,
  });
}
