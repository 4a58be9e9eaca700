// Subscriptions' pub/sub: in-process by default, Redis when REDIS_URL is set
// so that every node of a scaled instance sees every event. Topics carry the
// instance's prefix, so instances sharing one Redis never hear each other.

import { createPubSub } from 'graphql-yoga';
import type { PubSub as YogaPubSub } from 'graphql-yoga';
import type { Logger } from 'pino';

export type PubSub = YogaPubSub<Record<string, [payload: any]>>;

function prefixed(inner: PubSub, prefix: string): PubSub {
  return {
    publish: (topic: string, ...args: [any]) => inner.publish(prefix + topic, ...args),
    subscribe: (topic: string, ...args: []) => inner.subscribe(prefix + topic, ...args),
  } as unknown as PubSub;
}

/** ioredis rejects when Redis is away; the event target does not catch, so we do, and log. */
function guard<T extends object>(client: T, methods: string[], log: Logger): void {
  for (const name of methods) {
    const original = (client as any)[name].bind(client);
    (client as any)[name] = (...args: unknown[]) =>
      Promise.resolve(original(...args)).catch((err: Error) => {
        log.warn({ err, op: name }, 'pub/sub: Redis call failed');
        return 0;
      });
  }
}

export async function createMeadowPubSub(options: { redisUrl?: string; prefix: string; log: Logger }): Promise<{ pubsub: PubSub; close: () => Promise<void> }> {
  const { redisUrl, prefix, log } = options;
  if (!redisUrl) return { pubsub: prefixed(createPubSub() as PubSub, prefix), close: async () => {} };
  const { Redis } = await import('ioredis');
  const { createRedisEventTarget } = await import('@graphql-yoga/redis-event-target');
  const publishClient = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  const subscribeClient = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  for (const client of [publishClient, subscribeClient]) client.on('error', (err) => log.warn({ err }, 'pub/sub: Redis connection error'));
  guard(publishClient, ['publish'], log);
  guard(subscribeClient, ['subscribe', 'unsubscribe'], log);
  const eventTarget = createRedisEventTarget({ publishClient, subscribeClient });
  return {
    pubsub: prefixed(createPubSub({ eventTarget }) as PubSub, prefix),
    close: async () => {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  };
}
