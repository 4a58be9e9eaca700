// The built-in "instance" plugin: branding, plugin administration, jobs.

import { definePlugin, PLUGIN_API_VERSION } from '../plugins/define.ts';
import type { Kernel } from '../kernel.ts';
import { BrandingSchema } from './branding.ts';
import { instanceResolvers, instanceTypeDefs } from './graphql.ts';

export function instancePlugin(kernel: () => Kernel) {
  return definePlugin({
    name: 'instance',
    apiVersion: PLUGIN_API_VERSION,
    description: 'Branding, plugin administration and jobs',
    settings: BrandingSchema,
    typeDefs: instanceTypeDefs,
    resolvers: instanceResolvers(kernel),
  });
}
