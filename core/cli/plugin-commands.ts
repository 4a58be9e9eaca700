// Commands that plugins add to the `meadow` CLI (`cli` in definePlugin), run
// as `meadow <plugin> <name>`. Looked up only when the words are not a
// built-in command: the plugins are imported (no database) to find the
// command and show its help; the instance boots only when it runs.

import { fileURLToPath } from 'node:url';
import { CliFailure, helpOption, type Command } from './command.ts';
import type { PluginCommandSpec, PluginDefinition } from '../plugins/define.ts';

/** The plugins/ folder next to core/ (the kernel's default too). */
const BUNDLED_PLUGINS_DIR = fileURLToPath(new URL('../../plugins', import.meta.url));
const COMMAND_NAME = /^[a-z][a-z0-9-]{0,39}$/;

/** The enabled plugins that add commands, found as the kernel would find them. */
async function pluginsWithCommands(): Promise<PluginDefinition[]> {
  const { loadCliConfig } = await import('./boot.ts');
  const { discoverPlugins, loadExtraPlugin } = await import('../plugins/loader.ts');
  const config = await loadCliConfig();
  const found = [
    ...(await discoverPlugins(config.plugins.dir ?? BUNDLED_PLUGINS_DIR)),
    ...(await Promise.all(config.plugins.extra.map((spec) => loadExtraPlugin(spec)))),
  ];
  const { enabled, disabled } = config.plugins;
  const on = (name: string) => (enabled === 'all' || enabled.includes(name)) && !disabled.includes(name);
  return found.filter((d) => d && on(d.name) && Array.isArray(d.cli) && d.cli.length > 0);
}

function toCommand(plugin: string, spec: PluginCommandSpec): Command {
  const name = `${plugin} ${spec.name}`;
  return {
    name,
    summary: spec.summary,
    usage: spec.usage ?? `meadow ${name}`,
    help: spec.help ?? '',
    options: { ...helpOption, ...(spec.options ?? {}) },
    positionals: spec.positionals,
    async run(args) {
      const { bootForCli } = await import('./boot.ts');
      const kernel = await bootForCli();
      try {
        return (await spec.run(args, kernel.contextOf(plugin))) ?? 0;
      } finally {
        await kernel.close();
      }
    },
  };
}

/** Every plugin command of the enabled plugins; a malformed one is reported, not skipped. */
export async function pluginCommands(): Promise<Command[]> {
  const out: Command[] = [];
  for (const def of await pluginsWithCommands()) {
    for (const spec of def.cli!) {
      if (!spec || !COMMAND_NAME.test(spec.name) || typeof spec.run !== 'function' || typeof spec.summary !== 'string') {
        throw new CliFailure(`Plugin "${def.name}" declares a command without a valid name (one lower-case word), summary and run function`);
      }
      out.push(toCommand(def.name, spec));
    }
  }
  return out;
}
