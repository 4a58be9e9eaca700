// Resolves a person's search context (query/context.ts) from what the
// request sends (shared location, time zone) and what they set (home city),
// with clear errors for bad values.

import { badInput, type PluginContext } from '../../core/index.ts';
import { engineOf } from './engine.ts';
import { isTimeZone, localTime, nearestCity, type ResolvedContext, type SearchContextInput } from './query/context.ts';
import type { SearchSettings } from './settings.ts';
import { normalizeText } from './text/tokenize.ts';

export async function homeCityOf(ctx: PluginContext, accountId: number): Promise<string | null> {
  const row = await ctx.db.kysely().selectFrom('search_profiles').select('home_city').where('account_id', '=', accountId).executeTakeFirst();
  return (row?.home_city as string | null) ?? null;
}

/** The lexicon place entry a city name means ("上海", "Shanghai", "shanghai"), or a clear error. */
export function placeEntryOf(ctx: PluginContext<SearchSettings>, city: string) {
  const places = engineOf(ctx).lexicon().entries.filter((e) => e.slot === 'place' && e.id !== 'near-me');
  const wanted = normalizeText(city).trim();
  const entry = places.find((e) => e.id === wanted || normalizeText(e.label) === wanted || e.triggers.some((t) => normalizeText(t) === wanted));
  if (!entry) throw badInput(`Unknown city "${city.slice(0, 50)}"; known: ${places.map((e) => e.label).join(', ')}`, { field: 'city' });
  return entry;
}

export async function setHomeCity(ctx: PluginContext<SearchSettings>, accountId: number, city: string | null): Promise<void> {
  const id = city && city.trim() ? placeEntryOf(ctx, city).id : null;
  const db = ctx.db.kysely();
  const personalization = ctx.db.dialect === 'postgres' ? true : 1;
  await db.insertInto('search_profiles').values({ account_id: accountId, personalization, updated_at: Date.now(), home_city: id })
    .onConflict((oc) => oc.column('account_id').doUpdateSet({ home_city: id, updated_at: Date.now() })).execute();
}

export async function resolveContext(ctx: PluginContext<SearchSettings>, viewerId: number | null, input: SearchContextInput | undefined, now: number): Promise<ResolvedContext> {
  const { latitude, longitude, timeZone } = input ?? {};
  const hasLat = latitude !== undefined && latitude !== null;
  const hasLon = longitude !== undefined && longitude !== null;
  if (hasLat !== hasLon) throw badInput('Send latitude and longitude together', { field: 'context' });
  if (hasLat && (!Number.isFinite(latitude) || Math.abs(latitude!) > 90 || !Number.isFinite(longitude) || Math.abs(longitude!) > 180)) {
    throw badInput('latitude must be within ±90 and longitude within ±180', { field: 'context' });
  }
  if (timeZone !== undefined && timeZone !== null && (timeZone.length > 60 || !isTimeZone(timeZone))) {
    throw badInput(`"${timeZone.slice(0, 60)}" is not an IANA time zone (like Asia/Shanghai)`, { field: 'timeZone' });
  }
  const shared = hasLat ? nearestCity(latitude!, longitude!) : null;
  // A shared location far from every known city names none; the home city is for when none is shared.
  const home = !hasLat && viewerId ? await homeCityOf(ctx, viewerId) : null;
  const zone = timeZone ?? ctx.settings().defaultTimeZone;
  return {
    city: shared ? { id: shared, source: 'shared' } : home ? { id: home, source: 'profile' } : null,
    timeZone: zone,
    southern: hasLat && latitude! < 0,
    ...localTime(now, zone, hasLat && latitude! < 0),
  };
}
