import { describe, it, expect, afterAll } from 'vitest';
import { startTestInstance } from '../helpers/instance.ts';
import { timestampValue } from '../../core/index.ts';
import { GOOD_PASSWORD, signUp, codeOf } from './accounts-helpers.ts';

describe('accounts: sign-up, sign-in, sessions and tokens', async () => {
  const meadow = await startTestInstance({ config: { rateLimits: { authMax: 1000, authWindowMs: 60_000 } } });
  afterAll(() => meadow.close());
  const db = () => meadow.kernel.db.kysely();

  it('signs up, sets an HTTP-only session cookie and answers me with the token', async () => {
    const res = await meadow.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: { query: 'mutation { signUp(input: { handle: "Alice_01", password: "Correct-Horse-42", displayName: "  爱丽丝  " }) { token account { handle displayName role } } }' },
    });
    const body = res.json();
    expect(body.errors).toBeUndefined();
    expect(body.data.signUp.account).toEqual({ handle: 'alice_01', displayName: '爱丽丝', role: 'person' });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^meadow_session=mdw_s_/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // the test instance is served over http
    const token = body.data.signUp.token;
    const viaCookie = await meadow.gql('{ me { handle email } }', {}, { cookie: cookie.split(';')[0] });
    expect(viaCookie.data.me.handle).toBe('alice_01');
    const viaBearer = await meadow.gql('{ me { handle } }', {}, { token });
    expect(viaBearer.data.me.handle).toBe('alice_01');
    // Only a hash is stored, never the token itself.
    const stored = await db().selectFrom('core_sessions').select('token_hash').execute();
    expect(stored.map((r) => r.token_hash)).not.toContain(token);
  });

  it('signs in by handle (any case) or e-mail and signs out', async () => {
    await signUp(meadow, 'bob_signs', { email: 'Bob@Example.com' });
    const byHandle = await meadow.gql('mutation { signIn(input: { handle: "BOB_SIGNS", password: "Correct-Horse-42" }) { token account { handle } } }');
    expect(byHandle.data.signIn.account.handle).toBe('bob_signs');
    const byEmail = await meadow.gql('mutation { signIn(input: { handle: "bob@example.com", password: "Correct-Horse-42" }) { token } }');
    expect(byEmail.errors).toBeUndefined();
    const token = byHandle.data.signIn.token;
    expect((await meadow.gql('mutation { signOut }', {}, { token })).data.signOut).toBe(true);
    expect((await meadow.gql('{ me { handle } }', {}, { token })).data.me).toBeNull();
    // The other session is still valid.
    expect((await meadow.gql('{ me { handle } }', {}, { token: byEmail.data.signIn.token })).data.me.handle).toBe('bob_signs');
  });

  it('answers a wrong password and an unknown handle the same way, in similar time', async () => {
    await signUp(meadow, 'carol_pw');
    const attempt = async (handle: string) => {
      const started = performance.now();
      const res = await meadow.gql('mutation($h: String!) { signIn(input: { handle: $h, password: "Wrong-Password-9" }) { token } }', { h: handle });
      return { res, ms: performance.now() - started };
    };
    await attempt('nobody_here'); // warm the dummy hash
    const wrongTimes: number[] = [];
    const unknownTimes: number[] = [];
    for (let round = 0; round < 5; round++) {
      const wrong = await attempt('carol_pw');
      const unknown = await attempt('nobody_here');
      expect(codeOf(wrong.res)).toBe('UNAUTHENTICATED');
      expect(codeOf(unknown.res)).toBe('UNAUTHENTICATED');
      expect(unknown.res.errors![0]!.message).toBe(wrong.res.errors![0]!.message);
      wrongTimes.push(wrong.ms);
      unknownTimes.push(unknown.ms);
    }
    // Both pay for one argon2 verification: by the median, neither is several
    // times faster (medians, since other work on the machine adds noise).
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[2]!;
    expect(median(unknownTimes)).toBeGreaterThan(median(wrongTimes) / 3);
    expect(median(wrongTimes)).toBeGreaterThan(median(unknownTimes) / 3);
  });

  it('treats expired sessions and forged or malformed tokens as anonymous', async () => {
    const { token } = await signUp(meadow, 'dave_exp');
    await db().updateTable('core_sessions').set({ expires_at: timestampValue(meadow.kernel.db.dialect, new Date(Date.now() - 1000)) })
      .where('account_id', '=', (await db().selectFrom('core_accounts').select('id').where('handle', '=', 'dave_exp').executeTakeFirstOrThrow()).id)
      .execute();
    const expired = await meadow.gql('{ me { handle } apiTokens { id } }', {}, { token });
    expect(expired.data).toBeNull();
    expect(codeOf(expired)).toBe('UNAUTHENTICATED');
    expect((await meadow.gql('{ me { handle } }', {}, { token })).data.me).toBeNull();
    const forged = 'mdw_s_' + 'A'.repeat(43);
    expect((await meadow.gql('{ me { handle } }', {}, { token: forged })).data.me).toBeNull();
    expect(codeOf(await meadow.gql('{ apiTokens { id } }', {}, { token: forged }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await meadow.gql('{ apiTokens { id } }', {}, { cookie: 'meadow_session=garbage' }))).toBe('UNAUTHENTICATED');
  });

  it('creates, lists and revokes personal API tokens, shown once and stored hashed', async () => {
    const { token: session } = await signUp(meadow, 'erin_tokens');
    const created = await meadow.gql('mutation { createApiToken(label: "CI bot") { token apiToken { id label } } }', {}, { token: session });
    expect(created.errors).toBeUndefined();
    const apiToken = created.data.createApiToken.token as string;
    expect(apiToken).toMatch(/^mdw_t_/);
    const list = await meadow.gql('{ apiTokens { id label createdAt lastUsedAt } }', {}, { token: apiToken });
    expect(list.data.apiTokens).toHaveLength(1);
    expect(list.data.apiTokens[0].label).toBe('CI bot');
    expect(JSON.stringify(list.data)).not.toContain(apiToken);
    const id = list.data.apiTokens[0].id;
    // Someone else cannot revoke it.
    const { token: other } = await signUp(meadow, 'frank_other');
    expect(codeOf(await meadow.gql('mutation($id: ID!) { revokeApiToken(id: $id) }', { id }, { token: other }))).toBe('NOT_FOUND');
    expect((await meadow.gql('{ me { handle } }', {}, { token: apiToken })).data.me.handle).toBe('erin_tokens');
    expect((await meadow.gql('mutation($id: ID!) { revokeApiToken(id: $id) }', { id }, { token: session })).data.revokeApiToken).toBe(true);
    expect((await meadow.gql('{ me { handle } }', {}, { token: apiToken })).data.me).toBeNull();
    expect(codeOf(await meadow.gql('mutation { createApiToken(label: "  ") { token } }', {}, { token: session }))).toBe('BAD_USER_INPUT');
  });

  it('changes the password and signs out every other session', async () => {
    const { token: first } = await signUp(meadow, 'gina_pw');
    const second = (await meadow.gql('mutation { signIn(input: { handle: "gina_pw", password: "Correct-Horse-42" }) { token } }')).data.signIn.token;
    const wrong = await meadow.gql('mutation { changePassword(input: { currentPassword: "nope-nope-nope", newPassword: "Brand-New-Secret-7" }) }', {}, { token: first });
    expect(codeOf(wrong)).toBe('BAD_USER_INPUT');
    const weak = await meadow.gql('mutation { changePassword(input: { currentPassword: "Correct-Horse-42", newPassword: "short" }) }', {}, { token: first });
    expect(codeOf(weak)).toBe('BAD_USER_INPUT');
    const ok = await meadow.gql('mutation { changePassword(input: { currentPassword: "Correct-Horse-42", newPassword: "Brand-New-Secret-7" }) }', {}, { token: first });
    expect(ok.data.changePassword).toBe(true);
    expect((await meadow.gql('{ me { handle } }', {}, { token: first })).data.me.handle).toBe('gina_pw');
    expect((await meadow.gql('{ me { handle } }', {}, { token: second })).data.me).toBeNull();
    expect(codeOf(await meadow.gql('mutation { signIn(input: { handle: "gina_pw", password: "Correct-Horse-42" }) { token } }'))).toBe('UNAUTHENTICATED');
    expect((await meadow.gql('mutation { signIn(input: { handle: "gina_pw", password: "Brand-New-Secret-7" }) { token } }')).errors).toBeUndefined();
  });

  it('is anonymous without credentials: me is null and protected fields say UNAUTHENTICATED', async () => {
    expect((await meadow.gql('{ me { handle } }')).data.me).toBeNull();
    expect(codeOf(await meadow.gql('mutation { updateProfile(input: { bio: "x" }) { handle } }'))).toBe('UNAUTHENTICATED');
    expect(codeOf(await meadow.gql('mutation { createApiToken(label: "x") { token } }'))).toBe('UNAUTHENTICATED');
  });
});

