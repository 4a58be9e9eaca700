// A third-party plugin, living outside plugins/: an instance loads it from a
// path (or, once published, from an npm package) listed in the config:
//
//   { "plugins": { "extra": ["./examples/plugin-starter"] } }
//
// It adds a "quote of the day" that admins set through plugin settings,
// and greets every new account in the log. It imports the core's public API only.

import { z } from 'zod';
import { AccountCreated, definePlugin, on, PLUGIN_API_VERSION, type PluginContext } from '../../core/index.ts';

const Settings = z.object({
  quote: z.string().trim().min(1).max(280).default('种草，拔草，分享 — plant, act, share.'),
});
type Settings = z.output<typeof Settings>;

export default definePlugin({
  name: 'quote-of-the-day',
  apiVersion: PLUGIN_API_VERSION,
  description: 'A quote of the day, set by admins',
  version: '1.0.0',
  settings: Settings,
  typeDefs: /* GraphQL */ `
    extend type Query {
      "Today's quote, set by the instance's admins."
      quoteOfTheDay: String!
    }
  `,
  resolvers: (ctx: PluginContext<Settings>) => ({
    Query: { quoteOfTheDay: () => ctx.settings().quote },
  }),
  hooks: [on(AccountCreated, ({ account }, ctx) => ctx.log.info({ handle: account.handle }, 'welcome to a new member'))],
});
