#!/usr/bin/env node
// The `meadow` command. Checks the Node.js version before loading any
// TypeScript (which older Node versions cannot run).
import '../scripts/require-node.js';
await import('../core/cli/main.ts');
