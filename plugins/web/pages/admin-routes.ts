// Routes of the admin pages (/admin/*). Every page and form checks the
// viewer first: admins only; signed-out people are sent to sign in (GET)
// or get a 401 prompt, others a 403 page, and nothing is read or changed
// for them. Posts from another site are refused as /actions/* are.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebPageContext, WebPageResult } from '../contracts.ts';
import type { PageHandler } from '../serve.ts';
import { crossSite } from '../actions.ts';
import { brandingPage, pluginsPage, refuseNonAdmin, saveBranding, savePluginSettings, togglePlugin } from './admin.ts';
import { addBlock, federationAdminPage, removeBlock, updateBlock } from './admin-federation.ts';
import { approveSignUp, registrationsAdminPage, rejectSignUp, saveRegistrationSettings } from './admin-registrations.ts';
import { createInvite, invitesAdminPage, revokeInvite } from './admin-invites.ts';
import { addRule, editRule, moveRule, removeRule, rulesAdminPage } from './admin-rules.ts';

/** Serves a page handler for a request (routes.ts: page context, layout, error pages). */
export type ServePage = (req: FastifyRequest, reply: FastifyReply, handler: PageHandler) => Promise<FastifyReply>;

export function mountAdminRoutes(app: FastifyInstance, publicUrl: string, serve: ServePage): void {
  // Asked at request time: the sign-in page comes from another part of the site.
  const signInPage = () => app.hasRoute({ method: 'GET', url: '/signin' });

  const get = (path: string, render: (p: WebPageContext) => Promise<WebPageResult> | WebPageResult) =>
    app.get(path, (req, reply) => serve(req, reply, async (p) => refuseNonAdmin(p, { signInPage: signInPage(), method: 'GET' }) ?? render(p)));
  const post = (path: string, act: (p: WebPageContext, form: URLSearchParams) => Promise<WebPageResult>) =>
    app.post(path, async (req, reply) => {
      if (crossSite(req, publicUrl)) return reply.status(403).send({ error: { code: 'FORBIDDEN', message: 'Forms of this site are only accepted from this site' } });
      const form = req.body instanceof URLSearchParams ? req.body : new URLSearchParams();
      return serve(req, reply, async (p) => refuseNonAdmin(p, { signInPage: signInPage(), method: 'POST' }) ?? act(p, form));
    });

  get('/admin', () => ({ redirect: '/admin/branding', status: 302 }));
  get('/admin/branding', (p) => brandingPage(p));
  post('/admin/branding', saveBranding);
  get('/admin/plugins', (p) => pluginsPage(p));
  post('/admin/plugins/toggle', togglePlugin);
  post('/admin/plugins/settings', savePluginSettings);
  get('/admin/federation', (p) => federationAdminPage(p));
  post('/admin/federation/blocks', addBlock);
  post('/admin/federation/blocks/update', updateBlock);
  post('/admin/federation/blocks/remove', removeBlock);
  get('/admin/rules', (p) => rulesAdminPage(p));
  post('/admin/rules/add', addRule);
  post('/admin/rules/edit', editRule);
  post('/admin/rules/move', moveRule);
  post('/admin/rules/remove', removeRule);
  get('/admin/registrations', (p) => registrationsAdminPage(p));
  post('/admin/registrations/settings', saveRegistrationSettings);
  post('/admin/registrations/approve', approveSignUp);
  post('/admin/registrations/reject', rejectSignUp);
  get('/admin/invites', (p) => invitesAdminPage(p));
  post('/admin/invites', createInvite);
  post('/admin/invites/revoke', revokeInvite);
}
