// The trust plugin: reports on notes, comments and people (also from other
// instances through inbound Flags), and the moderation queue, actions and
// audit log for moderators and admins. It knows notes only through
// plugins/notes/contracts.ts.

import { FlagReceived, PLUGIN_API_VERSION, definePlugin, on, provide } from '../../core/index.ts';
import { TrustServiceRef } from './contracts.ts';
import { trustMigrations } from './migrations.ts';
import { trustResolvers } from './resolvers.ts';
import { trustTypeDefs } from './schema.ts';
import { trustSettings, type TrustSettings } from './settings.ts';
import { storeOf } from './store.ts';

export default definePlugin<TrustSettings>({
  name: 'trust',
  apiVersion: PLUGIN_API_VERSION,
  description: 'Reports, the moderation queue, moderation actions with reasons and the audit log',
  dependsOn: ['accounts', 'notes'],
  settings: trustSettings,
  migrations: trustMigrations,
  typeDefs: trustTypeDefs,
  resolvers: trustResolvers,
  provides: [provide(TrustServiceRef, (ctx) => storeOf(ctx))],
  hooks: [
    // Another instance reported one of our accounts: it joins the queue like a local report.
    on(FlagReceived, async (flag, ctx) => {
      await storeOf(ctx).fileRemoteReport(flag);
    }),
  ],
});
