// The built-in "media" module: image upload checked by content, re-encoded
// without metadata into a capped original and WebP sizes, stored behind
// MediaStorage, served with long cache headers, and exposed in GraphQL.

import { definePlugin, filter, provide, PLUGIN_API_VERSION } from '../plugins/define.ts';
import { NodeLookup } from '../hooks/core-hooks.ts';
import { MediaServiceRef } from './contracts.ts';
import { MediaServiceImpl } from './service.ts';
import { LocalMediaStorage, type MediaStorage } from './storage.ts';
import { MediaEntity, mediaMigrations } from './schema.ts';
import { mediaResolvers, mediaTypeDefs } from './graphql.ts';
import { mediaRoutes } from './routes.ts';

export { LocalMediaStorage, type MediaStorage } from './storage.ts';

export interface MediaPluginOptions {
  /** Another store (S3-compatible …); local files under config.mediaDir by default. */
  storage?: (config: { mediaDir: string; publicUrl: string }) => MediaStorage;
}

export function createMediaPlugin(options: MediaPluginOptions = {}) {
  let service: MediaServiceImpl | undefined;
  const get = () => {
    if (!service) throw new Error('The media service is used before the instance has started');
    return service;
  };
  return definePlugin({
    name: 'media',
    apiVersion: PLUGIN_API_VERSION,
    description: 'Image upload, processing, storage and serving',
    dependsOn: ['accounts'],
    entities: [MediaEntity],
    migrations: mediaMigrations,
    typeDefs: mediaTypeDefs,
    resolvers: mediaResolvers(get),
    provides: [
      provide(MediaServiceRef, (ctx) => {
        const { mediaDir, publicUrl } = ctx.config;
        const storage = options.storage?.({ mediaDir, publicUrl }) ?? new LocalMediaStorage(mediaDir, publicUrl);
        service = new MediaServiceImpl(ctx, storage);
        return service;
      }),
    ],
    hooks: [
      filter(NodeLookup, async (value, { type, id, context }) => {
        if (value || type !== 'Media') return value;
        const n = Number(id);
        const media = Number.isSafeInteger(n) && n > 0 ? await get().loader(context).load(n) : null;
        return media ? { ...media, __typename: 'Media' } : null;
      }),
    ],
    routes: mediaRoutes(get),
    // Make the service (and its storage) before the first request.
    bootstrap: (ctx) => void ctx.services.get(MediaServiceRef),
  });
}

