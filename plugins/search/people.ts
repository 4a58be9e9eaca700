// People for autocomplete, kept from account events (accounts are core's;
// this is a copy of the few fields autocomplete needs).

import type { AccountRecord, PluginContext } from '../../core/index.ts';
import { pinyinInitials } from './text/pinyin.ts';
import { normalizeText } from './text/tokenize.ts';

export async function indexPerson(ctx: PluginContext, account: AccountRecord): Promise<void> {
  const row = {
    account_id: account.id, handle: account.handle, display_name: account.displayName.slice(0, 200),
    folded: normalizeText(`${account.handle} ${account.displayName}`).slice(0, 400),
    ...(({ primary, alternate }) => ({ initials: primary, initials_alt: alternate }))(pinyinInitials(account.displayName)),
  };
  await ctx.db.kysely().insertInto('search_people').values(row)
    .onConflict((oc) => oc.column('account_id').doUpdateSet({ handle: row.handle, display_name: row.display_name, folded: row.folded, initials: row.initials, initials_alt: row.initials_alt })).execute();
}
