// Location and time context: a shared location (nearest known city) or the
// home city a person set lifts places there for "near me" and place queries;
// local season and evening lift seasonal ideas; every effect is explained in
// the answer's context lines and the notes' reasons; bad values are refused.

import { describe, it, expect, afterAll } from 'vitest';
import { engineOf } from '../engine.ts';
import { localTime, nearestCity } from '../query/context.ts';
import { expectCode, expectOk, startSearch } from './helpers.ts';

const SEARCH = `query($q: String!, $c: SearchContextInput) { search(query: $q, context: $c) { context notes { edges { reasons node { id title } } } } }`;
const SHANGHAI = { latitude: 31.2, longitude: 121.5 };

describe('context: places and seasons', () => {
  it('finds the nearest known city and the local season', () => {
    expect(nearestCity(31.2, 121.5)).toBe('shanghai');
    expect(nearestCity(30.3, 120.2)).toBe('hangzhou');
    expect(nearestCity(48.85, 2.35)).toBeNull();
    expect(localTime(Date.UTC(2026, 9, 15, 12), 'Asia/Shanghai')).toEqual({ hour: 20, month: 10, season: 'autumn' });
    expect(localTime(Date.UTC(2026, 9, 15, 12), 'Australia/Sydney', true)).toEqual({ hour: 23, month: 10, season: 'spring' });
    expect(localTime(Date.UTC(2026, 0, 1, 2), 'America/New_York')).toEqual({ hour: 21, month: 12, season: 'winter' });
  });
});

describe('search with location and time context', async () => {
  const t = await startSearch();
  afterAll(() => t.close());
  const author = await t.person('author');
  const viewer = await t.person('viewer');
  const sh = await t.post(author, { title: '上海咖啡馆探店', body: '安静的咖啡馆 #咖啡' });
  const bj = await t.post(author, { title: '北京咖啡馆探店', body: '安静的咖啡馆 #咖啡' });
  const autumn = await t.post(author, { title: '徒步路线：看红叶', body: '秋天的山里 银杏和红叶' });
  const summer = await t.post(author, { title: '徒步路线：避暑', body: '夏天去山里玩水' });
  const engine = engineOf(t.ctx);
  engine.clock = () => Date.UTC(2026, 9, 15, 12); // 20:00 in Shanghai, October
  afterAll(() => void (engine.clock = () => Date.now()));
  const ids = (data: any) => data.notes.edges.map((e: any) => e.node.id);

  it('lifts places near a shared location, and says why', async () => {
    const data = expectOk(await viewer.gql(SEARCH, { q: '附近的咖啡馆', c: SHANGHAI })).search;
    expect(ids(data)).toEqual([sh.gid, bj.gid]);
    expect(data.notes.edges[0].reasons).toContain('near you: 上海 / Shanghai');
    expect(data.context).toContain('Places near 上海 / Shanghai, from your shared location');
    // Without a location the two are equal; the newer note wins.
    expect(ids(expectOk(await viewer.gql(SEARCH, { q: '附近的咖啡馆' })).search)).toEqual([bj.gid, sh.gid]);
  });

  it('uses the home city a person set when no location is shared', async () => {
    const profile = expectOk(await viewer.gql(`mutation { setSearchHomeCity(city: "Shanghai") { homeCity } }`)).setSearchHomeCity;
    expect(profile.homeCity).toBe('上海 / Shanghai');
    const data = expectOk(await viewer.gql(SEARCH, { q: '附近的咖啡馆' })).search;
    expect(ids(data)).toEqual([sh.gid, bj.gid]);
    expect(data.context).toContain('Places near 上海 / Shanghai, from the home city you set');
    // A location far from every known city names none, and the home city is not "near you" then.
    expect(expectOk(await viewer.gql(SEARCH, { q: '附近的咖啡馆', c: { latitude: 48.85, longitude: 2.35 } })).search.context.join()).not.toContain('上海');
    expect(expectOk(await viewer.gql(`mutation { setSearchHomeCity(city: null) { homeCity } }`)).setSearchHomeCity.homeCity).toBeNull();
    expect(expectOk(await viewer.gql(SEARCH, { q: '附近的咖啡馆' })).search.context.join()).not.toContain('上海');
  });

  it('lifts ideas in season and for the evening where the person is', async () => {
    const october = expectOk(await t.gql(SEARCH, { q: '徒步推荐' })).search;
    expect(ids(october)).toEqual([autumn.gid, summer.gid]);
    expect(october.notes.edges[0].reasons).toContain('in season: 秋天 / autumn');
    expect(october.context).toEqual(expect.arrayContaining([
      'It is autumn where you are (20:00 Asia/Shanghai): seasonal ideas rank a little higher',
      'It is evening where you are (20:00 Asia/Shanghai): ideas for tonight rank a little higher',
    ]));
    engine.clock = () => Date.UTC(2026, 6, 15, 2); // 10:00 in Shanghai, July
    const july = expectOk(await t.gql(SEARCH, { q: '徒步推荐' })).search;
    expect(ids(july)).toEqual([summer.gid, autumn.gid]);
    expect(july.context).toEqual(['It is summer where you are (10:00 Asia/Shanghai): seasonal ideas rank a little higher']);
    // Southern hemisphere, by the shared location: July is winter, nothing seasonal to lift here.
    expect(expectOk(await t.gql(SEARCH, { q: '徒步推荐', c: { latitude: -33.9, longitude: 151.2, timeZone: 'Australia/Sydney' } })).search.context[0]).toMatch(/^It is winter where you are/);
    // A query that names its time keeps it.
    expect(expectOk(await t.gql(SEARCH, { q: '秋天徒步推荐' })).search.context).toEqual([]);
  });

  it('refuses bad context values clearly', async () => {
    expectCode(await t.gql(SEARCH, { q: '咖啡', c: { latitude: 31.2 } }), 'BAD_USER_INPUT');
    expectCode(await t.gql(SEARCH, { q: '咖啡', c: { latitude: 100, longitude: 0 } }), 'BAD_USER_INPUT');
    expectCode(await t.gql(SEARCH, { q: '咖啡', c: { timeZone: 'Mars/Olympus' } }), 'BAD_USER_INPUT');
    expectCode(await t.gql(SEARCH, { q: '咖啡', c: { timeZone: 'x'.repeat(61) } }), 'BAD_USER_INPUT');
    const unknown = await viewer.gql(`mutation { setSearchHomeCity(city: "Atlantis") { homeCity } }`);
    expectCode(unknown, 'BAD_USER_INPUT');
    expect(unknown.errors![0]!.message).toContain('上海 / Shanghai');
    expectCode(await t.gql(`mutation { setSearchHomeCity(city: "Shanghai") { homeCity } }`), 'UNAUTHENTICATED');
  });
});
