// Meadow's version (NodeInfo, User-Agent), read once from package.json.

import { readFileSync } from 'node:fs';

export const MEADOW_VERSION: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
