// The shape of one `meadow` command, and the errors the dispatcher turns
// into exit codes: a UsageError (wrong command, flag or argument) exits 2,
// a CliFailure (the command could not do its job) exits 1.

import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export interface Command {
  /** Words after `meadow`, e.g. "admin create". */
  name: string;
  summary: string;
  usage: string;
  /** Longer help: what it does, each flag, examples. */
  help: string;
  options: OptionSpec;
  /** Names of the positional arguments, in order (all required). */
  positionals?: string[];
  /** Returns the exit code; `undefined` means keep running (a server). */
  run(args: ParsedArgs): Promise<number | undefined>;
}

export class UsageError extends Error {
  readonly command: string | null;
  constructor(message: string, command: string | null = null) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}

export class CliFailure extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'CliFailure';
  }
}

/** Every command takes --help. */
export const helpOption: OptionSpec = { help: { type: 'boolean', short: 'h' } };
