// Output conventions: human-readable progress on stderr, exactly one JSON
// line on stdout (so `npm run bench:x > result.json` keeps only the figures).

export function say(message: string): void {
  process.stderr.write(`${message}\n`);
}

export function printResult(result: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Runs `fn` and says how long it took. */
export async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const value = await fn();
  say(`${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return value;
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Fails the benchmark loudly: a figure measured over errors is worthless. */
export function fail(message: string): never {
  say(`BENCH FAILED: ${message}`);
  process.exit(1);
}
