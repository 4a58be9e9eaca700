// Reports across instances (Flag), for the trust plugin.
//
// Outbound: sendFlag() sends a Flag from the instance actor — never from
// the reporter, whose identity stays here, as Mastodon does — to the
// reported account's instance: the account's actor URI first, then the
// reported objects, and the reason as content.
// Inbound: a Flag naming an account of this instance (or objects served
// here) becomes the durable event FlagReceived; the trust plugin turns it
// into a report. Flags that name nothing of ours are dropped.

import { randomUUID } from 'node:crypto';
import { Flag } from '@fedify/vocab';
import { badInput, notFound } from '../errors/errors.ts';
import { htmlToText } from '../text/html.ts';
import { FlagReceived, type FlagInput } from './contracts.ts';
import { INSTANCE_ACTOR } from './actors.ts';
import type { FederationServiceImpl } from './service.ts';

const MAX_OBJECTS = 50;
const MAX_CONTENT = 5000;

export async function sendFlag(service: FederationServiceImpl, input: FlagInput): Promise<void> {
  const target = await service.accounts.getById(input.targetAccountId);
  if (!target) throw notFound('The reported account');
  if (!target.remote) throw badInput('That account is on this instance; report it here, not by Flag', { field: 'targetAccountId' });
  const actor = await service.remoteActorOf(target);
  if (!actor) throw notFound('The reported account\'s actor');
  const reason = String(input.reason ?? '').trim();
  if ([...reason].length > MAX_CONTENT) throw badInput(`The reason is longer than ${MAX_CONTENT} characters`, { field: 'reason' });
  const objects = (input.objects ?? []).map((raw) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw badInput(`"${raw}" is not a URL`, { field: 'objects' });
    }
    // Only what the target's instance serves: the Flag goes there alone.
    if (url.origin !== new URL(actor.uri).origin) throw badInput(`${url.href} is not on ${target.remote!.domain}`, { field: 'objects' });
    return url;
  });
  if (objects.length > MAX_OBJECTS) throw badInput(`At most ${MAX_OBJECTS} objects per report`, { field: 'objects' });
  const me = service.actorUri(INSTANCE_ACTOR);
  await service.sendActivity('instance', actor, new Flag({
    id: new URL(`#flags/${randomUUID()}`, me),
    actor: me,
    objects: [new URL(actor.uri), ...objects],
    content: reason,
    to: new URL(actor.uri),
  }));
}

export function registerFlagHandler(service: FederationServiceImpl): void {
  service.onInbox(Flag, async (flag, { context }) => {
    if (!flag.actorId) return;
    let targetAccountId: number | null = null;
    const objectUris: string[] = [];
    for (const uri of flag.objectIds.slice(0, MAX_OBJECTS)) {
      if (uri.origin !== context.origin) continue;
      const parsed = context.parseUri(uri);
      if (parsed?.type === 'actor' && targetAccountId == null) {
        const account = await service.accounts.getByHandle(parsed.identifier);
        if (account && !account.remote) targetAccountId = account.id;
        continue;
      }
      objectUris.push(uri.href);
    }
    if (targetAccountId == null && objectUris.length === 0) return;
    const content = htmlToText(flag.content?.toString() ?? '').slice(0, MAX_CONTENT);
    await service.ctx.hooks.emit(FlagReceived, {
      actorUri: flag.actorId.href,
      domain: flag.actorId.host,
      targetAccountId,
      objectUris,
      content,
      activityUri: flag.id?.href ?? null,
    });
  });
}
