// Command-line flags shared by every benchmark: --duration, --connections,
// --warmup (seconds), --rounds and --quick (a smoke run that only proves the bench works).

import { parseArgs } from 'node:util';

export interface BenchArgs {
  duration: number;
  connections: number;
  warmup: number;
  /** Alternating rounds of every side, so drifting machine load hits all sides alike. */
  rounds: number;
  quick: boolean;
}

export function parseBenchArgs(argv: string[] = process.argv.slice(2), defaults: Partial<BenchArgs> = {}): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string' },
      connections: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      quick: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const quick = values.quick === true;
  const number = (name: string, raw: string | undefined, fallback: number, min: number) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number of at least ${min}, not "${raw}"`);
    return n;
  };
  return {
    quick,
    duration: number('duration', values.duration, quick ? 2 : (defaults.duration ?? 10), 1),
    connections: number('connections', values.connections, defaults.connections ?? 10, 1),
    warmup: number('warmup', values.warmup, quick ? 1 : (defaults.warmup ?? 2), 0),
    rounds: Math.round(number('rounds', values.rounds, quick ? 1 : (defaults.rounds ?? 3), 1)),
  };
}
