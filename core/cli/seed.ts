// Demo data: every enabled plugin's seedDemo, in dependency order, on an
// instance that has no accounts yet (so nobody's real data gets mixed
// with made-up people).

import { AccountsServiceRef } from '../accounts/contracts.ts';
import type { Kernel } from '../kernel.ts';
import { progressPrinter } from './progress.ts';
import { CliFailure } from './command.ts';

export type DemoLocale = 'zh-CN' | 'en';

/** Accounts on the instance (0 while the accounts module is not there). */
export async function countAccounts(kernel: Kernel): Promise<number> {
  if (!kernel.registry.plugins.has('accounts')) return 0;
  return kernel.contextOf('accounts').services.get(AccountsServiceRef).countAccounts();
}

/** The instance's default locale from its branding, when it is one the demo speaks. */
export function defaultDemoLocale(kernel: Kernel): DemoLocale {
  const branding = kernel.state.settingsOf<{ defaultLocale?: string } | undefined>('instance');
  return branding?.defaultLocale === 'en' ? 'en' : 'zh-CN';
}

/** Runs the seeders; returns the names of the plugins that seeded. */
export async function seedDemo(kernel: Kernel, locale: DemoLocale, out: NodeJS.WriteStream = process.stdout): Promise<string[]> {
  const seeders = kernel.plugins.filter((p) => p.seedDemo && kernel.state.isEnabled(p.name));
  const seeded: string[] = [];
  for (const [i, plugin] of seeders.entries()) {
    out.write(`Seeding ${plugin.name} (${i + 1}/${seeders.length})\n`);
    const progress = progressPrinter(out, '  ');
    try {
      await plugin.seedDemo!({ ctx: kernel.contextOf(plugin.name), progress: (done, total, label) => progress.step(done, total, label), locale });
    } catch (err) {
      progress.end();
      throw new CliFailure(`Plugin "${plugin.name}" failed while seeding demo data: ${(err as Error).message}`, err);
    }
    progress.end();
    seeded.push(plugin.name);
  }
  // After-commit handlers (counters, indexes) finish before we report done.
  await kernel.bus.drain();
  return seeded;
}
