// A test-only auth plugin: recognises `x-test-account: <id>:<role>` as the
// viewer. It uses the same RequestViewer filter any real auth method uses.

import { definePlugin, filter, PLUGIN_API_VERSION, RequestViewer, type Role } from '../../core/index.ts';

export const testAuthPlugin = definePlugin({
  name: 'test-auth',
  apiVersion: PLUGIN_API_VERSION,
  hooks: [
    filter(RequestViewer, (viewer, { headers }) => {
      const raw = headers['x-test-account'];
      if (viewer || typeof raw !== 'string') return viewer;
      const [id, role] = raw.split(':');
      return { accountId: Number(id), handle: `user${id}`, role: role as Role, sessionId: null };
    }),
  ],
});

export const asRole = (role: Role, id = 1) => ({ 'x-test-account': `${id}:${role}` });
