// Branding's logo URL: it is put in <img src> and <link rel="icon"> on
// every page, so only http(s) URLs and site paths are stored; anything else
// is refused with BAD_USER_INPUT and the stored branding stays as it was.

import { afterAll, describe, expect, it } from 'vitest';
import { startTestInstance } from '../helpers/instance.ts';
import { asRole, testAuthPlugin } from '../helpers/test-auth.ts';

describe('branding: logo URL', async () => {
  const meadow = await startTestInstance({ plugins: [testAuthPlugin] });
  afterAll(() => meadow.close());
  const setLogo = (logoUrl: string | null) =>
    meadow.app
      .inject({ method: 'POST', url: '/graphql', headers: asRole('admin'), payload: { query: 'mutation($l: String) { updateBranding(input: { logoUrl: $l }) { logoUrl } }', variables: { l: logoUrl } } })
      .then((r) => r.json());
  const stored = async () => (await meadow.gql('{ instance { logoUrl } }')).data.instance.logoUrl;

  it('stores https, http and site-relative logos, and clears with null', async () => {
    expect((await setLogo('https://cdn.example/logo.png')).data.updateBranding.logoUrl).toBe('https://cdn.example/logo.png');
    expect((await setLogo('http://intranet.example/l.svg')).data.updateBranding.logoUrl).toBe('http://intranet.example/l.svg');
    expect((await setLogo('/media/logo.png')).data.updateBranding.logoUrl).toBe('/media/logo.png');
    expect((await setLogo(null)).data.updateBranding.logoUrl).toBeNull();
  });

  it.each([
    'javascript:alert(1)',
    ' JavaScript:alert(1)',
    'data:image/svg+xml,<svg onload=alert(1)>',
    'vbscript:msgbox(1)',
    '//evil.example/logo.png',
    '/\\evil.example/logo.png',
    'ftp://files.example/logo.png',
    'logo.png',
    '/a"onerror="alert(1)',
  ])('refuses %j with BAD_USER_INPUT on logoUrl and keeps the old logo', async (bad) => {
    await setLogo('https://cdn.example/kept.png');
    const res = await setLogo(bad);
    expect(res.data).toBeNull();
    expect(res.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'logoUrl' });
    expect(res.errors[0].message).toMatch(/logoUrl.*https:\/\/ or http:\/\/ URL, or a path on this site/);
    expect(await stored()).toBe('https://cdn.example/kept.png');
  });
});
