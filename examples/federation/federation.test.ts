// Runs the two-instance example as a user would and checks that every
// step arrived on the other instance.
import { describe, it, expect } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);

describe('examples/federation', () => {
  it('follows, posts, likes, comments and replies across two instances, printing each step as it arrives', async () => {
    const script = fileURLToPath(new URL('./two-instances.ts', import.meta.url));
    const { stdout } = await run(process.execPath, [script], { timeout: 120_000 });
    for (const step of [
      'B: sam has a follower from A, and A got the Accept',
      "A: the note is in @lin's following feed",
      'B: the note has 1 like',
      'B: the comment from lin@A is under the note',
      "A: sam's reply is in the thread",
      'done: follow, post, like, comment and reply all federated',
    ]) expect(stdout).toContain(step);
  }, 150_000);
});
