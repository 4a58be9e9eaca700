// Shops: brand and official accounts open one of their own, admins open
// the instance's; handles are unique; only the owner changes a shop.

import { afterAll, describe, expect, it } from 'vitest';
import { expectCode, expectOk, startShop } from './helpers.ts';

const CREATE = `mutation($input: ShopInput!) { createShop(input: $input) { id handle name description owner { handle } viewerCanManage } }`;
const UPDATE = `mutation($id: ID!, $input: ShopUpdateInput!) { updateShop(id: $id, input: $input) { name description } }`;

describe('shops', async () => {
  const t = await startShop();
  afterAll(() => t.close());
  const brand = await t.person('greenleaf', 'brand');
  const official = await t.person('meadow_official', 'official');
  const admin = await t.person('boss', 'admin');
  const alice = await t.person('alice');

  it('a brand opens its shop; the public reads it by handle', async () => {
    const shop = expectOk(await brand.gql(CREATE, { input: { handle: 'Greenleaf', name: ' 青叶茶事 ', description: 'Tea from Hangzhou' } })).createShop;
    expect(shop).toMatchObject({ handle: 'greenleaf', name: '青叶茶事', description: 'Tea from Hangzhou', owner: { handle: 'greenleaf' }, viewerCanManage: true });
    const seen = expectOk(await t.gql(`{ shop(handle: "greenleaf") { id name owner { handle } viewerCanManage } }`)).shop;
    expect(seen).toEqual({ id: shop.id, name: '青叶茶事', owner: { handle: 'greenleaf' }, viewerCanManage: false });
    expect(expectOk(await brand.gql(`{ managedShops { handle } }`)).managedShops).toEqual([{ handle: 'greenleaf' }]);
  });

  it('admins open shops of the instance (no owner), which every admin manages', async () => {
    const shop = expectOk(await admin.gql(CREATE, { input: { handle: 'meadow-store', name: 'Meadow Store', forInstance: true } })).createShop;
    expect(shop).toMatchObject({ owner: null, viewerCanManage: true });
    const other = await t.person('boss2', 'admin');
    expect(expectOk(await other.gql(UPDATE, { id: shop.id, input: { name: 'Meadow 好物' } })).updateShop.name).toBe('Meadow 好物');
    expectCode(await brand.gql(UPDATE, { id: shop.id, input: { name: 'mine now' } }), 'FORBIDDEN');
  });

  it('people cannot open shops, and nobody opens an instance shop but admins', async () => {
    expectCode(await alice.gql(CREATE, { input: { handle: 'alices', name: 'Alice' } }), 'FORBIDDEN');
    expectCode(await brand.gql(CREATE, { input: { handle: 'inst', name: 'x', forInstance: true } }), 'FORBIDDEN');
    expectCode(await t.gql(CREATE, { input: { handle: 'anon', name: 'x' } }), 'UNAUTHENTICATED');
  });

  it('one shop per account, unique handles, valid handles and names', async () => {
    expectCode(await brand.gql(CREATE, { input: { handle: 'greenleaf2', name: 'Again' } }), 'CONFLICT');
    expectCode(await official.gql(CREATE, { input: { handle: 'greenleaf', name: 'Taken' } }), 'CONFLICT');
    expectCode(await official.gql(CREATE, { input: { handle: 'a', name: 'Short' } }), 'BAD_USER_INPUT');
    expectCode(await official.gql(CREATE, { input: { handle: 'has space', name: 'x' } }), 'BAD_USER_INPUT');
    expectCode(await official.gql(CREATE, { input: { handle: 'okay', name: '   ' } }), 'BAD_USER_INPUT');
    expectCode(await official.gql(CREATE, { input: { handle: 'okay', name: 'x'.repeat(101) } }), 'BAD_USER_INPUT');
    expect(expectOk(await official.gql(CREATE, { input: { handle: 'okay', name: 'Official' } })).createShop.handle).toBe('okay');
  });

  it('only the owner updates the shop; unknown shops are NOT_FOUND', async () => {
    const id = expectOk(await brand.gql(`{ shop(handle: "greenleaf") { id } }`)).shop.id;
    expectCode(await alice.gql(UPDATE, { id, input: { name: 'hijack' } }), 'FORBIDDEN');
    expectCode(await admin.gql(UPDATE, { id, input: { name: 'hijack' } }), 'FORBIDDEN');
    expect(expectOk(await brand.gql(UPDATE, { id, input: { description: 'Spring tea is here' } })).updateShop).toEqual({ name: '青叶茶事', description: 'Spring tea is here' });
    expectCode(await t.gql(`{ shop(handle: "nope") { id } }`), 'NOT_FOUND');
    expectCode(await brand.gql(UPDATE, { id: Buffer.from('Shop:9999').toString('base64url'), input: { name: 'x' } }), 'NOT_FOUND');
  });
});
