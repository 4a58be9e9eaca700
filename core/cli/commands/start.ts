// Heavy modules (the kernel, Fastify, the ORM) load only when the command runs,
// so --help and usage errors answer at once.
import { helpOption, type Command } from '../command.ts';
import { migrationReporter, progressPrinter } from '../progress.ts';
import { listeningUrl } from './listening.ts';

export const startCommand: Command = {
  name: 'start',
  summary: 'Start the Meadow server (runs pending migrations first).',
  usage: 'meadow start',
  help: `
Reads meadow.config.* in the current folder and the environment, runs pending
migrations, and serves GraphQL at /graphql, /healthz and /readyz. SIGINT and
SIGTERM stop it gracefully: requests and jobs in flight finish first.

Examples:
  meadow start
  PORT=8080 DATABASE_URL=postgres://meadow@localhost/meadow meadow start`,
  options: { ...helpOption },
  async run() {
    const { startMeadow } = await import('../../app.ts');
    const progress = progressPrinter(process.stderr);
    const { app, kernel } = await startMeadow({ onMigration: migrationReporter(progress).onMigration });
    progress.end();
    console.log(`Meadow is listening on ${listeningUrl(app)} (public URL ${kernel.config.publicUrl}); GraphQL at /graphql`);
    return undefined;
  },
};
