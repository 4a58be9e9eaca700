import { relative } from 'node:path';
import { helpOption, type Command } from '../command.ts';
import { scaffoldPlugin } from '../scaffold.ts';

export const pluginNewCommand: Command = {
  name: 'plugin new',
  summary: 'Create a working plugin folder with a GraphQL type, an entity, a hook and a test.',
  usage: 'meadow plugin new NAME [--dir plugins]',
  positionals: ['NAME'],
  help: `
Writes DIR/NAME/ with index.ts (definePlugin), contracts.ts (a service
reference and an event), entities.ts and migrations.ts (its own table),
service.ts, a test NAME.test.ts that runs on a real database, and README.md.
Plugins under plugins/ are found and switched on at the next start.

NAME: 2-50 lower-case letters, digits or dashes, starting with a letter;
"instance", "accounts", "media", "core" and "meadow" are reserved.

Options:
  --dir DIR  parent folder (default: plugins)

Examples:
  meadow plugin new guestbook
  meadow plugin new city-walks --dir plugins`,
  options: { ...helpOption, dir: { type: 'string', default: 'plugins' } },
  async run({ values, positionals }) {
    const name = positionals[0];
    const { folder, files } = scaffoldPlugin(name, String(values.dir));
    const shown = relative(process.cwd(), folder) || '.';
    console.log(`Created plugin "${name}" in ${shown}:`);
    for (const f of files) console.log(`  ${relative(process.cwd(), f)}`);
    console.log(`\nNext: npx vitest run ${relative(process.cwd(), files.find((f) => f.endsWith('.test.ts'))!)}`);
    return 0;
  },
};
