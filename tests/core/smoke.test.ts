import { describe, it, expect, afterAll } from 'vitest';
import { startTestInstance } from '../helpers/instance.ts';

describe('a fresh instance', async () => {
  const meadow = await startTestInstance();
  afterAll(() => meadow.close());

  it('answers the instance query with default branding', async () => {
    const res = await meadow.gql('{ instance { name colors { primary } defaultLocale locales } }');
    expect(res.errors).toBeUndefined();
    expect(res.data.instance).toEqual({ name: 'Meadow', colors: { primary: '#ff2442' }, defaultLocale: 'zh-CN', locales: ['zh-CN', 'en'] });
  });

  it('answers malformed JSON with 400 and a JSON error body', async () => {
    const res = await meadow.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: '{"query": ' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('BAD_USER_INPUT');
  });
});
