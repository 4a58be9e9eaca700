// Heavy modules (the kernel, Fastify, the ORM) load only when the command runs,
// so --help and usage errors answer at once.
import { helpOption, type Command } from '../command.ts';
import { migrationReporter, progressPrinter } from '../progress.ts';
import { parseLocale } from './seed-demo.ts';
import { listeningUrl } from './listening.ts';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Migrate, add demo data to an empty instance, and start it (what `npm run demo` runs).',
  usage: 'meadow demo [--locale zh-CN|en]',
  help: `
The quickest way to see Meadow: runs migrations, fills the instance with demo
people and content when it has no accounts yet, starts the server, and prints
the URL and a demo sign-in to try. Uses the embedded SQLite database at
./data/meadow.db unless DATABASE_URL or meadow.config.* says otherwise; an
instance that already has accounts is started as it is.

Options:
  --locale zh-CN|en  language of the main demo content (default: the instance's default locale)`,
  options: { ...helpOption, locale: { type: 'string' } },
  async run({ values }) {
    const requested = parseLocale(values.locale, 'demo');
    const { bootForCli } = await import('../boot.ts');
    const { countAccounts, defaultDemoLocale, seedDemo } = await import('../seed.ts');
    const { DEMO_PASSWORD, DEMO_PEOPLE } = await import('../../accounts/seed.ts');
    const { AccountsServiceRef } = await import('../../accounts/contracts.ts');
    const { startMeadow } = await import('../../app.ts');
    const progress = progressPrinter();
    const reporter = migrationReporter(progress);
    const kernel = await bootForCli({ onMigration: reporter.onMigration });
    progress.end();
    const person = DEMO_PEOPLE.find((p) => p.role === 'creator') ?? DEMO_PEOPLE[0];
    let demoSignIn = false;
    try {
      if ((await countAccounts(kernel)) === 0) await seedDemo(kernel, requested ?? defaultDemoLocale(kernel));
      else console.log('The instance already has accounts; starting it without adding demo data.');
      demoSignIn = (await kernel.contextOf('accounts').services.get(AccountsServiceRef).getByHandle(person.handle)) !== null;
    } finally {
      await kernel.close();
    }
    const { app } = await startMeadow();
    console.log(
      [
        '',
        `Meadow is running at ${listeningUrl(app)}  (GraphQL and GraphiQL at ${listeningUrl(app)}/graphql)`,
        ...(demoSignIn
          ? [
              `Sign in as a demo person: handle "${person.handle}", password "${DEMO_PASSWORD}"`,
              `  mutation { signIn(input: {handle: "${person.handle}", password: "${DEMO_PASSWORD}"}) { __typename } }`,
            ]
          : []),
        'Stop it with Ctrl-C.',
      ].join('\n'),
    );
    return undefined;
  },
};
