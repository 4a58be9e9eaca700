// Hooks the core itself defines. Plugins import them from `meadow/core`.

import type { Viewer, MeadowContext } from '../graphql/context.ts';
import { defineEvent, defineFilter } from './tokens.ts';

/** Who is making this request: each auth method may recognise the request. */
export const RequestViewer = defineFilter<Viewer | null, { headers: Record<string, string | string[] | undefined>; cookies: Record<string, string | undefined> }>(
  'request.viewer',
  { description: 'Resolves the signed-in account of an HTTP request (cookie, bearer token, …). Return the viewer or pass the value on.' },
);

/** `node(id:)` lookups: a plugin returns the object (with __typename) when the type is its own. */
export const NodeLookup = defineFilter<unknown | null, { type: string; id: string; context: MeadowContext }>('graphql.node', {
  description: 'Fetches an object for a global ID. Return the object (with __typename) for your own types; pass the value on otherwise.',
});

export const SettingsChanged = defineEvent<{ plugin: string; settings: unknown }>('instance.settings-changed', {
  description: "A plugin's settings were changed by an admin (branding is the instance plugin's settings).",
});

export const PluginToggled = defineEvent<{ plugin: string; enabled: boolean }>('instance.plugin-toggled', {
  description: 'An admin switched a plugin on or off at run time.',
});
