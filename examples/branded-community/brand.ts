// Brands a running instance: signs in as an admin and sets the name, colours,
// locale and rules through GraphQL — no code change, no restart.
//
//   cd examples/branded-community
//   node ../../bin/meadow.js migrate
//   MEADOW_ADMIN_PASSWORD='a long admin passphrase' node ../../bin/meadow.js admin create --handle glow_admin
//   node ../../bin/meadow.js start &
//   ADMIN_PASSWORD='a long admin passphrase' node brand.ts
//
// It prints each step, and the instance as clients now see it.

const url = process.env.MEADOW_URL ?? 'http://127.0.0.1:3100';
const handle = process.env.ADMIN_HANDLE ?? 'glow_admin';
const password = process.env.ADMIN_PASSWORD;
if (!password) {
  console.error('Set ADMIN_PASSWORD to the admin password (see the comment at the top of this file).');
  process.exit(1);
}

async function gql(query: string, variables: Record<string, unknown> = {}, token?: string) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data;
}

const signIn = await gql('mutation($i: SignInInput!) { signIn(input: $i) { token } }', { i: { handle, password } });
console.log(`signed in as @${handle}`);
const branded = await gql(
  `mutation($b: BrandingInput!) { updateBranding(input: $b) { name description colors { primary accent background } defaultLocale rules } }`,
  {
    b: {
      name: 'Glow 光彩社区',
      description: 'Real skincare routines from real people — 真实的护肤分享',
      colors: { primary: '#c2185b', accent: '#4a148c', background: '#fffafc' },
      defaultLocale: 'zh-CN',
      rules: ['Label every sponsored note / 合作笔记请标注', 'Be kind / 友善交流', 'No fake reviews / 拒绝虚假种草'],
      contactEmail: 'community@glow.example',
    },
  },
  signIn.signIn.token,
);
console.log('branding now:', JSON.stringify(branded.updateBranding, null, 2));
