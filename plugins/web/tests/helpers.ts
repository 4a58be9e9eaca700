// Shared set-up for the web suites: a real instance with every bundled
// plugin (discover: true), the demo data of `meadow seed demo`, and HTML
// requests the way a browser makes them.

import type { MeadowConfigInput } from '../../../core/index.ts';
import { startTestInstance, type TestInstance } from '../../../tests/helpers/instance.ts';

export const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

export async function startWeb(options: { seed?: boolean; config?: MeadowConfigInput } = {}): Promise<TestInstance> {
  const meadow = await startTestInstance({ discover: true, config: options.config });
  if (options.seed !== false) {
    // What `meadow seed demo` runs: each plugin's seeder in dependency order.
    for (const plugin of meadow.kernel.plugins) {
      await plugin.seedDemo?.({ ctx: meadow.kernel.contextOf(plugin.name), progress: () => {}, locale: 'zh-CN' });
    }
    await meadow.kernel.bus.drain();
    await meadow.kernel.worker.runUntilIdle();
  }
  return meadow;
}

/** GET as a browser would (Accept: text/html), with optional cookie and language. */
export async function browse(meadow: TestInstance, url: string, headers: Record<string, string> = {}) {
  return meadow.app.inject({ method: 'GET', url, headers: { accept: BROWSER_ACCEPT, ...headers } });
}

/** POST a form as a browser would from this site. */
export async function submit(meadow: TestInstance, url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return meadow.app.inject({
    method: 'POST',
    url,
    headers: { accept: BROWSER_ACCEPT, 'content-type': 'application/x-www-form-urlencoded', origin: meadow.kernel.config.publicUrl, ...headers },
    payload: new URLSearchParams(fields).toString(),
  });
}
