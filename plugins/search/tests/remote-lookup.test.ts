// Typing @user@host or a note's URL into search finds it on the other
// instance through federation (two real instances over HTTPS).
import { afterAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { MediaServiceRef, fromGlobalId, toGlobalId } from '../../../core/index.ts';
import { signUp } from '../../../tests/core/accounts-helpers.ts';
import { startTlsInstance } from '../../../tests/federation/tls.ts';

const SEARCH = 'query($q: String!) { search(query: $q) { remote { account { handle domain } objectId objectType } } }';

describe('search: remote lookup', async () => {
  const a = await startTlsInstance({ discover: true });
  const b = await startTlsInstance({ discover: true });
  afterAll(async () => {
    await a.close();
    await b.close();
  });
  const alice = await signUp(a, 'alice');
  const bob = await signUp(b, 'bob');
  const bobId = Number((await b.kernel.db.kysely().selectFrom('core_accounts').select('id').where('handle', '=', 'bob').executeTakeFirstOrThrow()).id);
  const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 10, g: 200, b: 90 } } }).png().toBuffer();
  const media = await b.kernel.contextOf('media').services.get(MediaServiceRef).upload(bobId, png, { alt: 'green' });
  const created = await b.gql('mutation($i: NoteInput!) { createNote(input: $i) { id } }', {
    i: { title: '山里的清晨 Morning in the hills', body: 'Fog over the ridge', images: [{ mediaId: toGlobalId('Media', media.id) }] },
  }, { token: bob.token });
  const noteId = fromGlobalId(created.data.createNote.id, 'Note').id;

  it('finds a remote account typed as @user@host', async () => {
    const res = await a.gql(SEARCH, { q: `@bob@${b.host}` }, { token: alice.token });
    expect(res.errors).toBeUndefined();
    expect(res.data.search.remote).toEqual({ account: { handle: `bob@${b.host}`, domain: b.host }, objectId: null, objectType: null });
  });

  it('brings in a note typed as its URL, readable here', async () => {
    const res = await a.gql(SEARCH, { q: `${b.url}/notes/${noteId}` }, { token: alice.token });
    expect(res.data.search.remote.objectType).toBe('Note');
    const note = await a.gql('query($id: ID!) { node(id: $id) { ... on Note { title author { handle } } } }', { id: res.data.search.remote.objectId }, { token: alice.token });
    expect(note.data.node).toEqual({ title: '山里的清晨 Morning in the hills', author: { handle: `bob@${b.host}` } });
  });

  it('does not reach out for signed-out people or ordinary words', async () => {
    expect((await a.gql(SEARCH, { q: `@bob@${b.host}` })).data.search.remote).toBeNull();
    expect((await a.gql(SEARCH, { q: '露营 camping' }, { token: alice.token })).data.search.remote).toBeNull();
  });
});
