// The trust plugin: reports on notes, comments and people (also from other
// instances through inbound Flags), the moderation queue, actions, the
// audit log and appeals; its other parts (see modules.ts) add automatic
// signals, personal tools, federation and statistics. It knows notes only
// through plugins/notes/contracts.ts.

import { FlagReceived, NodeLookup, PLUGIN_API_VERSION, definePlugin, filter, isStaff, on, provide } from '../../core/index.ts';
import { TrustServiceRef } from './contracts.ts';
import { federationModule } from './federation/index.ts';
import { trustMigrations } from './migrations.ts';
import { limitsModule } from './limits.ts';
import { joinModules, type TrustModule } from './modules.ts';
import { personalModule } from './personal/index.ts';
import { trustResolvers } from './resolvers.ts';
import { trustTypeDefs } from './schema.ts';
import { trustSettings, type TrustSettings } from './settings.ts';
import { signalsModule } from './signals/index.ts';
import { statsModule } from './stats/index.ts';
import { storeOf } from './store.ts';
import { trustWebModule } from './web/index.ts';

const reports: TrustModule = {
  name: 'reports',
  typeDefs: trustTypeDefs,
  resolvers: trustResolvers,
  migrations: trustMigrations,
  hooks: [
    // A moderation action as a Node (e.g. the subject of a notice): for staff and the person it was taken against.
    filter(NodeLookup, async (found, { type, id, context }, ctx) => {
      if (found || type !== 'ModerationAction') return found;
      const n = Number(id);
      if (!Number.isSafeInteger(n) || n <= 0 || !context.viewer) return null;
      const action = await storeOf(ctx).getAction(n);
      if (!action || (!isStaff(context.viewer) && action.targetAccountId !== context.viewer.accountId)) return null;
      return { ...action, __typename: 'ModerationAction' };
    }),
    // Another instance reported one of our accounts: it joins the queue like a local report.
    on(FlagReceived, async (flag, ctx) => {
      await storeOf(ctx).fileRemoteReport(flag);
    }),
  ],
};

/** The parts, in order; a part's migrations run after those of the parts before it. */
const modules: TrustModule[] = [
  reports,
  limitsModule,
  federationModule,
  // The web pages (when the web plugin is on): the moderation queue, log and appeals, one's own record, Report links and form.
  trustWebModule,
  personalModule,
  statsModule,
  signalsModule,
];
const joined = joinModules(modules);

export default definePlugin<TrustSettings>({
  name: 'trust',
  apiVersion: PLUGIN_API_VERSION,
  description: 'Reports, the moderation queue, moderation actions with reasons, appeals and the audit log',
  dependsOn: ['accounts', 'notes'],
  optionalDeps: ['web'],
  settings: trustSettings,
  migrations: joined.migrations,
  typeDefs: joined.typeDefs,
  resolvers: joined.resolvers,
  provides: [provide(TrustServiceRef, (ctx) => storeOf(ctx))],
  hooks: joined.hooks,
});
