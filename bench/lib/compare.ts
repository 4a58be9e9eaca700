// Compares several sides (e.g. GraphQL and a raw baseline) under the same
// load, in alternating rounds so that drifting load from other programs on
// the machine hits every side alike. Each side is warmed up in the first
// round only; every response set is checked (assertClean) and a failure
// stops the benchmark.

import { assertClean, describe, median, runLoad, type LoadRequest, type LoadSummary } from './load.ts';
import { round as roundTo, say } from './report.ts';

export interface SideFigures {
  /** Medians over the rounds. */
  rps: number;
  p50_ms: number;
  p99_ms: number;
  cpu_ms_per_request: number;
  /** All rounds together. */
  requests: number;
}

export interface Comparison<Name extends string> {
  sides: Record<Name, SideFigures>;
  rounds: Record<Name, LoadSummary>[];
}

export async function compareSides<Name extends string>(
  sides: Record<Name, LoadRequest>,
  options: { seconds: number; connections: number; warmupSeconds: number; rounds: number },
): Promise<Comparison<Name>> {
  const names = Object.keys(sides) as Name[];
  const rounds: Record<Name, LoadSummary>[] = [];
  for (let r = 0; r < options.rounds; r++) {
    const results = {} as Record<Name, LoadSummary>;
    for (const name of names) {
      const summary = await runLoad(sides[name], {
        seconds: options.seconds,
        connections: options.connections,
        warmupSeconds: r === 0 ? options.warmupSeconds : 0,
      });
      say(`round ${r + 1}/${options.rounds}  ${describe(name, summary)}`);
      assertClean(name, summary);
      results[name] = summary;
    }
    rounds.push(results);
  }
  const figures = {} as Record<Name, SideFigures>;
  for (const name of names) {
    const of = (pick: (s: LoadSummary) => number) => median(rounds.map((r) => pick(r[name])));
    figures[name] = {
      rps: roundTo(of((s) => s.rps), 1),
      p50_ms: of((s) => s.p50_ms),
      p99_ms: of((s) => s.p99_ms),
      cpu_ms_per_request: roundTo(of((s) => s.cpu_ms_per_request), 3),
      requests: rounds.reduce((n, r) => n + r[name].requests, 0),
    };
  }
  return { sides: figures, rounds };
}

/** Median over the rounds of side a's req/s divided by side b's (same round). */
export function medianRatio<Name extends string>(c: Comparison<Name>, a: Name, b: Name): number {
  return roundTo(median(c.rounds.map((r) => r[a].rps / r[b].rps)), 3);
}
