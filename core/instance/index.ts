// The built-in "instance" plugin: branding, rules, the sign-up policy,
// plugin administration, jobs.

import { definePlugin, provide, PLUGIN_API_VERSION } from '../plugins/define.ts';
import type { Kernel } from '../kernel.ts';
import { BrandingSchema } from './branding.ts';
import { instanceResolvers, instanceTypeDefs } from './graphql.ts';
import { registrationSettingsShape, registrationTypeDefs } from './registration-settings.ts';
import { rulesResolvers, rulesTypeDefs } from './rules.ts';
import { InstanceSettingsRef, type InstanceSettings } from './contracts.ts';

export function instancePlugin(kernel: () => Kernel) {
  return definePlugin({
    name: 'instance',
    apiVersion: PLUGIN_API_VERSION,
    description: 'Branding, rules, the sign-up policy, plugin administration and jobs',
    settings: BrandingSchema.extend(registrationSettingsShape),
    typeDefs: instanceTypeDefs + registrationTypeDefs + rulesTypeDefs,
    // The rule mutations (rules.ts) join the instance's own.
    resolvers: (ctx) => {
      const base = instanceResolvers(kernel)(ctx);
      return { ...base, Mutation: { ...(base.Mutation as object), ...(rulesResolvers(kernel)(ctx).Mutation as object) } };
    },
    provides: [provide(InstanceSettingsRef, (ctx) => ({ current: () => ctx.settings() as InstanceSettings }))],
  });
}
