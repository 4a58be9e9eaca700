// Where and when the person is searching: their shared location (nearest
// known city) or the home city they set, and their local time and season.
// These add weak terms to a query that asks for places or ideas without
// saying where or when, and every effect is explained: in the answer's
// `context` lines and in the reasons of the notes it lifted.

import type { LexiconEntry } from './lexicon.ts';
import { segment } from '../text/tokenize.ts';
import type { QueryPlan, QueryTerm } from './understand.ts';

/** Centres of the shipped place entries (lexicon ids), for "nearest city" of a shared location. */
export const CITY_CENTRES: Record<string, [number, number]> = {
  shanghai: [31.23, 121.47], beijing: [39.9, 116.41], hangzhou: [30.27, 120.16],
  chengdu: [30.57, 104.07], shenzhen: [22.54, 114.06], guangzhou: [23.13, 113.26],
};
/** A shared location further than this from every known city names no city. */
export const NEAR_KM = 150;

export interface SearchContextInput {
  latitude?: number | null;
  longitude?: number | null;
  /** IANA time zone of the person ("Asia/Shanghai"). */
  timeZone?: string | null;
}

export interface ResolvedContext {
  /** Lexicon place id and how it is known. */
  city: { id: string; source: 'shared' | 'profile' } | null;
  timeZone: string;
  hour: number;
  month: number;
  season: 'spring' | 'summer' | 'autumn' | 'winter';
  southern: boolean;
}

export function distanceKm(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[0] - a[0]) * rad;
  const dLon = (b[1] - a[1]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

export function nearestCity(latitude: number, longitude: number): string | null {
  let best: { id: string; km: number } | null = null;
  for (const [id, centre] of Object.entries(CITY_CENTRES)) {
    const km = distanceKm([latitude, longitude], centre);
    if (km <= NEAR_KM && (!best || km < best.km)) best = { id, km };
  }
  return best?.id ?? null;
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Local hour, month and season at `now` in `timeZone` (seasons flip south of the equator). */
export function localTime(now: number, timeZone: string, southern = false): Pick<ResolvedContext, 'hour' | 'month' | 'season'> {
  const parts = new Intl.DateTimeFormat('en', { timeZone, hour: 'numeric', month: 'numeric', hourCycle: 'h23' }).formatToParts(new Date(now));
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const month = Number(parts.find((p) => p.type === 'month')?.value ?? 1);
  const north = (['winter', 'winter', 'spring', 'spring', 'spring', 'summer', 'summer', 'summer', 'autumn', 'autumn', 'autumn', 'winter'] as const)[month - 1]!;
  const flip = { spring: 'autumn', summer: 'winter', autumn: 'spring', winter: 'summer' } as const;
  return { hour, month, season: southern ? flip[north] : north };
}

const PLACE_INTENTS = new Set(['find-places', 'recommendation', 'explore-topic']);
const CONTEXT_WEIGHT = { city: 0.5, season: 0.25, evening: 0.2 };

function termsOf(entry: LexiconEntry): string[] {
  return [...new Set(entry.expand.flatMap((x) => {
    const s = segment(x);
    return [...s.words.filter((w) => !(w.length === 1 && /\p{Script=Han}/u.test(w))), ...s.bigrams, ...s.hashtags];
  }))];
}

/**
 * Adds context terms to a plan (weaker than typed words and lexicon
 * expansions of the query) and returns the lines that explain them.
 */
export function applyContext(plan: QueryPlan, lexicon: LexiconEntry[], context: ResolvedContext): { plan: QueryPlan; notes: string[] } {
  const notes: string[] = [];
  const byId = new Map(lexicon.map((e) => [e.id, e]));
  const terms = new Map(plan.terms.map((t) => [t.term, t]));
  const add = (entry: LexiconEntry, weight: number, reason: string) => {
    for (const term of termsOf(entry)) if (!terms.has(term)) terms.set(term, { term, weight, source: 'context', contextReason: reason } satisfies QueryTerm);
  };
  const has = (slot: string, id?: string) => plan.slots.some((s) => s.slot === slot && (!id || s.value === id));
  const placeQuery = plan.intents.some((i) => PLACE_INTENTS.has(i)) && plan.slots.length > 0;
  const time = `${String(context.hour).padStart(2, '0')}:00 ${context.timeZone}`;

  const city = context.city ? byId.get(context.city.id) : undefined;
  if (city && (has('place', 'near-me') || (placeQuery && !has('place')))) {
    const how = context.city!.source === 'shared' ? 'your shared location' : 'the home city you set';
    const reason = `near you: ${city.label}`;
    add(city, CONTEXT_WEIGHT.city, reason);
    notes.push(`Places near ${city.label}, from ${how}`);
  }
  const season = byId.get(context.season);
  if (season && placeQuery && !has('time')) {
    add(season, CONTEXT_WEIGHT.season, `in season: ${season.label}`);
    notes.push(`It is ${context.season} where you are (${time}): seasonal ideas rank a little higher`);
  }
  const tonight = byId.get('tonight');
  if (tonight && placeQuery && !has('time') && context.hour >= 17 && context.hour <= 23) {
    add(tonight, CONTEXT_WEIGHT.evening, 'good for this evening');
    notes.push(`It is evening where you are (${time}): ideas for tonight rank a little higher`);
  }
  return { plan: { ...plan, terms: [...terms.values()] }, notes };
}

