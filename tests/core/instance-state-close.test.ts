// An instance closed right after an admin changed a setting: the change
// makes every node reload its settings, and close() must wait for that
// reload (on PostgreSQL, closing the pool under its query never returned).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { startTestInstance, TEST_ENGINE, testDatabaseUrl } from '../helpers/instance.ts';

it('closes right after a settings change, and the change is there on the next start', { timeout: 60_000 }, async () => {
  // One database for all the starts (an SQLite file, not memory).
  const dir = mkdtempSync(join(tmpdir(), 'meadow-state-'));
  const database = TEST_ENGINE === 'postgres' ? await testDatabaseUrl() : { url: `sqlite:${join(dir, 'm.db')}`, drop: async () => {} };
  try {
    for (const name of ['First', 'Second', 'Third']) {
      const meadow = await startTestInstance({ config: { databaseUrl: database.url } });
      await meadow.kernel.state.updateSettings('instance', { name });
      await meadow.close();
    }
    const meadow = await startTestInstance({ config: { databaseUrl: database.url } });
    expect((await meadow.gql('{ instance { name } }')).data.instance.name).toBe('Third');
    await meadow.close();
  } finally {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
});
