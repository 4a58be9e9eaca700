// Heavy modules (the kernel, Fastify, the ORM) load only when the command runs,
// so --help and usage errors answer at once.
import { CliFailure, UsageError, helpOption, type Command } from '../command.ts';
import type { DemoLocale } from '../seed.ts';

export const LOCALES: DemoLocale[] = ['zh-CN', 'en'];

export function parseLocale(value: string | boolean | undefined, command: string): DemoLocale | undefined {
  if (value === undefined) return undefined;
  if (!LOCALES.includes(value as DemoLocale)) {
    throw new UsageError(`--locale must be one of ${LOCALES.join(', ')}; got "${value}"`, command);
  }
  return value as DemoLocale;
}

export const seedDemoCommand: Command = {
  name: 'seed demo',
  summary: 'Fill an empty instance with demo people and content from every enabled plugin.',
  usage: 'meadow seed demo [--locale zh-CN|en] [--force]',
  help: `
Runs each enabled plugin's demo seeder in dependency order (accounts first,
then the plugins that build on them). Refuses when the instance already has
accounts, so real data never gets mixed with made-up people.

Options:
  --locale zh-CN|en  language of the main demo content (default: the instance's default locale)
  --force            seed even though the instance already has accounts

Examples:
  meadow seed demo
  meadow seed demo --locale en`,
  options: { ...helpOption, locale: { type: 'string' }, force: { type: 'boolean' } },
  async run({ values }) {
    const requested = parseLocale(values.locale, 'seed demo');
    const { bootForCli } = await import('../boot.ts');
    const { countAccounts, defaultDemoLocale, seedDemo } = await import('../seed.ts');
    const kernel = await bootForCli();
    try {
      const accounts = await countAccounts(kernel);
      if (accounts > 0 && !values.force) {
        throw new CliFailure(
          `This instance already has ${accounts} account${accounts === 1 ? '' : 's'}; demo data is only added to an empty instance. ` +
            'Use a fresh database, or pass --force to add it anyway.',
        );
      }
      const locale = requested ?? defaultDemoLocale(kernel);
      const started = Date.now();
      const seeded = await seedDemo(kernel, locale);
      const after = await countAccounts(kernel);
      console.log(
        seeded.length === 0
          ? 'No enabled plugin has demo data to add.'
          : `Demo data added by ${seeded.join(', ')} in ${Date.now() - started} ms (${locale}; ${after} accounts now).`,
      );
      return 0;
    } finally {
      await kernel.close();
    }
  },
};
