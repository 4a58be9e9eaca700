// Topic pages: newest and hottest orders with signed cursors, notes resolved
// through the notes service, and a statement count that proves no N+1.

import { describe, it, expect, afterAll } from 'vitest';
import { expectCode, expectOk, startTopics } from './helpers.ts';

const PAGE = `query($name: String!, $first: Int, $after: String, $order: TopicNoteOrder) {
  topic(name: $name) { notes(first: $first, after: $after, order: $order) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }
}`;

describe('topic pages', async () => {
  const t = await startTopics();
  afterAll(() => t.close());
  const alice = await t.person('alice');
  const fans = [await t.person('fan_one'), await t.person('fan_two'), await t.person('fan_three')];

  const oldest = await t.post(alice, '第一篇 #城市漫步');
  const middle = await t.post(alice, '第二篇 #城市漫步');
  const newest = await t.post(alice, '第三篇 #城市漫步');

  const ids = async (order: string, first = 10, after?: string) => {
    const data = expectOk(await t.gql(PAGE, { name: '城市漫步', order, first, after }));
    return data.topic.notes;
  };

  it('lists newest first and pages with cursors', async () => {
    const page1 = await ids('NEWEST', 2);
    expect(page1.edges.map((e: any) => e.node.id)).toEqual([newest.gid, middle.gid]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = await ids('NEWEST', 2, page1.pageInfo.endCursor);
    expect(page2.edges.map((e: any) => e.node.id)).toEqual([oldest.gid]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
  });

  it('ranks by engagement with time decay for HOTTEST', async () => {
    for (const fan of fans) expectOk(await fan.gql(`mutation($id: ID!) { likeNote(id: $id) { id } }`, { id: oldest.gid }));
    const board = expectOk(await fans[0]!.gql(`mutation { createBoard(input: { name: "想去" }) { id } }`)).createBoard.id;
    expectOk(await fans[0]!.gql(`mutation($n: ID!, $b: ID!) { collectNote(noteId: $n, boardId: $b) { id } }`, { n: oldest.gid, b: board }));
    expectOk(await fans[1]!.gql(`mutation($id: ID!) { addComment(noteId: $id, body: "收藏了") { id } }`, { id: oldest.gid }));
    await t.settle();
    const hot = await ids('HOTTEST');
    expect(hot.edges.map((e: any) => e.node.id)).toEqual([oldest.gid, newest.gid, middle.gid]);
    // Paging the hot order goes on after the cursor.
    const first = await ids('HOTTEST', 1);
    const rest = await ids('HOTTEST', 5, first.pageInfo.endCursor);
    expect(rest.edges.map((e: any) => e.node.id)).toEqual([newest.gid, middle.gid]);
  });

  it('refuses tampered cursors and cursors of another list', async () => {
    const page = await ids('NEWEST', 1);
    const cursor: string = page.pageInfo.endCursor;
    const [body, mac] = cursor.split('.');
    const forged = Buffer.from(JSON.stringify(['topic:1:NEWEST', 9e15, 1])).toString('base64url');
    expectCode(await t.gql(PAGE, { name: '城市漫步', first: 1, after: `${forged}.${mac}` }), 'BAD_USER_INPUT');
    expectCode(await t.gql(PAGE, { name: '城市漫步', first: 1, after: `${body}x.${mac}` }), 'BAD_USER_INPUT');
    expectCode(await t.gql(PAGE, { name: '城市漫步', first: 1, after: cursor, order: 'HOTTEST' }), 'BAD_USER_INPUT');
    expectCode(await t.gql(PAGE, { name: '城市漫步', first: 101 }), 'BAD_USER_INPUT');
  });

  it('reads a 20-note topic page with a constant number of statements (no N+1)', async () => {
    const bob = await t.person('bob');
    for (let i = 0; i < 22; i++) await t.post(i % 2 ? alice : bob, `第 ${i} 天 #每日一拍 #Plog`);
    const query = `query($first: Int) { topic(name: "每日一拍") { name noteCount notes(first: $first) { edges { node { id title topics { name key } } } } related { name } } }`;
    const count = async (first: number) => {
      const before = t.meadow.kernel.db.queryCount;
      const data = expectOk(await bob.gql(query, { first }));
      expect(data.topic.notes.edges).toHaveLength(first);
      return t.meadow.kernel.db.queryCount - before;
    };
    const five = await count(5);
    const twenty = await count(20);
    expect(twenty).toBe(five);
    expect(twenty).toBeLessThanOrEqual(12);
  });
});
