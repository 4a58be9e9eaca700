// New accounts post under tighter limits: for their first hours, notes and
// comments per hour are capped (RATE_LIMITED past the cap), so a freshly
// made ring of accounts cannot flood before anyone looks. Admins tune the
// numbers in the trust settings; staff are never limited.

import { AccountsServiceRef, filter, type PluginContext } from '../../core/index.ts';
import { CommentValidate, NoteValidate } from '../notes/contracts.ts';
import type { TrustModule } from './modules.ts';
import type { TrustSettings } from './settings.ts';

const HOUR_MS = 3_600_000;

/** Counts one post against the new-account limit when the author is still new. */
async function limitNewAccount(ctx: PluginContext<TrustSettings>, authorId: number, role: string, kind: 'notes' | 'comments'): Promise<void> {
  if (role === 'admin' || role === 'moderator') return;
  const settings = ctx.settings();
  const author = await ctx.services.get(AccountsServiceRef).getById(authorId);
  if (!author || author.remote || Date.now() - author.createdAt.getTime() >= settings.newAccountHours * HOUR_MS) return;
  const max = kind === 'notes' ? settings.newAccountNotesPerHour : settings.newAccountCommentsPerHour;
  await ctx.rateLimit(`trust.new-account.${kind}:${authorId}`, max, HOUR_MS);
}

export const limitsModule: TrustModule = {
  name: 'limits',
  hooks: [
    filter(NoteValidate, async (draft, { author, isEdit }, ctx) => {
      if (!isEdit) await limitNewAccount(ctx, author.id, author.role, 'notes');
      return draft;
    }),
    filter(CommentValidate, async (value, { author }, ctx) => {
      await limitNewAccount(ctx, author.id, author.role, 'comments');
      return value;
    }),
  ],
};
