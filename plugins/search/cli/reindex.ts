// `meadow search reindex`: rebuilds the search index from the notes service
// (the same function as the staff `reindexSearch` job), with progress on
// stdout and a summary at the end.

import type { PluginContext } from '../../../core/index.ts';
import { searchServiceOf } from '../service.ts';
import { countProgress } from './progress.ts';

export const reindexCommand = {
  name: 'reindex',
  summary: 'Rebuild the search index from every published note, with progress.',
  usage: 'meadow search reindex [--every <seconds>]',
  help: `
Reads every published note through the notes service and makes the index
match it: public notes are (re)indexed, others and deleted ones are dropped.
Search keeps answering meanwhile (from the index as it is being rebuilt).
On a terminal a bar shows notes done of the total, the rate and the time
left; otherwise (logs, CI) a progress line is printed every few seconds.

Options:
  --every <seconds>  how often to print a progress line when not on a terminal (default 3)

Examples:
  meadow search reindex
  DATABASE_URL=postgres://meadow@localhost/meadow meadow search reindex`,
  options: { every: { type: 'string' as const } },
  async run(args: { values: Record<string, string | boolean | undefined> }, ctx: PluginContext): Promise<number> {
    const every = args.values.every === undefined ? 3 : Number(args.values.every);
    if (!Number.isFinite(every) || every < 0 || every > 3600) {
      console.error(`meadow: --every must be a number of seconds from 0 to 3600; got "${String(args.values.every)}"`);
      return 2;
    }
    const started = Date.now();
    const progress = countProgress(process.stdout, { everyMs: every * 1000 });
    const result = await searchServiceOf(ctx).reindex((done, total) => progress.update(done, total));
    progress.end();
    const seconds = (Date.now() - started) / 1000;
    console.log(`Indexed ${result.indexed} of ${result.total} published notes (the others are not public), removed ${result.removed} stale entries, in ${seconds.toFixed(1)} s (${Math.round(result.total / Math.max(seconds, 0.001))} notes/s).`);
    return 0;
  },
};
