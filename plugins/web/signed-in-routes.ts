// Routes of the pages a person uses with an account: sign-up, sign-in and
// sign-out, settings, compose and drafts, the following feed, follow requests. Every POST
// is refused from another site (as /actions/* are); pages that need an
// account send a signed-out visitor to sign in and back.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PluginContext } from '../../core/index.ts';
import { WebSettingsLinks, type WebPageContext, type WebPageResult } from './contracts.ts';
import type { PageHandler } from './serve.ts';
import { messageResult } from './serve.ts';
import { crossSite } from './actions.ts';
import { readMultipart, registerMultipart, uploadMessage, type ReceivedFile } from './uploads.ts';
import { signIn, signInHref, signInPage, signOut, signOutPage, signUp, signUpPage } from './pages/auth.ts';
import { avatarFailed, changePassword, saveAvatar, savePrivacy, saveProfile, settingsPage } from './pages/settings.ts';
import { blocksPage, changeBlocks } from './pages/settings-blocks.ts';
import { composePage, draftsPage, saveNote } from './pages/compose.ts';
import { followingPage } from './pages/following.ts';
import { followRequestsPage } from './pages/requests.ts';

/** Serves a page handler for a request (routes.ts: page context, layout, error pages). */
export type Serve = (req: FastifyRequest, reply: FastifyReply, handler: PageHandler) => Promise<FastifyReply>;

type Body = { form: URLSearchParams; files: ReceivedFile[]; uploadError: string | null };

async function bodyOf(req: FastifyRequest, limitBytes: number): Promise<Body> {
  if (req.isMultipart()) {
    try {
      return { ...(await readMultipart(req)), uploadError: null };
    } catch (err) {
      // Too large: the rest of the form was not read.
      return { form: new URLSearchParams(), files: [], uploadError: uploadMessage(err, limitBytes) };
    }
  }
  return { form: req.body instanceof URLSearchParams ? req.body : new URLSearchParams(), files: [], uploadError: null };
}

const FORBIDDEN_BODY = { error: { code: 'FORBIDDEN', message: 'Forms of this site are only accepted from this site' } };

export async function mountSignedInRoutes(app: FastifyInstance, ctx: PluginContext, serve: Serve): Promise<void> {
  await registerMultipart(app, ctx);
  const publicUrl = ctx.config.publicUrl;

  /** A page for signed-in people: others are sent to sign in and come back. */
  const signedIn = (render: (p: WebPageContext) => Promise<WebPageResult | null>): PageHandler => async (p) =>
    p.viewer ? render(p) : { redirect: signInHref(p.url.pathname + p.url.search), status: 303 };

  const get = (path: string, handler: PageHandler) => app.get(path, (req, reply) => serve(req, reply, handler));
  const post = (path: string, needsAccount: boolean, handler: (p: WebPageContext, body: Body) => Promise<WebPageResult>) =>
    app.post(path, async (req, reply) => {
      if (crossSite(req, publicUrl)) return reply.status(403).send(FORBIDDEN_BODY);
      // Nobody's files are read for nothing: a signed-out upload stops here.
      const anonymous = needsAccount && req.isMultipart() && !(await ctx.graphql.viewerOf(req.headers, (req as any).cookies ?? {}));
      const body = anonymous ? { form: new URLSearchParams(), files: [], uploadError: null } : await bodyOf(req, ctx.config.limits.uploadBytes);
      return serve(req, reply, async (p) => (needsAccount && !p.viewer ? messageResult(p, 401, p.t('error.title'), p.t('error.signInFirst')) : handler(p, body)));
    });

  get('/signin', async (p) => signInPage(p));
  get('/signup', async (p) => signUpPage(p));
  get('/signout', async (p) => signOutPage(p));
  post('/signin', false, (p, { form }) => signIn(p, form));
  post('/signup', false, (p, { form }) => signUp(p, form));
  post('/signout', false, (p) => signOut(p));

  get('/settings', signedIn(async (p) => settingsPage(p, null, await ctx.hooks.applyFilter(WebSettingsLinks, [], { page: p }))));
  post('/settings/profile', true, (p, { form }) => saveProfile(p, form));
  post('/settings/privacy', true, (p, { form }) => savePrivacy(p, form));
  post('/settings/password', true, (p, { form }) => changePassword(p, form));
  get('/settings/blocks', signedIn((p) => blocksPage(p)));
  post('/settings/blocks', true, (p, { form }) => changeBlocks(p, form));
  post('/settings/avatar', true, (p, { form, files, uploadError }) => (uploadError ? avatarFailed(p, uploadError) : saveAvatar(ctx, p, form, files)));

  get('/compose', signedIn((p) => composePage(p)));
  post('/compose', true, (p, { form, files, uploadError }) => saveNote(ctx, p, form, files, uploadError));
  get('/drafts', signedIn((p) => draftsPage(p)));
  get('/following', signedIn((p) => followingPage(ctx, p)));
  get('/follow-requests', signedIn((p) => followRequestsPage(p)));
}
