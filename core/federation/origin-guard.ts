// Trust only the origin that was actually fetched [Mastodon CVE-2024-23832].
// The signature proves who sent an activity, not that its id or the objects
// inside it belong to the sender. An activity whose id lives on another
// origin than its actor is fetched again from its own id, and used only if
// that origin serves the same activity by an actor of its own origin;
// otherwise it is dropped. Embedded objects from another origin than the
// activity are re-fetched by Fedify's getters (getObject() and friends
// return the copy at the object's id, never the embedded one), so once the
// activity itself is trusted, handlers see only origin-served objects.

import { Activity } from '@fedify/vocab';
import type { Context, DocumentLoader } from '@fedify/fedify';

export type OriginCheck = { activity: Activity } | { dropped: string };

/** The activity to act on (possibly the copy served by its origin), or why it is dropped. */
export async function trustedActivity(activity: Activity, context: Context<void>, documentLoader?: DocumentLoader): Promise<OriginCheck> {
  const actorId = activity.actorId;
  if (!actorId) return { dropped: 'The activity names no actor' };
  const id = activity.id;
  if (!id || id.origin === actorId.origin) return { activity };
  let fetched: unknown = null;
  try {
    // lookupObject refuses a document whose id is on another origin than its URL.
    fetched = await context.lookupObject(id.href, { documentLoader: documentLoader ?? context.documentLoader });
  } catch {
    fetched = null;
  }
  if (
    fetched instanceof Activity &&
    fetched.constructor === activity.constructor &&
    fetched.id?.href === id.href &&
    fetched.actorId?.origin === id.origin
  ) {
    return { activity: fetched };
  }
  return { dropped: `Activity ${id.href} is not on its actor's origin ${actorId.origin} and its own origin does not serve it` };
}
