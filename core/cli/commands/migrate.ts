// Heavy modules (the kernel, Fastify, the ORM) load only when the command runs,
// so --help and usage errors answer at once.
import { helpOption, type Command } from '../command.ts';
import { migrationReporter, progressPrinter } from '../progress.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Run pending database migrations of the core and every enabled plugin, then exit.',
  usage: 'meadow migrate',
  help: `
Applies each migration once, in plugin dependency order, and records it in the
meadow_migration table; running it again does nothing. The database comes from
DATABASE_URL or meadow.config.* (default: SQLite at ./data/meadow.db).

Examples:
  meadow migrate
  DATABASE_URL=postgres://meadow@localhost/meadow meadow migrate`,
  options: { ...helpOption },
  async run() {
    const { bootForCli } = await import('../boot.ts');
    const progress = progressPrinter();
    const reporter = migrationReporter(progress);
    const started = Date.now();
    const kernel = await bootForCli({ onMigration: reporter.onMigration });
    progress.end();
    await kernel.close();
    const where = kernel.config.databaseUrl.replace(/\/\/[^@/]*@/, '//');
    if (reporter.count === 0) console.log(`Database is up to date (${where}); no migrations to run.`);
    else console.log(`Applied ${reporter.count} migration${reporter.count === 1 ? '' : 's'} to ${where} in ${Date.now() - started} ms.`);
    return 0;
  },
};
