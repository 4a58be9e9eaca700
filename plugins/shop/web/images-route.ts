// Images for a product from the merchant page without JavaScript: a
// multipart form posts the files to POST /merchant/products/{n}/images (a
// route of the shop's own, since web pages get urlencoded forms only). The
// files go through the media service as any upload does; the product's
// images become its old ones and the new ones (updateProduct, as the
// signed-in person, so only the shop's managers can). The answer is a 303
// back to the merchant page with ?done=images, or with ?error=<message>.
// Forms from other sites are refused like the web plugin's.

import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MediaServiceRef, isMeadowError, localId, toGlobalId, type PluginContext } from '../../../core/index.ts';
import { LIMITS } from '../catalogue/validation.ts';

const PATH = '/merchant/products/:id/images';

export const imagesFormAction = (productId: string) => `/merchant/products/${localId(productId, 'Product')}/images`;

function crossSite(req: FastifyRequest, publicUrl: string): boolean {
  if (req.headers['sec-fetch-site'] === 'cross-site') return true;
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return origin === 'null';
  return origin !== new URL(publicUrl).origin && origin !== `${req.protocol}://${req.headers.host}`;
}

const PRODUCT = `query ShopProductImages($id: ID!) { product(id: $id) { images { id } shop { viewerCanManage } } }`;
const UPDATE = `mutation ShopSetImages($id: ID!, $images: [ID!]!) { updateProduct(id: $id, input: { imageIds: $images }) { id } }`;

export async function productImagesRoute(app: FastifyInstance, ctx: PluginContext<any>): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: ctx.config.limits.uploadBytes, files: LIMITS.images, fields: 5, parts: LIMITS.images + 5 } });
    scope.post<{ Params: { id: string } }>(PATH, async (req, reply) => {
      if (!ctx.isEnabled('web')) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'No such page' } });
      if (crossSite(req, ctx.config.publicUrl)) return reply.status(403).send({ error: { code: 'FORBIDDEN', message: 'Forms of this site are only accepted from this site' } });
      if (!/^[1-9][0-9]{0,14}$/.test(req.params.id) || !req.isMultipart()) return reply.status(400).send({ error: { code: 'BAD_USER_INPUT', message: 'Send the images as multipart/form-data' } });
      const productId = toGlobalId('Product', req.params.id);
      const viewer = await ctx.graphql.viewerOf(req.headers, (req as any).cookies ?? {});
      const back = (query: string) => reply.status(303).header('cache-control', 'no-store').header('location', query).send();
      if (!viewer) return back(`/signin?next=${encodeURIComponent('/merchant')}`);

      const files: Buffer[] = [];
      let next = '/merchant';
      let failure: string | null = null;
      try {
        for await (const part of req.parts()) {
          if (part.type === 'file') {
            const data = await part.toBuffer();
            if (part.filename && data.length) files.push(data);
          } else if (part.fieldname === 'next' && /^\/merchant\/shops\/[a-z0-9_-]{2,40}$/.test(String(part.value))) next = String(part.value);
        }
      } catch (err) {
        // Too large, or too many files: nothing is stored.
        failure = (err as { statusCode?: number }).statusCode === 413
          ? `An image is over the limit of ${Math.round((ctx.config.limits.uploadBytes / 1_048_576) * 10) / 10} MiB`
          : `At most ${LIMITS.images} images`;
      }
      const fail = (message: string) => back(`${next}?error=${encodeURIComponent(message)}`);
      if (failure) return fail(failure);
      if (!files.length) return fail('Choose at least one image');

      const found = await ctx.graphql.execute<{ product: { images: { id: string }[]; shop: { viewerCanManage: boolean } } }>(PRODUCT, { id: productId }, { viewer });
      const product = found.data?.product;
      if (!product?.shop.viewerCanManage) return fail(found.errors?.[0]?.message ?? 'Only the people running this shop can change its products');
      if (product.images.length + files.length > LIMITS.images) return fail(`A product has at most ${LIMITS.images} images`);

      const media = ctx.services.get(MediaServiceRef);
      const added: string[] = [];
      try {
        for (const data of files) added.push(toGlobalId('Media', (await media.upload(viewer.accountId, data)).id));
      } catch (err) {
        if (!isMeadowError(err)) throw err;
        return fail(err.message);
      }
      const saved = await ctx.graphql.execute(UPDATE, { id: productId, images: [...product.images.map((i) => i.id), ...added] }, { viewer });
      if (saved.errors?.length) return fail(saved.errors.map((e) => e.message).join(' '));
      return back(`${next}?done=images&product=${encodeURIComponent(productId)}#product-${req.params.id}`);
    });
  });
}
