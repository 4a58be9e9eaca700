// New-account limits: in their first hours, people may post only so many
// notes and comments per hour (RATE_LIMITED past it, nothing stored); edits,
// older accounts and staff are not limited.

import { afterAll, describe, expect, it } from 'vitest';
import { AccountsServiceRef } from '../../../core/index.ts';
import { expectCode, expectOk, localIdOf, startTrust } from './helpers.ts';

describe('new-account limits', async () => {
  const t = await startTrust();
  afterAll(() => t.close());
  await t.meadow.kernel.state.updateSettings('trust', { newAccountHours: 24, newAccountNotesPerHour: 2, newAccountCommentsPerHour: 2 });
  const fresh = await t.person('fresh');
  const veteran = await t.person('veteran');
  const mod = await t.person('mod_mo', 'moderator');
  const accounts = t.meadow.kernel.contextOf('accounts').services.get(AccountsServiceRef) as unknown as { backdate(id: number, at: Date): Promise<void> };
  await accounts.backdate(veteran.id, new Date(Date.now() - 3 * 86_400_000));
  const CREATE = `mutation($input: NoteInput!) { createNote(input: $input) { id } }`;
  const note = (who: typeof fresh, title: string) => who.gql(CREATE, { input: { title, images: [{ mediaId: who.imageId }] } });

  it('a new account posts two notes an hour, then RATE_LIMITED; edits do not count', async () => {
    const first = expectOk(await note(fresh, 'one')).createNote.id;
    expectOk(await note(fresh, 'two'));
    expectOk(await fresh.gql(`mutation($id: ID!) { updateNote(id: $id, input: { title: "one, edited" }) { id } }`, { id: first }));
    const third = await note(fresh, 'three');
    expectCode(third, 'RATE_LIMITED');
    const mine = expectOk(await fresh.gql(`{ me { notes(first: 10) { edges { node { title } } } } }`)).me.notes.edges;
    expect(mine.map((e: any) => e.node.title).sort()).toEqual(['one, edited', 'two']);
    expect(localIdOf(first)).toBeGreaterThan(0);
  });

  it('comments are limited the same way; older accounts and staff are not limited', async () => {
    const target = expectOk(await note(veteran, 'a note to comment on')).createNote.id;
    const add = (who: typeof fresh) => who.gql(`mutation($n: ID!) { addComment(noteId: $n, body: "hi") { id } }`, { n: target });
    expectOk(await add(fresh));
    expectOk(await add(fresh));
    expectCode(await add(fresh), 'RATE_LIMITED');
    for (let i = 0; i < 4; i++) expectOk(await note(veteran, `veteran ${i}`));
    for (let i = 0; i < 4; i++) expectOk(await note(mod, `moderator ${i}`));
  });
});
