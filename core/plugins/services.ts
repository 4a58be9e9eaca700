// Service references: the typed handle a plugin exports from contracts.ts so
// that other plugins can call it without importing its internals.

export interface ServiceRef<T> {
  readonly kind: 'service';
  /** "<plugin>.<service>", e.g. "accounts.accounts". */
  readonly name: string;
  readonly description: string;
  readonly __type?: T;
}

export function defineService<T>(name: string, description = ''): ServiceRef<T> {
  if (!/^[a-z][a-z0-9-]*\.[a-zA-Z][a-zA-Z0-9-]*$/.test(name)) {
    throw new Error(`Service name "${name}" must look like "plugin.service"`);
  }
  return Object.freeze({ kind: 'service', name, description });
}

/** Which plugin owns a service: the part before the first dot. */
export const ownerOf = (ref: ServiceRef<unknown>) => ref.name.slice(0, ref.name.indexOf('.'));
