// Subscriptions' pub/sub: in-process by default, Redis when REDIS_URL is set
// so that every node of a scaled instance sees every event.

import { createPubSub } from 'graphql-yoga';
import type { PubSub as YogaPubSub } from 'graphql-yoga';

export type PubSub = YogaPubSub<Record<string, [payload: any]>>;

export async function createMeadowPubSub(redisUrl?: string): Promise<{ pubsub: PubSub; close: () => Promise<void> }> {
  if (!redisUrl) return { pubsub: createPubSub() as PubSub, close: async () => {} };
  const { Redis } = await import('ioredis');
  const { createRedisEventTarget } = await import('@graphql-yoga/redis-event-target');
  const publishClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const subscribeClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const eventTarget = createRedisEventTarget({ publishClient, subscribeClient });
  return {
    pubsub: createPubSub({ eventTarget }) as PubSub,
    close: async () => {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  };
}
