// Load with autocannon, summarised as req/s and p50/p99 latency.
//
// autocannon runs in a child process: in the server's own event loop it
// would steal the very CPU time being measured. (On a 2-core machine that
// leaves one core to the servers and one to the load generator.) Not a
// worker thread: autocannon skips aggregating its results off the main thread.

import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface LoadRequest {
  /** Full URL, e.g. http://127.0.0.1:1234/graphql */
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /**
   * Responses whose body contains this string count as `bodyErrors` (a 200
   * can still carry GraphQL errors). Checked on one response in `checkEvery`.
   */
  bodyMustNotContain?: string;
  checkEvery?: number;
}

export interface LoadOptions {
  seconds: number;
  connections: number;
  /** Seconds of discarded load first, to warm JITs, caches and pools. */
  warmupSeconds?: number;
}

export interface LoadSummary {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Responses whose body was checked, and how many of those carried an error. */
  bodiesChecked: number;
  bodyErrors: number;
  /**
   * CPU time this process (where the servers run) spent per request during
   * the run. Unlike req/s it hardly moves when other programs share the machine.
   */
  cpu_ms_per_request: number;
}

export interface WorkerInput {
  request: LoadRequest;
  seconds: number;
  connections: number;
}

export async function runLoad(request: LoadRequest, options: LoadOptions): Promise<LoadSummary> {
  if (options.warmupSeconds && options.warmupSeconds > 0) {
    await runInChild({ request, seconds: options.warmupSeconds, connections: options.connections });
  }
  const cpuBefore = process.cpuUsage();
  const summary = await runInChild({ request, seconds: options.seconds, connections: options.connections });
  const cpu = process.cpuUsage(cpuBefore);
  return { ...summary, cpu_ms_per_request: summary.requests ? (cpu.user + cpu.system) / 1000 / summary.requests : 0 };
}

/** The middle value (the lower middle of an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

function runInChild(input: WorkerInput): Promise<Omit<LoadSummary, 'cpu_ms_per_request'>> {
  return new Promise((resolve, reject) => {
    const worker = fork(fileURLToPath(new URL('./load-worker.ts', import.meta.url)), [JSON.stringify(input)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    let settled = false;
    worker.once('message', (summary: Omit<LoadSummary, 'cpu_ms_per_request'>) => {
      settled = true;
      resolve(summary);
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`The load process stopped with code ${code} before reporting`));
    });
  });
}

/** Throws when a run measured failures rather than answers. */
export function assertClean(label: string, s: LoadSummary): void {
  const problems = [
    s.requests === 0 && 'no request completed',
    s.non2xx > 0 && `${s.non2xx} non-2xx responses`,
    s.errors > 0 && `${s.errors} connection errors`,
    s.timeouts > 0 && `${s.timeouts} timeouts`,
    s.bodyErrors > 0 && `${s.bodyErrors} of ${s.bodiesChecked} checked bodies carried errors`,
  ].filter(Boolean);
  if (problems.length) throw new Error(`${label}: ${problems.join(', ')}`);
}

export function describe(label: string, s: LoadSummary): string {
  return `${label.padEnd(8)} ${s.rps.toFixed(0).padStart(7)} req/s   p50 ${s.p50_ms} ms   p99 ${s.p99_ms} ms   ${s.cpu_ms_per_request.toFixed(3)} ms CPU/request   (${s.requests} requests, ${s.bodiesChecked} bodies checked)`;
}
