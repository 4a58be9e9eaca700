// The shop's words in JSON-LD: schema.org's Product and Offer properties
// (price, currency, availability, seller) on a product's `Note`, and
// Meadow's `meadow:products` / `meadow:productTags` on notes that show
// products. The definitions travel inline in each object's @context (the
// shop's own, not in schema/meadow.jsonld: they are there only when the shop
// plugin is, and a receiver never has to fetch anything to read them).
//
// Fedify's vocabulary has no properties for these, so the objects are made
// from classes whose compact JSON goes through a patch (`patched`).

import { Create, Delete, Note, PUBLIC_COLLECTION, Update, type Object as APObject } from '@fedify/vocab';

export const MEADOW_NS = 'https://w3id.org/meadow/ns#';

export const SHOP_TERMS = {
  schema: 'https://schema.org/',
  'schema:offers': { '@id': 'schema:offers', '@container': '@set' },
  'schema:availability': { '@id': 'schema:availability', '@type': '@id' },
  'schema:url': { '@id': 'schema:url', '@type': '@id' },
  meadow: MEADOW_NS,
  'meadow:products': { '@id': 'meadow:products', '@type': '@id', '@container': '@set' },
  'meadow:productTags': { '@id': 'meadow:productTags', '@type': '@json' },
} as const;

/**
 * Fedify keys object routes by vocabulary class, and notes owns `Note`'s:
 * products are routed under this subclass (never serialized; the objects
 * served are plain `Note`s).
 */
export class ProductRoute extends Note {
  static override get typeId(): URL {
    return new URL(`${MEADOW_NS}ProductRoute`);
  }
}

export type Json = Record<string, any>;
type Patch = (json: Json) => void;
type VocabClass<T> = (abstract new (...args: any[]) => T) & { typeId: URL };

const patches = new WeakMap<object, Patch>();

/** A subclass whose compact JSON (served, or sent and signed) runs the patch set with `patch()`; clones keep it. */
function patched<T extends APObject, C extends VocabClass<T>>(Base: C): C {
  // @ts-expect-error: a mixin over vocabulary classes (their constructors take one values object)
  class Patched extends Base {
    override async toJsonLd(options: any = {}) {
      const json = await super.toJsonLd(options);
      const fix = patches.get(this);
      if (!fix || (options.format != null && options.format !== 'compact')) return json;
      const copy = structuredClone(json) as Json;
      fix(copy);
      return copy;
    }

    override clone(values?: any, options?: any) {
      const copy = super.clone(values, options);
      const fix = patches.get(this);
      if (fix) patches.set(copy, fix);
      return copy;
    }
  }
  return Patched as unknown as C;
}

export const PatchedNote = patched(Note);
export const PatchedCreate = patched(Create);
export const PatchedUpdate = patched(Update);
export const PatchedDelete = patched(Delete);

export function patch<T extends object>(object: T, fix: Patch): T {
  patches.set(object, fix);
  return object;
}

const PUBLIC_IRI = PUBLIC_COLLECTION.href;

/** The public collection as its full IRI in to and cc (Fedify writes `as:Public`; some servers know only the IRI). */
export function fullPublic(json: Json): void {
  for (const key of ['to', 'cc']) {
    const v = json[key];
    if (v === 'as:Public') json[key] = PUBLIC_IRI;
    else if (Array.isArray(v)) json[key] = v.map((x) => (x === 'as:Public' ? PUBLIC_IRI : x));
  }
}

/**
 * Adds fields to a compact document, or to the object embedded in it
 * (`inObject`, for a Create), and the shop's terms to its @context; writes
 * the public collection as its full IRI (some servers know only that).
 */
export function addFields(json: Json, fields: Json, options: { inObject?: boolean } = {}): void {
  const target = options.inObject && json.object && typeof json.object === 'object' ? json.object : json;
  for (const [key, value] of Object.entries(fields)) if (value != null) target[key] = value;
  const context = Array.isArray(json['@context']) ? json['@context'] : json['@context'] ? [json['@context']] : [];
  if (!context.some((c: unknown) => c && typeof c === 'object' && (c as Json)['meadow:productTags'])) json['@context'] = [...context, SHOP_TERMS];
  fullPublic(json);
  if (target !== json) fullPublic(target);
}
