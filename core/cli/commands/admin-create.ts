// Heavy modules (the kernel, Fastify, the ORM) load only when the command runs,
// so --help and usage errors answer at once.
import { CliFailure, UsageError, helpOption, type Command } from '../command.ts';
import { migrationReporter, progressPrinter } from '../progress.ts';
import { readHidden } from '../prompt.ts';

/** --password, else MEADOW_ADMIN_PASSWORD, else asked twice on a terminal. */
async function choosePassword(flag: string | undefined): Promise<string> {
  if (flag !== undefined) return flag;
  const fromEnv = process.env.MEADOW_ADMIN_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) {
    throw new UsageError('No password given: pass --password, set MEADOW_ADMIN_PASSWORD, or run in a terminal to type it', 'admin create');
  }
  const first = await readHidden('Password for the new admin: ');
  const second = await readHidden('Same password again: ');
  if (first !== second) throw new CliFailure('The two passwords differ; nothing was created');
  return first;
}

export const adminCreateCommand: Command = {
  name: 'admin create',
  summary: 'Create an admin account (the first admin of a new instance, or another one).',
  usage: 'meadow admin create --handle H [--email E] [--password P]',
  help: `
Creates an account with the admin role, with the same checks as sign-up:
handle rules, password strength, unique handle and e-mail. Runs pending
migrations first.

The password comes from --password, else from the MEADOW_ADMIN_PASSWORD
environment variable, else it is asked for (twice, not shown) on a terminal.
Prefer the prompt or the variable: a --password stays in shell history.

Options:
  --handle H    the admin's handle (required)
  --email E     an e-mail address for the account
  --password P  the password

Examples:
  meadow admin create --handle alice --email alice@example.com
  MEADOW_ADMIN_PASSWORD='a long passphrase' meadow admin create --handle alice`,
  options: { ...helpOption, handle: { type: 'string' }, email: { type: 'string' }, password: { type: 'string' } },
  async run({ values }) {
    const handle = values.handle as string | undefined;
    if (!handle) throw new UsageError('--handle is required. Usage: meadow admin create --handle H [--email E] [--password P]', 'admin create');
    const password = await choosePassword(values.password as string | undefined);
    const { bootForCli } = await import('../boot.ts');
    const { createAdminAccount } = await import('../../accounts/admin.ts');
    const progress = progressPrinter(process.stderr);
    const kernel = await bootForCli({ onMigration: migrationReporter(progress).onMigration });
    progress.end();
    try {
      const account = await createAdminAccount(kernel, { handle, password, email: (values.email as string | undefined) ?? null });
      await kernel.bus.drain();
      console.log(`Created admin @${account.handle} (id ${account.id}). Sign in at ${kernel.config.publicUrl}/graphql with the signIn mutation.`);
      return 0;
    } finally {
      await kernel.close();
    }
  },
};
