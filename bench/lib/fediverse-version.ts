// Which code a federation benchmark measured: the commit, marked "+dirty"
// when the working tree has uncommitted changes (several people change
// core/federation at once, so a figure is tied to the tree it ran on).

import { execFileSync } from 'node:child_process';

export function sourceVersion(): string | null {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'core', 'plugins'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() !== '';
    return dirty ? `${commit}+dirty` : commit;
  } catch {
    return null;
  }
}
