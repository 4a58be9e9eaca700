// What every part of the notes service needs: the plugin context, a query
// builder and the accounts and media services (through their contracts).

import type { Kysely } from 'kysely';
import { AccountsServiceRef, MediaServiceRef, type AccountsService, type MediaService, type PluginContext } from '../../../core/index.ts';

export interface NotesSettings {
  /** Days a deleted note is kept before the purge job removes it. */
  purgeAfterDays: number;
}

export interface Deps {
  ctx: PluginContext<NotesSettings>;
  db(): Kysely<any>;
  accounts(): AccountsService;
  media(): MediaService;
}

export function makeDeps(ctx: PluginContext<NotesSettings>): Deps {
  return {
    ctx,
    db: () => ctx.db.kysely(),
    accounts: () => ctx.services.get(AccountsServiceRef),
    media: () => ctx.services.get(MediaServiceRef),
  };
}
