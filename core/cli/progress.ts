// Progress for long operations: a redrawn bar on a terminal, plain
// "[3/7] label" lines otherwise (logs, CI, pipes).

export interface Progress {
  step(done: number, total: number, label: string): void;
  /** Ends a bar line so the next output starts on a fresh line. */
  end(): void;
}

export function progressPrinter(stream: NodeJS.WriteStream = process.stdout, indent = ''): Progress {
  const tty = Boolean(stream.isTTY) && process.env.TERM !== 'dumb';
  let open = false;
  return {
    step(done, total, label) {
      const counter = `[${done}/${total}]`;
      if (!tty) {
        stream.write(`${indent}${counter} ${label}\n`);
        return;
      }
      const width = 24;
      const filled = total > 0 ? Math.round((done / total) * width) : width;
      const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
      const columns = stream.columns || 80;
      const line = `${indent}${bar} ${counter} ${label}`.slice(0, columns - 1);
      stream.write(`\r\x1b[2K${line}`);
      open = true;
      if (done >= total) this.end();
    },
    end() {
      if (open) stream.write('\n');
      open = false;
    },
  };
}

/** Reports migrations as they run and says so when there were none. */
export function migrationReporter(progress: { step(done: number, total: number, label: string): void }) {
  let count = 0;
  return {
    onMigration: (m: { plugin: string; id: string; index: number; total: number }) => {
      count = m.total;
      progress.step(m.index + 1, m.total, `${m.plugin}/${m.id}`);
    },
    get count() {
      return count;
    },
  };
}
