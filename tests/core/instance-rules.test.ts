// The instance's rules: admins add, reword, remove and move single rules
// (named by their text); everyone reads them on `instance { rules }`; bad
// input is refused with the stored list left as it was; and signUp needs
// acceptRules: true while there are rules.

import { afterAll, describe, expect, it } from 'vitest';
import { startTestInstance } from '../helpers/instance.ts';
import { codeOf, signUp } from './accounts-helpers.ts';
import { errorOf, makeAdmin, trySignUp } from './registrations-helpers.ts';

const ADD = `mutation($t: String!, $p: Int) { addInstanceRule(text: $t, position: $p) }`;
const EDIT = `mutation($r: String!, $t: String!) { editInstanceRule(rule: $r, text: $t) }`;
const REMOVE = `mutation($r: String!) { removeInstanceRule(rule: $r) }`;
const MOVE = `mutation($r: String!, $p: Int!) { moveInstanceRule(rule: $r, position: $p) }`;

describe('instance rules', async () => {
  const meadow = await startTestInstance({ config: { rateLimits: { authMax: 1000, authWindowMs: 60_000 } } });
  afterAll(() => meadow.close());
  const admin = await makeAdmin(meadow, 'rules_admin');
  const person = await signUp(meadow, 'rules_person');
  const rules = async () => (await meadow.gql('{ instance { rules } }')).data.instance.rules as string[];
  const asAdmin = (query: string, variables: Record<string, unknown>) => meadow.gql(query, variables, { token: admin.token });

  it('adds, rewords, moves and removes rules, publicly readable in order', async () => {
    expect(await rules()).toEqual([]);
    expect((await asAdmin(ADD, { t: '  Be kind  ' })).data.addInstanceRule).toEqual(['Be kind']);
    expect((await asAdmin(ADD, { t: 'No ads' })).data.addInstanceRule).toEqual(['Be kind', 'No ads']);
    expect((await asAdmin(ADD, { t: '友善交流', p: 1 })).data.addInstanceRule).toEqual(['友善交流', 'Be kind', 'No ads']);
    expect((await asAdmin(EDIT, { r: 'No ads', t: 'No undisclosed ads' })).data.editInstanceRule).toEqual(['友善交流', 'Be kind', 'No undisclosed ads']);
    expect((await asAdmin(MOVE, { r: '友善交流', p: 3 })).data.moveInstanceRule).toEqual(['Be kind', 'No undisclosed ads', '友善交流']);
    expect((await asAdmin(MOVE, { r: 'No undisclosed ads', p: 1 })).data.moveInstanceRule).toEqual(['No undisclosed ads', 'Be kind', '友善交流']);
    expect((await asAdmin(REMOVE, { r: 'Be kind' })).data.removeInstanceRule).toEqual(['No undisclosed ads', '友善交流']);
    expect(await rules()).toEqual(['No undisclosed ads', '友善交流']);
  });

  it('refuses people who are not admins and bad input, leaving the rules as they were', async () => {
    const before = await rules();
    expect(codeOf(await meadow.gql(ADD, { t: 'Mine' }, { token: person.token }))).toBe('FORBIDDEN');
    expect(codeOf(await meadow.gql(REMOVE, { r: before[0] }))).toBe('UNAUTHENTICATED');
    const cases: [string, Record<string, unknown>, string, string][] = [
      [ADD, { t: '   ' }, 'BAD_USER_INPUT', 'text'],
      [ADD, { t: 'Two\nlines' }, 'BAD_USER_INPUT', 'text'],
      [ADD, { t: 'x'.repeat(501) }, 'BAD_USER_INPUT', 'text'],
      [ADD, { t: 'No undisclosed ads' }, 'CONFLICT', 'text'],
      [ADD, { t: 'Fine', p: 0 }, 'BAD_USER_INPUT', 'position'],
      [ADD, { t: 'Fine', p: 4 }, 'BAD_USER_INPUT', 'position'],
      [EDIT, { r: 'No undisclosed ads', t: '友善交流' }, 'CONFLICT', 'text'],
      [MOVE, { r: '友善交流', p: 3 }, 'BAD_USER_INPUT', 'position'],
    ];
    for (const [query, variables, code, field] of cases) {
      const res = await asAdmin(query, variables);
      expect(errorOf(res)?.extensions, JSON.stringify(variables)).toMatchObject({ code, field });
    }
    // A rule reworded or removed meanwhile by someone else is not found, not a change to another rule.
    for (const [query, variables] of [[EDIT, { r: 'Gone', t: 'New' }], [REMOVE, { r: 'Gone' }], [MOVE, { r: 'Gone', p: 1 }]] as const) {
      expect(codeOf(await asAdmin(query, variables))).toBe('NOT_FOUND');
    }
    expect(await rules()).toEqual(before);
  });

  it('keeps at most 50 rules', async () => {
    const res = await meadow.gql(`mutation($r: [String!]) { updateBranding(input: { rules: $r }) { rules } }`, { r: Array.from({ length: 50 }, (_, i) => `Rule ${i + 1}`) }, { token: admin.token });
    expect(res.data.updateBranding.rules).toHaveLength(50);
    expect(errorOf(await asAdmin(ADD, { t: 'One more' }))!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    expect(await rules()).toHaveLength(50);
    await meadow.gql(`mutation { updateBranding(input: { rules: ["Be kind"] }) { rules } }`, {}, { token: admin.token });
  });

  it('needs acceptRules: true at sign-up while there are rules, and not without', async () => {
    for (const acceptRules of [undefined, false]) {
      const refused = await trySignUp(meadow, 'rules_new', { acceptRules });
      expect(errorOf(refused)!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'acceptRules' });
      expect(errorOf(refused)!.message).toContain('accept them');
    }
    expect((await trySignUp(meadow, 'rules_new', { acceptRules: true })).errors).toBeUndefined();
    await asAdmin(REMOVE, { r: 'Be kind' });
    expect(await rules()).toEqual([]);
    expect((await trySignUp(meadow, 'rules_none')).errors).toBeUndefined();
  });
});
