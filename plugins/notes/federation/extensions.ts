// Fields that Fedify's vocabulary has no property for, added to the JSON
// it makes: Mastodon's `blurhash` and `focalPoint` on attachments (toot:)
// and Meadow's own `meadow:blocks`, `meadow:placeRef`, `meadow:productRefs`, `meadow:disclosure`
// (schema/meadow.jsonld, served at /ns/meadow). Plain readers ignore what
// they do not know; everything readable is in the plain form already.
//
// How: an object or activity made with `extended(Class)` runs a patch over
// its compact JSON-LD. Fedify serializes an object it serves with
// toJsonLd() and an activity it sends with toJsonLd({ format: 'compact' })
// — also for the Object Integrity Proof, so the proof covers the patched
// JSON. The term definitions travel inline in @context: a receiver never
// has to fetch Meadow's context to read an activity.

import type { Object as APObject } from '@fedify/vocab';

/** The IRI of Meadow's terms (schema/meadow.jsonld). */
export const MEADOW_NS = 'https://w3id.org/meadow/ns#';
/** Where every instance serves schema/meadow.jsonld. */
export const MEADOW_CONTEXT_PATH = '/ns/meadow';

/** Inline term definitions added to @context (the same as schema/meadow.jsonld's). */
export const EXTENSION_TERMS = {
  toot: 'http://joinmastodon.org/ns#',
  blurhash: 'toot:blurhash',
  focalPoint: { '@container': '@list', '@id': 'toot:focalPoint' },
  meadow: MEADOW_NS,
  'meadow:blocks': { '@id': 'meadow:blocks', '@type': '@json' },
  'meadow:placeRef': { '@id': 'meadow:placeRef' },
  'meadow:productRefs': { '@id': 'meadow:productRefs', '@container': '@set' },
  'meadow:disclosure': { '@id': 'meadow:disclosure' },
} as const;

/** What goes on an attachment, by its URL. */
export interface AttachmentExtras {
  blurhash: string | null;
  focalPoint: [number, number] | null;
}

/** The extension fields of one note or comment object. */
export interface ObjectExtras {
  attachments: Map<string, AttachmentExtras>;
  /** `meadow:` fields (blocks, placeRef, productRefs) and other plugins' (note.federated-fields); empty ones are left out. */
  fields: Record<string, unknown>;
  /** Term definitions other plugins' fields need, inline in @context. */
  terms?: Record<string, unknown>;
}

type Json = Record<string, any>;

const asArray = (v: unknown): any[] => (v == null ? [] : Array.isArray(v) ? v : [v]);

/** Adds the extras to one compact object (a Note), in place. */
export function decorateObject(object: Json, extras: ObjectExtras): void {
  for (const attachment of asArray(object.attachment)) {
    if (!attachment || typeof attachment !== 'object') continue;
    const url = typeof attachment.url === 'string' ? attachment.url : attachment.url?.href;
    const more = url ? extras.attachments.get(url) : undefined;
    if (!more) continue;
    if (more.blurhash) attachment.blurhash = more.blurhash;
    if (more.focalPoint) attachment.focalPoint = more.focalPoint;
  }
  for (const [key, value] of Object.entries(extras.fields)) {
    if (value == null || (Array.isArray(value) && value.length === 0)) continue;
    object[key] = value;
  }
}

/**
 * JSON-LD compaction writes the public collection as "as:Public"; some
 * servers only know the full IRI (Fedify does the same for what it sends).
 */
export function fullPublicAudience(object: Json): void {
  for (const key of ['to', 'cc', 'bto', 'bcc', 'audience']) {
    const v = object[key];
    if (v === 'as:Public' || v === 'Public') object[key] = PUBLIC_IRI;
    else if (Array.isArray(v)) object[key] = v.map((x) => (x === 'as:Public' || x === 'Public' ? PUBLIC_IRI : x));
  }
}

const PUBLIC_IRI = 'https://www.w3.org/ns/activitystreams#Public';

/** The document's @context with the extension terms (and other plugins' terms, when any) added once. */
export function withExtensionContext(context: unknown, moreTerms: Record<string, unknown> = {}): unknown[] {
  let list = asArray(context);
  if (!list.some((c) => c && typeof c === 'object' && (c as Json).meadow === MEADOW_NS)) list = [...list, EXTENSION_TERMS];
  const more = Object.keys(moreTerms).length ? JSON.stringify(moreTerms) : null;
  if (more && !list.some((c) => c && typeof c === 'object' && JSON.stringify(c) === more)) list = [...list, moreTerms];
  return list;
}

type Patch = (json: Json) => Json;
type Ctor<T> = (abstract new (...args: any[]) => T) & { typeId: URL };

const patches = new WeakMap<object, Patch>();

/**
 * A subclass of a vocabulary class whose compact JSON goes through a patch.
 * The patch follows clones (Fedify clones an activity to add its proof).
 */
export function extended<T extends APObject, C extends Ctor<T>>(Base: C): C {
  // @ts-expect-error: a mixin over the vocabulary's classes (their constructors take one values object)
  class Extended extends Base {
    override async toJsonLd(options: any = {}) {
      const json = await super.toJsonLd(options);
      const patch = patches.get(this);
      // Only the compact document (served or sent); an expanded form is a nested step.
      if (!patch || (options.format != null && options.format !== 'compact')) return json;
      return patch(structuredClone(json) as Json);
    }

    override clone(values?: any, options?: any) {
      const copy = super.clone(values, options);
      const patch = patches.get(this);
      if (patch) patches.set(copy, patch);
      return copy;
    }
  }
  return Extended as unknown as C;
}

/** Sets the patch of an object made from an `extended` class. */
export function withPatch<T extends object>(object: T, patch: Patch): T {
  patches.set(object, patch);
  return object;
}
