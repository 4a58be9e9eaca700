// `meadow federation doctor PUBLIC_URL`: checks an instance's federation
// endpoints from the outside (core/federation/doctor.ts). Needs no database.
import { helpOption, UsageError, type Command } from '../command.ts';

export const federationDoctorCommand: Command = {
  name: 'federation doctor',
  summary: 'Check how an instance looks to other fediverse servers (WebFinger, NodeInfo, actor, keys) and print what is wrong.',
  usage: 'meadow federation doctor PUBLIC_URL [--account NAME] [--timeout SECONDS]',
  help: `
Fetches, as another server would:
  - /.well-known/nodeinfo and the NodeInfo 2.1 document it links;
  - WebFinger for --account (alice or alice@host), or else the instance actor;
  - the actor document: ActivityStreams content type, id equal to its URL,
    inbox and sharedInbox, publicKey (PEM) and assertionMethod (Multikey);
  - that the inbox refuses an unsigned POST.
Prints each check with ok, warn or FAIL and what is wrong; exits 1 when a
check failed, 0 otherwise. Works on any ActivityPub server, not only Meadow.

Options:
  --account NAME     the account to look up (default: the instance actor)
  --timeout SECONDS  per request (default 10)

Examples:
  meadow federation doctor https://meadow.example
  meadow federation doctor https://mastodon.example --account alice`,
  options: { ...helpOption, account: { type: 'string', short: 'a' }, timeout: { type: 'string' } },
  positionals: ['PUBLIC_URL'],
  async run({ values, positionals }) {
    const timeout = values.timeout === undefined ? 10 : Number(values.timeout);
    if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 300) throw new UsageError('--timeout must be a number of seconds between 0 and 300', 'federation doctor');
    const url = positionals[0];
    if (!/^https?:\/\//i.test(url)) throw new UsageError(`PUBLIC_URL must start with https:// (got "${url}")`, 'federation doctor');
    const { runDoctor, formatChecks } = await import('../../federation/doctor.ts');
    const checks = await runDoctor(url, { account: values.account as string | undefined, timeoutMs: Math.round(timeout * 1000) });
    console.log(formatChecks(url, checks));
    return checks.some((c) => c.status === 'fail') ? 1 : 0;
  },
};
