// Instance blocks on the inbound side, in two places:
//   1. before Fedify sees an inbox POST (gateInboxRequest): a body whose
//      actor, or a signature whose key, is on a suspended instance is
//      answered 202 and dropped unread — no key fetch goes out to it;
//   2. after the signature verified, before any handler runs
//      (acceptActivity): the actor, the activity id, the object's id and,
//      for content carried inside another activity (Announce, Create …),
//      the embedded object's author are all checked, so a suspended
//      instance's post shared by an instance in good standing is dropped.
// A verified activity also tells instances.ts that its sender is alive.

import { Activity } from '@fedify/vocab';
import type { DomainBlocks } from './domain-blocks.ts';
import type { InstanceTracker } from './instances.ts';

const refuseFetch = async (url: string): Promise<never> => {
  throw new Error(`not fetched while checking origins: ${url}`);
};

/** Hosts named by a Signature or Signature-Input header (keyId / keyid). */
function signatureKeyHosts(request: Request): string[] {
  const hosts: string[] = [];
  for (const header of ['signature', 'signature-input']) {
    const value = request.headers.get(header) ?? '';
    for (const m of value.matchAll(/key[iI]d="([^"]+)"/g)) {
      try {
        hosts.push(new URL(m[1]).host);
      } catch {
        // Not a URL: Fedify refuses the signature itself.
      }
    }
  }
  return hosts;
}

/** 202 with nothing done when the POST comes from a suspended instance; null to let Fedify handle it. */
export async function gateInboxRequest(request: Request, blocks: DomainBlocks): Promise<Response | null> {
  if (request.method !== 'POST') return null;
  await blocks.fresh();
  const hosts = signatureKeyHosts(request);
  try {
    const body = JSON.parse(await request.clone().text());
    const actor = typeof body?.actor === 'string' ? body.actor : body?.actor?.id;
    if (typeof actor === 'string') hosts.push(new URL(actor).host);
  } catch {
    // Not JSON or no actor: Fedify answers it.
  }
  const suspended = hosts.find((host) => blocks.isSuspended(host));
  if (!suspended) return null;
  return Response.json({ dropped: true, reason: `Activities from ${suspended} are not accepted here` }, { status: 202 });
}

/** Every host an activity brings content from (without fetching anything). */
export async function originsOf(activity: Activity): Promise<URL[]> {
  const urls: URL[] = [];
  const add = (u: URL | null | undefined) => {
    if (u) urls.push(u);
  };
  add(activity.actorId);
  add(activity.id);
  for (const id of activity.objectIds) add(id);
  // An embedded object may name an author elsewhere (a shared post); read it as sent, never fetch.
  const object = await activity.getObject({ documentLoader: refuseFetch, contextLoader: refuseFetch, crossOrigin: 'trust', suppressError: true }).catch(() => null);
  if (object) {
    add(object.id);
    for (const id of object.attributionIds ?? []) add(id);
    if (object instanceof Activity) {
      add(object.actorId);
      for (const id of object.objectIds) add(id);
    }
  }
  return urls;
}

/** false: drop it (something in it comes from a suspended instance). Records the sender as alive. */
export async function acceptActivity(activity: Activity, blocks: DomainBlocks, instances: InstanceTracker): Promise<boolean> {
  await blocks.fresh();
  const origins = await originsOf(activity);
  if (origins.some((u) => blocks.isSuspended(u))) return false;
  if (activity.actorId) await instances.recordInbound(activity.actorId.host);
  return true;
}
