// Instance-wide state kept in the database: the instance secret, which
// plugins are switched on, and each plugin's settings.

import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ZodType } from 'zod';
import { badInput } from '../errors/errors.ts';
import type { Migration } from '../data/migrations.ts';

export const instanceMigrations: Migration[] = [
  {
    id: '0001_instance',
    async up({ db }) {
      await db.schema
        .createTable('core_instance_value')
        .addColumn('key', 'varchar(100)', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('core_plugin_state')
        .addColumn('plugin', 'varchar(100)', (c) => c.primaryKey())
        .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('settings', 'text')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
];

export class InstanceState {
  private readonly enabled = new Map<string, boolean>();
  private readonly settings = new Map<string, unknown>();
  private readonly schemas = new Map<string, ZodType<any>>();
  secret = '';
  /** Called after every change, so other nodes can reload (see kernel.ts). */
  onChange: () => void = () => {};
  private plugins: { name: string; settings?: ZodType<any> }[] = [];
  private readonly db: () => Kysely<any>;

  constructor(db: () => Kysely<any>) {
    this.db = db;
  }

  async load(plugins: { name: string; settings?: ZodType<any> }[], configuredSecret?: string): Promise<void> {
    this.plugins = plugins;
    const db = this.db();
    const row = await db.selectFrom('core_instance_value').select('value').where('key', '=', 'secret').executeTakeFirst();
    if (configuredSecret) this.secret = configuredSecret;
    else if (row) this.secret = row.value;
    else {
      this.secret = randomBytes(32).toString('base64url');
      await db.insertInto('core_instance_value').values({ key: 'secret', value: this.secret }).execute();
    }
    await this.reload();
  }

  /** Reads switches and settings again (another node may have changed them). */
  async reload(): Promise<void> {
    const rows = await this.db().selectFrom('core_plugin_state').selectAll().execute();
    const stored = new Map(rows.map((r) => [r.plugin as string, r]));
    for (const p of this.plugins) {
      const r = stored.get(p.name);
      this.enabled.set(p.name, r ? Number(r.enabled) === 1 : true);
      if (p.settings) {
        this.schemas.set(p.name, p.settings);
        const raw = r?.settings ? JSON.parse(r.settings) : {};
        const parsed = p.settings.safeParse(raw);
        // A stored value that no longer fits (the plugin changed) falls back to defaults.
        this.settings.set(p.name, parsed.success ? parsed.data : p.settings.parse({}));
      }
    }
  }

  isEnabled(plugin: string): boolean {
    return this.enabled.get(plugin) ?? true;
  }

  settingsOf<T>(plugin: string): T {
    return this.settings.get(plugin) as T;
  }

  hasSettings(plugin: string): boolean {
    return this.schemas.has(plugin);
  }

  schemaOf(plugin: string): ZodType<any> | undefined {
    return this.schemas.get(plugin);
  }

  /** Validates and stores new settings (merged over the current ones); the plugin sees them at once. */
  async updateSettings(plugin: string, patch: Record<string, unknown>): Promise<unknown> {
    const schema = this.schemas.get(plugin);
    if (!schema) throw badInput(`Plugin "${plugin}" has no settings`);
    if (!patch || typeof patch !== 'object' || Array.isArray(patch)) throw badInput('Settings must be an object');
    const next = { ...(this.settings.get(plugin) as object), ...patch };
    const parsed = schema.safeParse(next);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw badInput(`Setting ${issue.path.join('.') || '(root)'} of plugin "${plugin}": ${issue.message}`, {
        field: issue.path.join('.'),
      });
    }
    await this.write(plugin, { settings: JSON.stringify(parsed.data) });
    this.settings.set(plugin, parsed.data);
    this.onChange();
    return parsed.data;
  }

  async setEnabled(plugin: string, enabled: boolean): Promise<void> {
    await this.write(plugin, { enabled: enabled ? 1 : 0 });
    this.enabled.set(plugin, enabled);
    this.onChange();
  }

  private async write(plugin: string, values: { settings?: string; enabled?: number }) {
    const db = this.db();
    const now = Date.now();
    await db
      .insertInto('core_plugin_state')
      .values({ plugin, enabled: values.enabled ?? (this.isEnabled(plugin) ? 1 : 0), settings: values.settings ?? null, updated_at: now })
      .onConflict((oc) => oc.column('plugin').doUpdateSet({ ...values, updated_at: now }))
      .execute();
  }
}
