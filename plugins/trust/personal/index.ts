// The trust plugin's personal part: each person's own tools against what
// they do not want to see — muted words (CJK-aware), muted topics and notes
// they hid — applied through notes' `feed.for-viewer` filter to their
// following and discovery feeds, topic pages and search results; plus the
// /settings/mutes page and a "hide from my feeds" control on note pages
// when the web plugin is on (web/). Blocking and muting people is core's.

import { filter, type PluginContext } from '../../../core/index.ts';
import { FeedForViewer } from '../../notes/contracts.ts';
import type { TrustModule } from '../modules.ts';
import { filterForViewer } from './feed-filter.ts';
import { personalMigrations } from './migrations.ts';
import { personalResolvers } from './resolvers.ts';
import { personalTypeDefs } from './schema.ts';
import { personalWebHooks } from './web/index.ts';

export const personalModule: TrustModule = {
  name: 'personal',
  typeDefs: personalTypeDefs,
  resolvers: (ctx) => personalResolvers(ctx as PluginContext),
  migrations: personalMigrations,
  hooks: [
    filter(FeedForViewer, (list, { viewerId }, ctx) => filterForViewer(ctx, list, viewerId)),
    ...personalWebHooks,
  ],
};
