// Test helpers for the shop suites: an instance with the real notes and shop
// plugins (no discovery), accounts of any role with an uploaded image, and
// small wrappers to open a shop, create products and post notes. The
// test-auth plugin stands in for sign-in.

import sharp from 'sharp';
import { expect } from 'vitest';
// Tests may boot the real notes plugin; plugin code may not import it.
// eslint-disable-next-line meadow/plugin-boundaries
import notesPlugin from '../../notes/index.ts';
import shopPlugin from '../index.ts';
import {
  AccountsServiceRef, MediaServiceRef, fromGlobalId, toGlobalId, type AccountRecord, type MeadowConfigInput, type PluginContext, type Role,
} from '../../../core/index.ts';
import { startTestInstance, type TestInstance } from '../../../tests/helpers/instance.ts';
import { testAuthPlugin } from '../../../tests/helpers/test-auth.ts';

export type GqlResult = { data?: any; errors?: { message: string; extensions?: { code?: string } & Record<string, unknown> }[] };

export interface Person {
  id: number;
  gid: string;
  handle: string;
  role: Role;
  /** An image this person uploaded (a Media global id). */
  imageId: string;
  gql(query: string, variables?: Record<string, unknown>): Promise<GqlResult>;
  /** Uploads one more image. */
  upload(): Promise<string>;
}

export interface ShopTestInstance {
  meadow: TestInstance;
  /** The shop plugin's context (its services and database). */
  ctx: PluginContext<any>;
  gql(query: string, variables?: Record<string, unknown>): Promise<GqlResult>;
  person(handle: string, role?: Role): Promise<Person>;
  /** A shop of `owner` (a brand by default); returns its global id. */
  shop(owner: Person, handle?: string): Promise<string>;
  /** A product in the shop (published unless told otherwise); returns it with its variants. */
  product(owner: Person, shopId: string, input?: Record<string, unknown>, publish?: boolean): Promise<any>;
  /** A note by `author` with `images` images; returns its global id. */
  post(author: Person, input?: Record<string, unknown>, images?: number): Promise<string>;
  settle(): Promise<void>;
  close(): Promise<void>;
}

export const PRODUCT_FIELDS = `id title description currency status ref url publishedAt
  options { name values }
  variants { id sku title options { name value } price { amount currency decimal formatted } compareAtPrice { amount } available inStock onHand reserved }
  priceRange { min { amount } max { amount } } inStock images { id } categories { slug } shop { handle }`;

const CREATE_PRODUCT = `mutation($shop: ID!, $input: ProductInput!) { createProduct(shopId: $shop, input: $input) { ${PRODUCT_FIELDS} } }`;

let colour = 0;

export async function startShop(config?: MeadowConfigInput): Promise<ShopTestInstance> {
  const meadow = await startTestInstance({ plugins: [testAuthPlugin, notesPlugin, shopPlugin], discover: false, config });
  const accounts = meadow.kernel.contextOf('accounts').services.get(AccountsServiceRef);
  const media = meadow.kernel.contextOf('media').services.get(MediaServiceRef);

  const gqlAs = async (headers: Record<string, string>, query: string, variables?: Record<string, unknown>) => {
    const res = await meadow.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', ...headers }, payload: { query, variables } });
    return res.json() as GqlResult;
  };
  const settle = async () => {
    await meadow.kernel.bus.drain();
    await meadow.kernel.worker.runUntilIdle();
    await meadow.kernel.bus.drain();
  };
  const uploadFor = async (account: AccountRecord) => {
    colour = (colour + 41) % 255;
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: colour, g: 140, b: 90 } } }).png().toBuffer();
    return toGlobalId('Media', (await media.upload(account.id, png)).id);
  };
  const asPerson = async (account: AccountRecord): Promise<Person> => {
    const headers = { 'x-test-account': `${account.id}:${account.role}` };
    return {
      id: account.id, gid: toGlobalId('Account', account.id), handle: account.handle, role: account.role,
      imageId: await uploadFor(account), upload: () => uploadFor(account), gql: (q, v) => gqlAs(headers, q, v),
    };
  };

  return {
    meadow,
    ctx: meadow.kernel.contextOf('shop'),
    gql: (q, v) => gqlAs({}, q, v),
    async person(handle, role = 'person') {
      return asPerson(await accounts.createAccount({ handle, password: 'Correct-horse-battery-staple-9', role }));
    },
    async shop(owner, handle = `${owner.handle}-shop`) {
      const res = await owner.gql(`mutation($input: ShopInput!) { createShop(input: $input) { id } }`, { input: { handle, name: `${owner.handle}'s shop` } });
      return expectOk(res).createShop.id as string;
    },
    async product(owner, shopId, input = {}, publish = true) {
      const res = await owner.gql(CREATE_PRODUCT, { shop: shopId, input: { title: 'Pour-over kettle', variants: [{ price: 12800, stock: 10 }], ...input } });
      let product = expectOk(res).createProduct;
      if (publish) product = expectOk(await owner.gql(`mutation($id: ID!) { publishProduct(id: $id) { ${PRODUCT_FIELDS} } }`, { id: product.id })).publishProduct;
      return product;
    },
    async post(author, input = {}, images = 2) {
      const list = [{ mediaId: author.imageId }];
      for (let i = 1; i < images; i++) list.push({ mediaId: await author.upload() });
      const res = await author.gql(`mutation($input: NoteInput!) { createNote(input: $input) { id } }`, {
        input: { title: 'A note', body: 'Tried it for a month.', images: list.slice(0, images), visibility: 'public', ...input },
      });
      expectOk(res);
      await settle();
      return res.data.createNote.id as string;
    },
    settle,
    close: () => meadow.close(),
  };
}

export function expectCode(res: GqlResult, code: string) {
  expect(res.errors?.[0]?.extensions?.code, JSON.stringify(res.errors ?? res.data)).toBe(code);
}

export function expectOk(res: GqlResult) {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data;
}

export const localIdOf = (gid: string) => Number(fromGlobalId(gid).id);
