// Shared steps for the accounts suites.

import type { TestInstance } from '../helpers/instance.ts';

export const GOOD_PASSWORD = 'Correct-Horse-42';

export const ACCOUNT_FIELDS = 'id handle displayName bio role locale followersCount followingCount createdAt links { label url }';

export async function signUp(meadow: TestInstance, handle: string, extra: Record<string, unknown> = {}) {
  const res = await meadow.gql(
    `mutation($input: SignUpInput!) { signUp(input: $input) { token expiresAt account { ${ACCOUNT_FIELDS} } } }`,
    { input: { handle, password: GOOD_PASSWORD, ...extra } },
  );
  if (res.errors) throw new Error(`signUp ${handle}: ${JSON.stringify(res.errors)}`);
  return res.data.signUp as { token: string; expiresAt: string; account: { id: string; handle: string; role: string } & Record<string, any> };
}

export const codeOf = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;
