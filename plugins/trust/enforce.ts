// What each moderation action does, and how an overturned one is undone.
// Effects go through the notes and accounts services only: trust decides,
// notes and accounts store. Checks come first (which actions fit which
// target, content of other instances, acting against staff) so a refused
// action changes nothing.

import { AccountsServiceRef, badInput, forbidden, type AccountRecord, type PluginContext, type Viewer } from '../../core/index.ts';
import { DISCLOSURES, NotesServiceRef, type Disclosure } from '../notes/contracts.ts';
import type { ModerationActionChoice, ModerationActionRecord, ModerationDetails, ReportTargetType } from './contracts.ts';
import type { TrustSettings } from './settings.ts';

export interface ActionOptions {
  /** REQUIRE_LABEL: which label. */
  label?: Disclosure | null;
  /** SUSPEND: for how many days; null or absent suspends until lifted. */
  suspendDays?: number | null;
}

const ANY: readonly ReportTargetType[] = ['Note', 'Comment', 'Account'];
/** The targets each action fits. SUSPEND acts on the account behind any target. */
const FITS: Record<ModerationActionChoice, readonly ReportTargetType[]> = {
  WARN: ANY, DISMISS: ANY, SUSPEND: ANY,
  APPROVE: ['Note'], HIDE: ['Note', 'Comment'], DELETE: ['Note', 'Comment'],
  MARK_SENSITIVE: ['Note'], LIMIT_REACH: ['Note'], REQUIRE_LABEL: ['Note'],
};
/** Actions that only make sense for a person of this instance (another instance's moderators decide for theirs). */
const LOCAL_ONLY: ReadonlySet<ModerationActionChoice> = new Set(['WARN', 'REQUIRE_LABEL']);
const MAX_SUSPEND_DAYS = 3650;

export interface PlannedAction {
  details: ModerationDetails;
  /** Runs the effect; throws when it cannot (nothing is recorded then). */
  apply(): Promise<void>;
}

export interface ActionTarget {
  type: ReportTargetType;
  id: number;
  accountId: number;
}

/** Checks an action against its target and the moderator; returns what to record and how to apply it. */
export async function planAction(
  ctx: PluginContext<TrustSettings>, moderator: Viewer, target: ActionTarget, action: ModerationActionChoice, options: ActionOptions, reason: string,
): Promise<PlannedAction> {
  // WARN, DISMISS and SUSPEND concern the person, so they fit any target, also other plugins' (a Product).
  const fits = action === 'WARN' || action === 'DISMISS' || action === 'SUSPEND' || FITS[action].includes(target.type);
  if (!fits) {
    throw badInput(`${action} does not apply to a ${target.type.toLowerCase()}; it applies to: ${FITS[action].join(', ').toLowerCase()}`, { field: 'action' });
  }
  const accounts = ctx.services.get(AccountsServiceRef);
  const notes = ctx.services.get(NotesServiceRef);
  const account = await accounts.getById(target.accountId);
  if (account?.remote && LOCAL_ONLY.has(action)) {
    throw badInput(`@${account.handle} lives on ${account.remote.domain}: ${action} is for people of this instance. Hide or remove the content here, suspend the account here, or forward the report to ${account.remote.domain}`, { field: 'action' });
  }
  if (action !== 'DISMISS' && account && isStaffAccount(account) && moderator.role !== 'admin') {
    throw forbidden('Only an admin can act against a moderator or an admin');
  }
  const none = async () => {};
  switch (action) {
    case 'WARN':
      return { details: {}, apply: none };
    case 'DISMISS': {
      // Nothing wrong: a note held for review goes out.
      if (target.type !== 'Note') return { details: {}, apply: none };
      const note = await notes.getById(target.id);
      return { details: {}, apply: async () => void (note?.moderation.state === 'held' ? await notes.moderate(target.id, { state: 'visible' }) : null) };
    }
    case 'APPROVE': {
      const note = await notes.getById(target.id);
      if (note?.moderation.state !== 'held') throw badInput('This note is not held for review; there is nothing to approve', { field: 'action' });
      return { details: {}, apply: async () => void (await notes.moderate(target.id, { state: 'visible' })) };
    }
    case 'HIDE':
      return { details: {}, apply: async () => void (target.type === 'Note' ? await notes.moderate(target.id, { state: 'hidden' }) : await notes.removeComment(target.id)) };
    case 'DELETE':
      return { details: {}, apply: () => (target.type === 'Note' ? notes.removeNote(target.id) : notes.removeComment(target.id)) };
    case 'MARK_SENSITIVE':
      return { details: {}, apply: async () => void (await notes.moderate(target.id, { sensitive: true })) };
    case 'LIMIT_REACH':
      return { details: {}, apply: async () => void (await notes.moderate(target.id, { reachLimited: true })) };
    case 'REQUIRE_LABEL': {
      const label = options.label;
      if (!label || !(DISCLOSURES as readonly string[]).includes(label)) throw badInput('REQUIRE_LABEL needs a label: sponsored or promoted', { field: 'label' });
      return { details: { label }, apply: async () => void (await notes.moderate(target.id, { disclosureRequired: label })) };
    }
    case 'SUSPEND': {
      const days = options.suspendDays ?? null;
      if (days !== null && (!Number.isInteger(days) || days < 1 || days > MAX_SUSPEND_DAYS)) {
        throw badInput(`suspendDays must be a whole number from 1 to ${MAX_SUSPEND_DAYS}, or left out to suspend until lifted`, { field: 'suspendDays' });
      }
      if (target.accountId === moderator.accountId) throw badInput('You cannot suspend yourself');
      const until = days === null ? null : new Date(Date.now() + days * 86_400_000);
      return {
        details: { until: until?.toISOString() ?? null },
        apply: async () => void (await accounts.suspend(target.accountId, { reason, until })),
      };
    }
  }
}

function isStaffAccount(account: AccountRecord): boolean {
  return account.role === 'admin' || account.role === 'moderator';
}

/**
 * Undoes an overturned action. Returns a sentence when it could not be
 * fully undone (e.g. the note was purged meanwhile), else null.
 */
export async function revertAction(ctx: PluginContext<TrustSettings>, action: ModerationActionRecord): Promise<string | null> {
  const notes = ctx.services.get(NotesServiceRef);
  const note = action.targetType === 'Note' ? await notes.getById(action.targetId) : null;
  const gone = 'The content no longer exists, so it could not be restored';
  switch (action.action) {
    case 'HIDE':
      if (action.targetType === 'Comment') return (await notes.restoreComment(action.targetId)) ? null : gone;
      if (!note || note.status === 'deleted') return gone;
      await notes.moderate(note.id, { state: 'visible' });
      return null;
    case 'DELETE':
      if (action.targetType === 'Comment') return (await notes.restoreComment(action.targetId)) ? null : gone;
      return (await notes.restoreNote(action.targetId)) ? null : gone;
    case 'MARK_SENSITIVE':
      if (!note || note.status === 'deleted') return gone;
      await notes.moderate(note.id, { sensitive: false });
      return null;
    case 'LIMIT_REACH':
      if (!note || note.status === 'deleted') return gone;
      await notes.moderate(note.id, { reachLimited: false });
      return null;
    case 'REQUIRE_LABEL':
      if (!note || note.status === 'deleted') return gone;
      await notes.moderate(note.id, { disclosureRequired: null });
      return null;
    case 'SUSPEND':
      await ctx.services.get(AccountsServiceRef).unsuspend(action.targetAccountId);
      return null;
    default:
      // WARN: nothing to undo; an overturned warning no longer counts against the person.
      return null;
  }
}
