// The `meadow` command: finds the command named on the command line,
// parses its flags strictly, and turns failures into clear messages and
// exit codes (2: wrong usage, 1: the command failed).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CliFailure, UsageError, type Command, type ParsedArgs } from './command.ts';
import { MeadowError, StartupError } from '../errors/errors.ts';
import { startCommand } from './commands/start.ts';
import { migrateCommand } from './commands/migrate.ts';
import { adminCreateCommand } from './commands/admin-create.ts';
import { pluginNewCommand } from './commands/plugin-new.ts';
import { seedDemoCommand } from './commands/seed-demo.ts';
import { demoCommand } from './commands/demo.ts';
import { federationDoctorCommand } from './commands/federation-doctor.ts';

const COMMANDS: Command[] = [startCommand, demoCommand, migrateCommand, adminCreateCommand, pluginNewCommand, seedDemoCommand, federationDoctorCommand];

const version = (): string => JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')).version;

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: meadow <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "meadow <command> --help" for the options of a command. Plugins add commands of their own:',
    '"meadow <plugin>" lists those of a plugin.',
    'Configuration comes from meadow.config.{ts,js,mjs,json} in the current folder and the environment',
    '(DATABASE_URL, PORT, HOST, PUBLIC_URL, REDIS_URL, MEDIA_DIR, MEADOW_SECRET, LOG_LEVEL, MEADOW_PLUGINS).',
  ].join('\n');
}

const commandHelp = (c: Command): string => `Usage: ${c.usage}\n\n${c.summary}\n\n${c.help.trim()}`;

/** The command named by the first one or two words, and the rest of argv. */
async function findCommand(argv: string[]): Promise<{ command: Command; rest: string[] }> {
  const words = argv.slice(0, 2).filter((w) => !w.startsWith('-'));
  const match = (commands: Command[]) => {
    for (const length of [2, 1]) {
      const name = words.slice(0, length).join(' ');
      if (words.length < length) continue;
      const command = commands.find((c) => c.name === name);
      if (command) return { command, rest: argv.slice(length) };
    }
    return null;
  };
  const builtin = match(COMMANDS);
  if (builtin) return builtin;
  // Not built in: maybe a plugin's command ("meadow search reindex").
  const { pluginCommands } = await import('./plugin-commands.ts');
  const all = [...COMMANDS, ...(await pluginCommands())];
  const found = match(all);
  if (found) return found;
  const group = all.filter((c) => c.name.startsWith(`${words[0]} `));
  if (group.length > 0) {
    const subs = group.map((c) => `"meadow ${c.name}"`).join(', ');
    const what = words[1] ? `Unknown command "meadow ${words[0]} ${words[1]}"` : `"meadow ${words[0]}" needs a subcommand`;
    throw new UsageError(`${what}: try ${subs}.`);
  }
  const guess = closest(words[0] ?? argv[0], all.map((c) => c.name.split(' ')[0]));
  throw new UsageError(`Unknown command "${argv[0]}".${guess ? ` Did you mean "meadow ${guess}"?` : ''} Run "meadow --help" to see the commands.`);
}

function parse(command: Command, rest: string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
  } catch (err) {
    // node:util's messages name the flag; add where to look for the right ones.
    const message = (err as Error).message.replace(/\. To specify a positional argument.*$/s, '').replace(/\.$/, '');
    throw new UsageError(`${message}. Run "meadow ${command.name} --help" for its options.`, command.name);
  }
  const expected = command.positionals ?? [];
  if (parsed.positionals.length > expected.length) {
    throw new UsageError(`Unexpected argument "${parsed.positionals[expected.length]}". Usage: ${command.usage}`, command.name);
  }
  if (parsed.positionals.length < expected.length && !parsed.values.help) {
    throw new UsageError(`Missing ${expected[parsed.positionals.length]}. Usage: ${command.usage}`, command.name);
  }
  return { values: parsed.values as ParsedArgs['values'], positionals: parsed.positionals };
}

export async function main(argv: string[]): Promise<number | undefined> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    console.log(overview());
    return 0;
  }
  if (argv[0] === '--version' || argv[0] === '-v') {
    console.log(version());
    return 0;
  }
  try {
    const { command, rest } = await findCommand(argv);
    const args = parse(command, rest);
    if (args.values.help) {
      console.log(commandHelp(command));
      return 0;
    }
    return await command.run(args);
  } catch (err) {
    return report(err);
  }
}

function report(err: unknown): number {
  if (err instanceof UsageError) {
    console.error(`meadow: ${err.message}`);
    return 2;
  }
  if (err instanceof CliFailure || err instanceof StartupError || err instanceof MeadowError) {
    console.error(`meadow: ${err.message}`);
    // A plugin's own bug: its stack helps its author.
    if (err.cause instanceof Error && !(err.cause instanceof MeadowError)) console.error(err.cause.stack);
    return 1;
  }
  console.error('meadow: an unexpected error stopped the command:');
  console.error(err);
  return 1;
}

/** The most similar name within two edits, for "did you mean". */
function closest(word: string | undefined, names: string[]): string | null {
  if (!word) return null;
  let best: { name: string; d: number } | null = null;
  for (const name of new Set(names)) {
    const d = distance(word, name);
    if (d <= 2 && (!best || d < best.d)) best = { name, d };
  }
  return best?.name ?? null;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

const code = await main(process.argv.slice(2));
// Servers keep running; every other command ends here even if a library
// left a timer or socket open.
if (code !== undefined) process.exit(code);
