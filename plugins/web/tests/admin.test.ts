// The admin pages as an admin uses them without JavaScript (branding saved
// and the theme changing at once; plugins switched and their settings
// edited, with the API's errors next to the form; instance blocks added,
// edited and lifted; known instances listed) and as everyone else sees
// them: signed-out people are sent to sign in, others get 403, and their
// posts change nothing.

import { afterAll, describe, expect, it } from 'vitest';
import { AccountsServiceRef, localId } from '../../../core/index.ts';
import { browse, person, startWeb, submit } from './helpers.ts';

describe('web: admin pages', async () => {
  const meadow = await startWeb({ seed: false });
  afterAll(() => meadow.close());
  const boss = await person(meadow, 'boss', { displayName: 'Boss', locale: 'en' });
  const mo = await person(meadow, 'moira', { displayName: 'Moira', locale: 'en' });
  const lin = await person(meadow, 'lin', { displayName: 'Lin', locale: 'zh-CN' });
  const accounts = meadow.kernel.contextOf('accounts').services.get(AccountsServiceRef);
  await accounts.setRole(localId(boss.id, 'Account'), 'admin');
  await accounts.setRole(localId(mo.id, 'Account'), 'moderator');
  const adminGql = async (query: string, variables?: Record<string, unknown>) => {
    const res = await meadow.gql(query, variables, { token: boss.token });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };

  const brandingForm = (over: Record<string, string> = {}) => ({
    name: 'Harbour Club',
    description: 'Boats and tides',
    logoUrl: 'https://cdn.example/harbour.png',
    'colors.primary': '#0055aa',
    'colors.accent': '#222222',
    'colors.background': '#fafafa',
    defaultLocale: 'en',
    rules: 'Be kind\n\n  No spam  ',
    contactEmail: 'crew@harbour.example',
    contactUrl: '',
    ...over,
  });

  it('shows admins an Admin entry and the branding form filled with the current branding', async () => {
    const page = await browse(meadow, '/admin/branding', { cookie: boss.cookie });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<a href="/admin">Admin</a>');
    expect(page.body).toMatch(/<a href="\/admin\/branding" aria-current="page">Branding<\/a>/);
    expect(page.body).toMatch(/<label for="f-name">Name<\/label><input id="f-name" name="name" type="text" value="Meadow" required>/);
    expect(page.body).toMatch(/<input id="f-colors.primary" name="colors.primary" type="color" value="#ff2442" required data-preview-var="primary">/);
    expect(page.body).toContain('<div id="brand-preview"');
    expect(page.body).toMatch(/<script type="module" src="\/assets\/admin-theme\.[0-9a-f]{10}\.js"><\/script>/);
    // The Admin entry is for admins only.
    expect((await browse(meadow, '/', { cookie: lin.cookie })).body).not.toContain('href="/admin"');
    expect((await browse(meadow, '/', { cookie: mo.cookie })).body).not.toContain('href="/admin"');
    expect((await browse(meadow, '/admin', { cookie: boss.cookie })).headers.location).toBe('/admin/branding');
  });

  it('saves branding through GraphQL and the site theme changes at once', async () => {
    const saved = await submit(meadow, '/admin/branding', brandingForm(), { cookie: boss.cookie });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/admin/branding?saved=1');
    const data = await adminGql('{ instance { name description logoUrl colors { primary accent background } defaultLocale rules contactEmail contactUrl } }');
    expect(data.instance).toEqual({
      name: 'Harbour Club',
      description: 'Boats and tides',
      logoUrl: 'https://cdn.example/harbour.png',
      colors: { primary: '#0055aa', accent: '#222222', background: '#fafafa' },
      defaultLocale: 'en',
      rules: ['Be kind', 'No spam'],
      contactEmail: 'crew@harbour.example',
      contactUrl: null,
    });
    const after = await browse(meadow, '/admin/branding?saved=1', { cookie: boss.cookie });
    expect(after.body).toContain('<p class="notice" role="status">Saved.</p>');
    // Any visitor's next page wears the new brand.
    const home = await browse(meadow, '/');
    expect(home.body).toContain(':root{--brand:#0055aa;');
    expect(home.body).toContain('--bg:#fafafa');
    expect(home.body).toContain('<img src="https://cdn.example/harbour.png" alt="" width="32" height="32"><span>Harbour Club</span>');
    expect(home.body).toContain('<html lang="en">');
  });

  it('shows GraphQL errors next to the branding field and keeps the stored branding', async () => {
    const bad = await submit(meadow, '/admin/branding', brandingForm({ name: 'Pirates', logoUrl: 'javascript:alert(1)' }), { cookie: boss.cookie });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/<input id="f-logoUrl" name="logoUrl" type="url" value="javascript:alert\(1\)" aria-invalid="true" aria-describedby="logoUrl-hint logoUrl-error">/);
    expect(bad.body).toMatch(/<p class="field-error" id="logoUrl-error" role="alert">[^<]*https:\/\/ or http:\/\/ URL/);
    // What the admin typed stays in the form.
    expect(bad.body).toContain('value="Pirates"');
    const colour = await submit(meadow, '/admin/branding', brandingForm({ 'colors.accent': 'red' }), { cookie: boss.cookie });
    expect(colour.statusCode).toBe(400);
    expect(colour.body).toMatch(/id="colors.accent-error" role="alert">[^<]*must be a colour like #ff2442/);
    const data = await adminGql('{ instance { name logoUrl colors { accent } } }');
    expect(data.instance).toEqual({ name: 'Harbour Club', logoUrl: 'https://cdn.example/harbour.png', colors: { accent: '#222222' } });
  });

  it('lists plugins, switches one off and on, and edits settings with errors shown by the form', async () => {
    const page = await browse(meadow, '/admin/plugins', { cookie: boss.cookie });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<li class="admin-plugin" id="plugin-topics">\s*<h3>topics <span class="badge">On<\/span><\/h3>/);
    expect(page.body).toMatch(/id="plugin-federation">[\s\S]*?Part of the core/);
    const off = await submit(meadow, '/admin/plugins/toggle', { plugin: 'topics', enabled: '0' }, { cookie: boss.cookie });
    expect(off.statusCode).toBe(303);
    expect((await adminGql('{ instance { enabledPlugins } }')).instance.enabledPlugins).not.toContain('topics');
    expect((await browse(meadow, '/admin/plugins', { cookie: boss.cookie })).body).toMatch(/id="plugin-topics">\s*<h3>topics <span class="badge">Off<\/span>/);
    await submit(meadow, '/admin/plugins/toggle', { plugin: 'topics', enabled: '1' }, { cookie: boss.cookie });
    expect((await adminGql('{ instance { enabledPlugins } }')).instance.enabledPlugins).toContain('topics');
    // A plugin others depend on cannot be switched off: the API's message sits by its button.
    const refused = await submit(meadow, '/admin/plugins/toggle', { plugin: 'notes', enabled: '0' }, { cookie: boss.cookie });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatch(/<p class="field-error" id="plugin-notes-toggle-error" role="alert">Switch off [^<]*first: they depend on &quot;notes&quot;<\/p>/);

    // Settings: a plugin that has some, edited as JSON.
    const plugins = (await adminGql('{ plugins { name settings } }')).plugins as { name: string; settings: Record<string, unknown> | null }[];
    const withSettings = plugins.find((p) => p.settings && p.name !== 'instance' && Object.values(p.settings).some((v) => typeof v === 'number'))!;
    const [key, value] = Object.entries(withSettings.settings!).find(([, v]) => typeof v === 'number')!;
    expect(page.body).toContain(`<textarea id="plugin-${withSettings.name}-settings" name="settings"`);
    const saved = await submit(meadow, '/admin/plugins/settings', { plugin: withSettings.name, settings: JSON.stringify({ [key]: (value as number) + 1 }) }, { cookie: boss.cookie });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/admin/plugins?saved=1#plugin-${withSettings.name}`);
    const now = (await adminGql('{ plugins { name settings } }')).plugins.find((p: { name: string }) => p.name === withSettings.name);
    expect(now.settings[key]).toBe((value as number) + 1);

    const badJson = await submit(meadow, '/admin/plugins/settings', { plugin: withSettings.name, settings: '{ oops' }, { cookie: boss.cookie });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.body).toMatch(new RegExp(`id="plugin-${withSettings.name}-settings-error" role="alert">The settings are not valid JSON`));
    expect(badJson.body).toContain('>{ oops</textarea>');
    const badValue = await submit(meadow, '/admin/plugins/settings', { plugin: withSettings.name, settings: JSON.stringify({ [key]: 'many' }) }, { cookie: boss.cookie });
    expect(badValue.statusCode).toBe(400);
    expect(badValue.body).toMatch(new RegExp(`id="plugin-${withSettings.name}-settings-error" role="alert">Setting ${key} of plugin &quot;${withSettings.name}&quot;`));
    const kept = (await adminGql('{ plugins { name settings } }')).plugins.find((p: { name: string }) => p.name === withSettings.name);
    expect(kept.settings[key]).toBe((value as number) + 1);
  });

  it('adds, edits and lifts instance blocks; lists known instances with health and dead deliveries', async () => {
    const empty = await browse(meadow, '/admin/federation', { cookie: boss.cookie });
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('No instance is blocked.');
    expect(empty.body).toContain('No other instance is known yet.');

    const added = await submit(meadow, '/admin/federation/blocks', { domain: 'Spam.Example', severity: 'SILENCE', rejectMedia: '1', reason: 'Spam waves', public: '1' }, { cookie: boss.cookie });
    expect(added.statusCode).toBe(303);
    expect((await adminGql('{ domainBlocks { domain severity rejectMedia reason public } }')).domainBlocks).toEqual([
      { domain: 'spam.example', severity: 'SILENCE', rejectMedia: true, reason: 'Spam waves', public: true },
    ]);
    const listed = await browse(meadow, '/admin/federation', { cookie: boss.cookie });
    expect(listed.body).toContain('<h4 id="block-0-title">Block on spam.example</h4>');
    expect(listed.body).toMatch(/<option value="SILENCE" selected>Silence/);

    const edited = await submit(meadow, '/admin/federation/blocks/update', { domain: 'spam.example', severity: 'SUSPEND', reason: 'Worse now' }, { cookie: boss.cookie });
    expect(edited.statusCode).toBe(303);
    expect((await adminGql('{ domainBlocks { domain severity rejectMedia reason public } }')).domainBlocks).toEqual([
      { domain: 'spam.example', severity: 'SUSPEND', rejectMedia: false, reason: 'Worse now', public: false },
    ]);

    const bad = await submit(meadow, '/admin/federation/blocks', { domain: 'not a host!', severity: 'SUSPEND' }, { cookie: boss.cookie });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/<input id="f-domain" name="domain" type="text" value="not a host!" required aria-invalid="true"/);
    expect(bad.body).toMatch(/id="domain-error" role="alert">/);

    const lifted = await submit(meadow, '/admin/federation/blocks/remove', { domain: 'spam.example' }, { cookie: boss.cookie });
    expect(lifted.statusCode).toBe(303);
    expect((await adminGql('{ domainBlocks { domain } }')).domainBlocks).toEqual([]);

    // Known instances, as federation records them: health and given-up deliveries, read-only.
    const db = meadow.kernel.db.kysely();
    const now = Date.now();
    await db.insertInto('core_fed_instances').values([
      { host: 'far.example', software: 'mastodon', software_version: '4.3.0', state: 'failing', first_seen_at: now, last_failure_at: now, consecutive_failures: 3, failing_since: now },
      { host: 'near.example', software: 'meadow', state: 'healthy', first_seen_at: now, last_success_at: Date.UTC(2025, 0, 2, 3, 4), consecutive_failures: 0 },
    ]).execute();
    const dead = { inbox: 'https://far.example/inbox', activity_type: 'Create', reason: 'exhausted', attempts: 8, last_error: 'timeout', message: '{}', created_at: now };
    await db.insertInto('core_fed_dead_deliveries').values([{ host: 'far.example', ...dead }, { host: 'far.example', ...dead }]).execute();
    const table = await browse(meadow, '/admin/federation', { cookie: boss.cookie });
    expect(table.body).toContain('<tr data-host="far.example"><th scope="row">far.example</th><td>mastodon 4.3.0</td><td data-state="FAILING">Failing</td><td>never</td><td>3</td><td data-dead>2</td><td></td></tr>');
    expect(table.body).toContain('<tr data-host="near.example"><th scope="row">near.example</th><td>meadow</td><td data-state="HEALTHY">Healthy</td><td><time datetime="2025-01-02T03:04:00.000Z">2025-01-02 03:04</time></td><td>0</td><td data-dead>0</td><td></td></tr>');
    // No form changes an instance's record from here.
    expect(table.body).not.toMatch(/action="\/admin\/federation\/instances/);
  });

  it('refuses everyone but admins: sign-in for signed-out visitors, 403 for others, and their posts change nothing', async () => {
    const before = await adminGql('{ instance { name colors { primary } } domainBlocks { domain } plugins { name enabled } }');
    for (const path of ['/admin', '/admin/branding', '/admin/plugins', '/admin/federation']) {
      for (const [who, refusal] of [[lin, '只有本站管理员可以打开此页面。'], [mo, 'Only administrators of this instance can open this page.']] as const) {
        const page = await browse(meadow, path, { cookie: who.cookie });
        expect(page.statusCode).toBe(403);
        expect(page.body).toContain(refusal);
        expect(page.body).not.toContain('<form method="post" action="/admin');
      }
      const anonymous = await browse(meadow, path);
      if (anonymous.statusCode === 303) expect(anonymous.headers.location).toBe(`/signin?next=${encodeURIComponent(path)}`);
      else {
        expect(anonymous.statusCode).toBe(401);
        expect(anonymous.body).toContain('Sign in with an administrator account');
      }
    }
    const posts: [string, Record<string, string>][] = [
      ['/admin/branding', brandingForm({ name: 'Hijacked', 'colors.primary': '#000000' })],
      ['/admin/plugins/toggle', { plugin: 'topics', enabled: '0' }],
      ['/admin/plugins/settings', { plugin: 'topics', settings: '{}' }],
      ['/admin/federation/blocks', { domain: 'victim.example', severity: 'SUSPEND' }],
      ['/admin/federation/blocks/remove', { domain: 'spam.example' }],
    ];
    for (const [path, fields] of posts) {
      expect((await submit(meadow, path, fields, { cookie: lin.cookie })).statusCode).toBe(403);
      expect((await submit(meadow, path, fields, { cookie: mo.cookie })).statusCode).toBe(403);
      expect((await submit(meadow, path, fields)).statusCode).toBe(401);
      // Even an admin's session cannot be used from another site.
      expect((await submit(meadow, path, fields, { cookie: boss.cookie, origin: 'https://evil.example' })).statusCode).toBe(403);
    }
    expect(await adminGql('{ instance { name colors { primary } } domainBlocks { domain } plugins { name enabled } }')).toEqual(before);
  });

  it('speaks Chinese to a zh-CN admin', async () => {
    await accounts.setRole(localId(lin.id, 'Account'), 'admin');
    const page = await browse(meadow, '/admin/federation', { cookie: lin.cookie });
    expect(page.body).toContain('<h1 id="admin-title">管理后台</h1>');
    expect(page.body).toContain('已屏蔽的实例');
    expect(page.body).toContain('<a href="/admin">管理</a>');
  });
});
