import { describe, it, expect, afterAll } from 'vitest';
import { startTestInstance } from '../../tests/helpers/instance.ts';
import { testAuthPlugin, asRole } from '../../tests/helpers/test-auth.ts';

describe('examples/plugin-starter, loaded by path from the config', async () => {
  const meadow = await startTestInstance({ plugins: [testAuthPlugin], config: { plugins: { extra: ['./examples/plugin-starter'] } } });
  afterAll(() => meadow.close());

  it('answers its field with the default setting', async () => {
    expect((await meadow.gql('{ quoteOfTheDay }')).data.quoteOfTheDay).toBe('种草，拔草，分享 — plant, act, share.');
  });

  it('takes a new quote from an admin and refuses an empty one', async () => {
    const set = (quote: string) =>
      meadow.app
        .inject({ method: 'POST', url: '/graphql', headers: asRole('admin'), payload: { query: 'mutation($s: JSON!) { updatePluginSettings(plugin: "quote-of-the-day", settings: $s) { settings } }', variables: { s: { quote } } } })
        .then((r) => r.json());
    expect((await set('Less, but better.')).data.updatePluginSettings.settings).toEqual({ quote: 'Less, but better.' });
    expect((await set('   ')).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await meadow.gql('{ quoteOfTheDay }')).data.quoteOfTheDay).toBe('Less, but better.');
  });

  it('stops start-up with a clear message when the path is wrong', async () => {
    await expect(startTestInstance({ config: { plugins: { extra: ['./examples/no-such-plugin'] } } })).rejects.toThrow(/Plugin "\.\/examples\/no-such-plugin" was not found/);
  });
});
