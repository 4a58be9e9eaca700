import { describe, it, expect, afterAll } from 'vitest';
import { startTestInstance } from '../helpers/instance.ts';
import { GOOD_PASSWORD, signUp, codeOf } from './accounts-helpers.ts';

describe('accounts: handles, passwords, profiles and roles', async () => {
  const meadow = await startTestInstance({ config: { rateLimits: { authMax: 1000, authWindowMs: 60_000 } } });
  afterAll(() => meadow.close());
  const count = async () => Number((await meadow.kernel.db.kysely().selectFrom('core_accounts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const trySignUp = (handle: string, password = GOOD_PASSWORD, extra: Record<string, unknown> = {}) =>
    meadow.gql('mutation($input: SignUpInput!) { signUp(input: $input) { token } }', { input: { handle, password, ...extra } });

  it.each([
    ['admin', /reserved/],
    ['ADMIN', /reserved/],
    ['.well-known', /"\."/],
    ['well-known', /"-"/],
    ['graphql', /reserved/],
    ['healthz', /reserved/],
    ['null', /reserved/],
    ['аlice', /U\+0430.*look-alike/], // Cyrillic а
    ['alicе', /U\+0435/], // Cyrillic е at the end
    ['bοb_x', /U\+03BF.*look-alike/], // Greek omicron
    ['ａｌｉｃｅ', /U\+FF41.*look-alike/], // full-width
    ['al\u200bice', /invisible or control character \(U\+200B\)/],
    ['ali\u0000ce', /U\+0000/],
    ['ali\u202ece', /U\+202E/],
    ['ab', /3 to 30/],
    ['a'.repeat(31), /3 to 30/],
    ['小红', /"小"/],
    ['has space', /" "/],
  ])('refuses the handle %j and stores nothing', async (handle, message) => {
    const before = await count();
    const res = await trySignUp(handle);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.message).toMatch(message);
    expect(await count()).toBe(before);
  });

  it('refuses a duplicate handle (in any case) with CONFLICT and keeps the first account', async () => {
    const first = await signUp(meadow, 'taken_name', { displayName: 'First' });
    const res = await trySignUp('Taken_Name', 'Another-Good-Pass-1', { displayName: 'Second' });
    expect(codeOf(res)).toBe('CONFLICT');
    expect(res.errors![0]!.message).toMatch(/taken_name.*already taken/);
    const kept = await meadow.gql('{ account(handle: "taken_name") { id displayName } }');
    expect(kept.data.account).toEqual({ id: first.account.id, displayName: 'First' });
    // Sign-in still works with the first password only.
    expect(codeOf(await meadow.gql('mutation { signIn(input: { handle: "taken_name", password: "Another-Good-Pass-1" }) { token } }'))).toBe('UNAUTHENTICATED');
  });

  it('refuses a duplicate e-mail with CONFLICT', async () => {
    await signUp(meadow, 'mail_one', { email: 'same@example.com' });
    const res = await trySignUp('mail_two', GOOD_PASSWORD, { email: 'SAME@example.com' });
    expect(codeOf(res)).toBe('CONFLICT');
    expect(res.errors![0]!.message).toMatch(/e-mail/);
  });

  it('answers two sign-ups racing for one handle with one account and one CONFLICT', async () => {
    const results = await Promise.all([trySignUp('racer_one'), trySignUp('racer_one'), trySignUp('RACER_ONE')]);
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => codeOf(r) === 'CONFLICT')).toHaveLength(2);
  });

  it.each([
    ['short1!', /too short/],
    ['abcdefghijklmno', /one kind of character/],
    ['12345678901234', /one kind of character/],
    ['aaaaaaaaaaaaaaa1', /repeats/],
    ['Password123', /most common/],
    ['qwerty12345', /most common/],
    ['Weak_pw_handle-9', /contains your handle/],
  ])('refuses the weak password %j and says why', async (password, message) => {
    const before = await count();
    const res = await trySignUp('weak_pw_handle', password);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.message).toMatch(message);
    expect(await count()).toBe(before);
  });

  it('updates a profile with clean values and refuses bad ones without changing it', async () => {
    const { token } = await signUp(meadow, 'profile_pat');
    const ok = await meadow.gql(
      `mutation { updateProfile(input: { displayName: "  帕特  Pat ", bio: "喜欢露营\\nLoves camping\\u0007", locale: "en", links: [{ label: "Blog", url: "https://pat.example/blog" }, { url: "http://x.example" }] }) { displayName bio locale links { label url } } }`,
      {}, { token },
    );
    expect(ok.errors).toBeUndefined();
    expect(ok.data.updateProfile).toEqual({
      displayName: '帕特 Pat',
      bio: '喜欢露营\nLoves camping',
      locale: 'en',
      links: [{ label: 'Blog', url: 'https://pat.example/blog' }, { label: 'x.example', url: 'http://x.example/' }],
    });
    const bad: [string, RegExp][] = [
      ['{ displayName: "   " }', /empty/],
      [`{ displayName: "${'名'.repeat(51)}" }`, /51 characters.*50/],
      ['{ displayName: "Pat\\u200b" }', /invisible or control character/],
      [`{ bio: "${'x'.repeat(501)}" }`, /501 characters.*500/],
      ['{ links: [{ url: "javascript:alert(1)" }] }', /http:\/\/ or https:\/\//],
      ['{ links: [{ url: "ftp://x.example" }] }', /http:\/\/ or https:\/\//],
      [`{ links: [${Array.from({ length: 6 }, (_, i) => `{ url: "https://e${i}.example" }`).join(',')}] }`, /At most 5 links/],
      ['{ locale: "fr" }', /zh-CN, en/],
    ];
    for (const [input, message] of bad) {
      const res = await meadow.gql(`mutation { updateProfile(input: ${input}) { displayName } }`, {}, { token });
      expect(codeOf(res), input).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.message, input).toMatch(message);
    }
    const after = await meadow.gql('{ me { displayName bio locale links { url } } }', {}, { token });
    expect(after.data.me).toEqual({ displayName: '帕特 Pat', bio: '喜欢露营\nLoves camping', locale: 'en', links: [{ url: 'https://pat.example/blog' }, { url: 'http://x.example/' }] });
  });

  it('lets only admins set roles', async () => {
    const person = await signUp(meadow, 'plain_person');
    const target = await signUp(meadow, 'future_brand');
    const denied = await meadow.gql('mutation($id: ID!) { setRole(accountId: $id, role: brand) { role } }', { id: target.account.id }, { token: person.token });
    expect(codeOf(denied)).toBe('FORBIDDEN');
    expect(codeOf(await meadow.gql('mutation($id: ID!) { setRole(accountId: $id, role: admin) { role } }', { id: person.account.id }, { token: person.token }))).toBe('FORBIDDEN');
    expect(codeOf(await meadow.gql('mutation($id: ID!) { setRole(accountId: $id, role: brand) { role } }', { id: target.account.id }))).toBe('UNAUTHENTICATED');

    const { createAdminAccount } = await import('../../core/accounts/admin.ts');
    const admin = await createAdminAccount(meadow.kernel, { handle: 'site_admin', password: 'Admin-Secret-2025', email: 'admin@example.com' });
    expect(admin.role).toBe('admin');
    await expect(createAdminAccount(meadow.kernel, { handle: 'root', password: 'Admin-Secret-2025' })).rejects.toThrow(/reserved/);
    const adminToken = (await meadow.gql('mutation { signIn(input: { handle: "site_admin", password: "Admin-Secret-2025" }) { token } }')).data.signIn.token;
    const set = await meadow.gql('mutation($id: ID!) { setRole(accountId: $id, role: brand) { handle role } }', { id: target.account.id }, { token: adminToken });
    expect(set.data.setRole).toEqual({ handle: 'future_brand', role: 'brand' });
    const adminId = Buffer.from(`Account:${admin.id}`).toString('base64url');
    const lastAdmin = await meadow.gql('mutation($id: ID!) { setRole(accountId: $id, role: person) { role } }', { id: adminId }, { token: adminToken });
    expect(codeOf(lastAdmin)).toBe('BAD_USER_INPUT');
    expect(lastAdmin.errors![0]!.message).toMatch(/only admin/);
    // The new role applies to the next request of that account.
    expect((await meadow.gql('{ me { role } }', {}, { token: target.token })).data.me.role).toBe('brand');
    // Admins see e-mail addresses; others see null.
    expect((await meadow.gql('{ account(handle: "site_admin") { email } }', {}, { token: person.token })).data.account.email).toBeNull();
    expect((await meadow.gql('{ account(handle: "site_admin") { email } }', {}, { token: adminToken })).data.account.email).toBe('admin@example.com');
  });

  it('finds accounts by handle and through node(id:)', async () => {
    const { account } = await signUp(meadow, 'node_nina', { displayName: 'Nina 妮娜' });
    const byNode = await meadow.gql('query($id: ID!) { node(id: $id) { id ... on Account { handle displayName } } }', { id: account.id });
    expect(byNode.data.node).toEqual({ id: account.id, handle: 'node_nina', displayName: 'Nina 妮娜' });
    expect((await meadow.gql('{ account(handle: "@Node_Nina") { handle } }')).data.account.handle).toBe('node_nina');
    expect((await meadow.gql('{ account(handle: "no_such_one") { handle } }')).data.account).toBeNull();
    expect((await meadow.gql('{ account(handle: "\' or 1=1 --") { handle } }')).data.account).toBeNull();
  });
});
