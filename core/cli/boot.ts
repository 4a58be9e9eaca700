// Boots the kernel for maintenance commands (migrate, seed, admin) and the
// generators: config from meadow.config.* and the environment, migrations
// run with progress, no HTTP server.

import pino, { type Logger } from 'pino';
import { loadConfig, parseConfig } from '../config/load.ts';
import type { MeadowConfig, MeadowConfigInput } from '../config/schema.ts';
import { bootKernel, type Kernel, type KernelOptions } from '../kernel.ts';
import { builtinPlugins } from '../builtins.ts';

export interface CliBootOptions {
  /** Read meadow.config.* and the environment (default true). */
  fromEnvironment?: boolean;
  overrides?: MeadowConfigInput;
  onMigration?: KernelOptions['onMigration'];
  discover?: boolean;
}

export async function loadCliConfig(options: CliBootOptions = {}): Promise<MeadowConfig> {
  return options.fromEnvironment === false
    ? parseConfig(options.overrides ?? {})
    : loadConfig({ overrides: options.overrides });
}

/**
 * Maintenance commands print their own progress; the kernel's info logs
 * would drown it, so they log warnings and worse (to stderr) unless
 * LOG_LEVEL asks for more.
 */
export function cliLogger(config: MeadowConfig): Logger {
  const level = config.logLevel === 'info' && !process.env.LOG_LEVEL ? 'warn' : config.logLevel;
  return pino({ level }, pino.destination(2));
}

export async function bootForCli(options: CliBootOptions = {}): Promise<Kernel> {
  const config = await loadCliConfig(options);
  let kernelRef!: Kernel;
  const kernel = await bootKernel(config, {
    builtins: builtinPlugins(() => kernelRef),
    discover: options.discover,
    logger: cliLogger(config),
    onMigration: options.onMigration,
  });
  kernelRef = kernel;
  return kernel;
}
