// Typed hook tokens. A plugin exports them from its contracts.ts; the
// payload and value types travel with the token, so a handler registered
// for `note.published` is checked against that event's payload.

export interface EventToken<Payload> {
  readonly kind: 'event';
  readonly name: string;
  readonly description: string;
  /** Durable events reach their handlers through the job queue, with retries. */
  readonly durable: boolean;
  /** Phantom field carrying the payload type; never set. */
  readonly __payload?: Payload;
}

export interface FilterToken<Value, Context = undefined> {
  readonly kind: 'filter';
  readonly name: string;
  readonly description: string;
  readonly __value?: Value;
  readonly __context?: Context;
}

export type AnyHookToken = EventToken<any> | FilterToken<any, any>;

const HOOK_NAME = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

function checkName(name: string) {
  if (!HOOK_NAME.test(name)) {
    throw new Error(`Hook name "${name}" must be dotted lower-case words, like "note.published"`);
  }
}

export function defineEvent<Payload>(
  name: string,
  options: { description: string; durable?: boolean },
): EventToken<Payload> {
  checkName(name);
  return Object.freeze({ kind: 'event', name, description: options.description, durable: options.durable ?? false });
}

export function defineFilter<Value, Context = undefined>(
  name: string,
  options: { description: string },
): FilterToken<Value, Context> {
  checkName(name);
  return Object.freeze({ kind: 'filter', name, description: options.description });
}
