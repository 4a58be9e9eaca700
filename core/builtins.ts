// The core modules, in the order they load. They are plugins like any
// other, except that they are always on.

import type { Kernel } from './kernel.ts';
import type { PluginDefinition } from './plugins/define.ts';
import { instancePlugin } from './instance/index.ts';
import { accountsPlugin } from './accounts/index.ts';
import { createMediaPlugin } from './media/index.ts';
import { federationPlugin } from './federation/index.ts';
import { notificationsPlugin } from './notifications/index.ts';

/** A fresh set per kernel: modules that keep their service in a closure must not be shared by two instances in one process. */
export function builtinPlugins(kernel: () => Kernel): PluginDefinition[] {
  return [instancePlugin(kernel), accountsPlugin, createMediaPlugin(), federationPlugin(kernel), notificationsPlugin];
}