describe('accounts: rate limits', async () => {
  const meadow = await startTestInstance({ config: { rateLimits: { authMax: 3, authWindowMs: 60_000 } } });
  afterAll(() => meadow.close());

  it('limits sign-in attempts per client address with RATE_LIMITED', async () => {
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 5; i++) {
      codes.push(codeOf(await meadow.gql('mutation { signIn(input: { handle: "someone", password: "Wrong-Password-9" }) { token } }')));
    }
    expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'RATE_LIMITED', 'RATE_LIMITED']);
  });

  it('limits sign-ups per client address and stores nothing past the limit', async () => {
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 4; i++) {
      codes.push(codeOf(await meadow.gql(`mutation { signUp(input: { handle: "limited_${i}", password: "${GOOD_PASSWORD}" }) { token } }`)));
    }
    expect(codes).toEqual([undefined, undefined, undefined, 'RATE_LIMITED']);
    const row = await meadow.kernel.db.kysely().selectFrom('core_accounts').select('id').where('handle', '=', 'limited_3').executeTakeFirst();
    expect(row).toBeUndefined();
  });
});

describe('accounts: cookies behind https', async () => {
  const meadow = await startTestInstance({ config: { publicUrl: 'https://meadow.example' } });
  afterAll(() => meadow.close());

  it('marks the session cookie Secure when the public URL is https, and clears it on sign-out', async () => {
    const res = await meadow.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: { query: `mutation { signUp(input: { handle: "secure_sam", password: "${GOOD_PASSWORD}" }) { token } }` },
    });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/HttpOnly/i);
    const out = await meadow.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', cookie: cookie.split(';')[0]! },
      payload: { query: 'mutation { signOut }' },
    });
    expect(String(out.headers['set-cookie'])).toMatch(/meadow_session=;/);
    expect((await meadow.gql('{ me { handle } }', {}, { cookie: cookie.split(';')[0]! })).data!.me).toBeNull();
  });
});
