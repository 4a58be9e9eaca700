// LIMIT_REACH across plugins: a limited note leaves topics and search for
// people who do not follow its author; followers and the author still find it.

import { afterAll, describe, expect, it } from 'vitest';
// Tests may boot the real topics and search plugins; plugin code may not import them.
// eslint-disable-next-line meadow/plugin-boundaries
import searchPlugin from '../../search/index.ts';
// eslint-disable-next-line meadow/plugin-boundaries
import topicsPlugin from '../../topics/index.ts';
import { expectOk, startTrust, type Person } from './helpers.ts';

describe('limited reach in topics and search', async () => {
  const t = await startTrust(undefined, [topicsPlugin, searchPlugin]);
  afterAll(() => t.close());
  const mei = await t.person('mod_mei', 'moderator');
  const author = await t.person('author');
  const follower = await t.person('follower');
  const stranger = await t.person('stranger');
  expectOk(await follower.gql(`mutation($id: ID!) { follow(accountId: $id) { id } }`, { id: author.gid }));
  const note = await t.post(author, '露营装备清单 #camping gear checklist');
  await t.settle();

  const inTopic = async (who: Person) =>
    expectOk(await who.gql(`{ topic(name: "camping") { notes(first: 20) { edges { node { id } } } } }`)).topic.notes.edges.map((e: any) => e.node.id);
  const inSearch = async (who: Person) =>
    expectOk(await who.gql(`{ search(query: "camping checklist") { notes { edges { node { id } } } } }`)).search.notes.edges.map((e: any) => e.node.id);

  it('before: everyone finds it; after LIMIT_REACH: only the author and followers', async () => {
    expect(await inTopic(stranger)).toContain(note);
    expect(await inSearch(stranger)).toContain(note);
    expectOk(await mei.gql(`mutation($id: ID!) { moderateContent(targetId: $id, action: LIMIT_REACH, reason: "Engagement bait") { id } }`, { id: note }));
    await t.settle();
    expect(await inTopic(stranger)).not.toContain(note);
    expect(await inSearch(stranger)).not.toContain(note);
    expect(await inTopic(follower)).toContain(note);
    expect(await inSearch(follower)).toContain(note);
    expect(await inSearch(author)).toContain(note);
  });
});
