// `meadow search reindex` run as a user would: in a child process against a
// database file (or a fresh PostgreSQL database with MEADOW_TEST_DB=postgres)
// whose index was emptied; progress lines, a summary, and search works again.
// The progress printer is checked on its own for the terminal bar and the
// throttled plain lines (with a clock the test moves).

import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { cliSandbox } from '../../../tests/helpers/cli.ts';
import { countProgress, formatDuration } from '../cli/progress.ts';
import { expectOk, startSearch } from './helpers.ts';

const SEARCH = `query($q: String!) { search(query: $q) { notes { edges { node { id } } } } }`;

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = Object.assign(new Writable({ write(chunk, _enc, done) { chunks.push(String(chunk)); done(); } }), { isTTY, columns: 120 });
  return { stream, chunks };
}

describe('progress printer', () => {
  it('redraws a bar with count, rate and ETA on a terminal', () => {
    let now = 0;
    const { stream, chunks } = sink(true);
    const p = countProgress(stream, { now: () => now });
    p.update(0, 400);
    now = 1000;
    p.update(100, 400);
    now = 1050; // too soon for a redraw
    p.update(110, 400);
    now = 4000;
    p.update(400, 400);
    expect(chunks).toHaveLength(4);
    expect(chunks[1]).toBe(`\r\x1b[2K${'█'.repeat(6)}${'░'.repeat(18)}  25% 100/400 notes, 100/s, ETA 3s`);
    expect(chunks[2]).toMatch(/^\r\x1b\[2K█{24}\s+100% 400\/400 notes, 100\/s, done$/);
    expect(chunks[3]).toBe('\n');
  });

  it('prints a plain line every few seconds when not on a terminal, and the end', () => {
    let now = 0;
    const { stream, chunks } = sink(false);
    const p = countProgress(stream, { now: () => now, everyMs: 3000 });
    for (let done = 0; done <= 1000; done += 10) {
      p.update(done, 1000);
      now += 100;
    }
    p.end();
    // 10 s of work: the start, one line per 3 s, and the end.
    expect(chunks).toEqual([
      '[0%] 0/1000 notes, 0/s, ETA ?\n',
      '[30%] 300/1000 notes, 100/s, ETA 7s\n',
      '[60%] 600/1000 notes, 100/s, ETA 4s\n',
      '[90%] 900/1000 notes, 100/s, ETA 1s\n',
      '[100%] 1000/1000 notes, 100/s, done\n',
    ]);
    expect([formatDuration(59.6), formatDuration(187), formatDuration(3725)]).toEqual(['1m 00s', '3m 07s', '1h 02m']);
  });
});

describe('meadow search reindex', { timeout: 180_000 }, async () => {
  const sandbox = await cliSandbox();
  afterAll(() => sandbox.cleanup());

  it('rebuilds an emptied index with progress and a summary', async () => {
    let t = await startSearch({ databaseUrl: sandbox.databaseUrl });
    const ann = await t.person('ann');
    const tent = await t.post(ann, { title: '露营帐篷推荐', body: '轻量帐篷 #露营' });
    const coffee = await t.post(ann, { title: 'Latte art at home', body: 'coffee tutorial' });
    await t.post(ann, { title: '只给粉丝看的露营', body: '#露营', visibility: 'followers' });
    const db = t.ctx.db.kysely();
    await db.deleteFrom('search_docs').execute();
    if (t.ctx.db.dialect === 'sqlite') await db.deleteFrom('search_fts' as any).execute();
    await db.deleteFrom('search_tags').execute();
    expect(expectOk(await t.gql(SEARCH, { q: '露营' })).search.notes.edges).toEqual([]);
    await t.close();

    const res = await sandbox.meadow(['search', 'reindex', '--every', '0']);
    expect(res.code, res.stderr).toBe(0);
    const lines = res.stdout.trim().split('\n');
    const progress = lines.filter((l) => l.startsWith('['));
    expect(progress[0]).toBe('[0%] 0/3 notes, 0/s, ETA ?');
    for (const l of progress) expect(l).toMatch(/^\[\d+%\] \d\/3 notes, \d+\/s, (ETA \S+|done)$/);
    expect(progress.at(-1)).toMatch(/^\[100%\] 3\/3 notes, \d+\/s, done$/);
    expect(lines.at(-1)).toMatch(/^Indexed 2 of 3 published notes \(the others are not public\), removed 0 stale entries, in \d+\.\d s \(\d+ notes\/s\)\.$/);

    t = await startSearch({ databaseUrl: sandbox.databaseUrl });
    try {
      expect(expectOk(await t.gql(SEARCH, { q: '露营' })).search.notes.edges.map((e: any) => e.node.id)).toEqual([tent.gid]);
      expect(expectOk(await t.gql(SEARCH, { q: 'latte' })).search.notes.edges.map((e: any) => e.node.id)).toEqual([coffee.gid]);
    } finally {
      await t.close();
    }
  });

  it('answers usage errors with exit 2', async () => {
    const bad = await sandbox.meadow(['search', 'reindex', '--every', 'often']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--every must be a number of seconds');
    const unknown = await sandbox.meadow(['search', 'rebuild']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "meadow search rebuild": try "meadow search reindex"');
  });
});
