// Progress of a long count-up (the reindex): on a terminal a redrawn bar
// with done/total, rate and ETA; elsewhere (logs, CI, pipes) one plain line
// every few seconds, and always one at the end, so a log is not flooded.

import type { Writable } from 'node:stream';

export interface CountProgress {
  update(done: number, total: number): void;
  /** Ends the bar's line (if drawn) so what follows starts on a fresh one. */
  end(): void;
}

export interface CountProgressOptions {
  /** Plain lines at most this often (ms); default 3000. */
  everyMs?: number;
  /** Bar redraws at most this often (ms); default 100. */
  redrawMs?: number;
  now?: () => number;
  /** Overrides the stream's isTTY (tests). */
  tty?: boolean;
  label?: string;
}

/** "1h 02m", "3m 07s", "12s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

export function countProgress(stream: Writable & { isTTY?: boolean; columns?: number }, options: CountProgressOptions = {}): CountProgress {
  const now = options.now ?? Date.now;
  const tty = options.tty ?? (Boolean(stream.isTTY) && process.env.TERM !== 'dumb');
  const everyMs = options.everyMs ?? 3000;
  const redrawMs = options.redrawMs ?? 100;
  const label = options.label ?? 'notes';
  const started = now();
  let last = -Infinity;
  let open = false;
  let finished = false;

  const describe = (done: number, total: number) => {
    const seconds = (now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = done >= total ? 'done' : rate > 0 ? `ETA ${formatDuration((total - done) / rate)}` : 'ETA ?';
    return `${done}/${total} ${label}, ${Math.round(rate)}/s, ${eta}`;
  };

  return {
    update(done, total) {
      const complete = done >= total;
      if (finished) return;
      const t = now();
      // The first and the last state are always shown; the rest are throttled.
      if (!complete && done > 0 && t - last < (tty ? redrawMs : everyMs)) return;
      last = t;
      if (complete) finished = true;
      const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
      if (!tty) {
        stream.write(`[${pct}%] ${describe(done, total)}\n`);
        return;
      }
      const width = 24;
      const filled = total > 0 ? Math.round((done / total) * width) : width;
      const line = `${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${String(pct).padStart(3)}% ${describe(done, total)}`;
      stream.write(`\r\x1b[2K${line.slice(0, (stream.columns || 80) - 1)}`);
      open = true;
      if (complete) this.end();
    },
    end() {
      if (open) stream.write('\n');
      open = false;
    },
  };
}
