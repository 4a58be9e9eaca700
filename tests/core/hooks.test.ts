import { describe, it, expect, afterAll } from 'vitest';
import {
  defineEvent,
  defineFilter,
  definePlugin,
  filter,
  HookVeto,
  on,
  onInTransaction,
  PLUGIN_API_VERSION,
  type PluginContext,
} from '../../core/index.ts';
import { startTestInstance } from '../helpers/instance.ts';
import { testAuthPlugin, asRole } from '../helpers/test-auth.ts';

// A tiny "notes" plugin with a table, a filter and events, and listeners
// that behave well and badly.
const NoteValidate = defineFilter<{ title: string }, { authorId: number }>('test-note.validate', { description: 'validate' });
const NotePublished = defineEvent<{ id: number; title: string }>('test-note.published', { description: 'published' });
const NoteArchived = defineEvent<{ id: number }>('test-note.archived', { description: 'archived', durable: true });

const seen: string[] = [];
let failuresLeft = 0;
let slowMs = 0;

const notes = definePlugin({
  name: 'test-notes',
  apiVersion: PLUGIN_API_VERSION,
  migrations: [
    {
      id: '0001',
      up: async ({ db, types }) => {
        await types.id(db.schema.createTable('test_note')).addColumn('title', 'varchar(200)', (c: any) => c.notNull()).execute();
      },
    },
  ],
  typeDefs: `extend type Mutation { createTestNote(title: String!): Int! archiveTestNote(id: Int!): Boolean! }
             extend type Query { testNoteCount: Int! }`,
  resolvers: (ctx: PluginContext) => ({
    Query: {
      testNoteCount: async () => Number((await ctx.db.kysely().selectFrom('test_note').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())!.n),
    },
    Mutation: {
      createTestNote: async (_: unknown, { title }: { title: string }) => {
        const valid = await ctx.hooks.applyFilter(NoteValidate, { title }, { authorId: 1 });
        return ctx.db.transaction(async (tx) => {
          const row = await tx.db.insertInto('test_note').values({ title: valid.title }).returning('id').executeTakeFirstOrThrow();
          await ctx.hooks.emit(NotePublished, { id: Number(row.id), title: valid.title }, tx);
          seen.push('committing');
          return Number(row.id);
        });
      },
      archiveTestNote: async (_: unknown, { id }: { id: number }) => {
        await ctx.db.transaction(async (tx) => ctx.hooks.emit(NoteArchived, { id }, tx));
        return true;
      },
    },
  }),
});

const listeners = definePlugin({
  name: 'test-listeners',
  apiVersion: PLUGIN_API_VERSION,
  dependsOn: ['test-notes'],
  hooks: [
    filter(NoteValidate, (v) => ({ title: `${v.title}!` }), { priority: 20 }),
    filter(NoteValidate, (v) => ({ title: v.title.trim() }), { priority: 10 }),
    filter(NoteValidate, (v) => {
      if (v.title.includes('spam')) throw new HookVeto('Looks like spam', { plugin: 'test-listeners' });
      return v;
    }),
    onInTransaction(NotePublished, (p) => {
      seen.push(`in-tx:${p.title}`);
      if (p.title.startsWith('abort')) throw new HookVeto('in-transaction handler refused');
    }),
    on(NotePublished, () => {
      throw new Error('this handler is broken');
    }),
    on(NotePublished, async (p) => {
      if (slowMs) await new Promise((r) => setTimeout(r, slowMs));
      seen.push(`after-commit:${p.title}`);
    }),
    on(NoteArchived, (p) => {
      if (failuresLeft-- > 0) throw new Error('temporary failure');
      seen.push(`durable:${p.id}`);
    }),
  ],
});

describe('hook bus', async () => {
  const meadow = await startTestInstance({ plugins: [notes, listeners, testAuthPlugin], config: { hooks: { handlerTimeoutMs: 200 } } });
  afterAll(() => meadow.close());
  const create = (title: string) => meadow.gql('mutation($t: String!) { createTestNote(title: $t) }', { t: title });

  it('runs filters in priority order and events after the commit', async () => {
    seen.length = 0;
    const res = await create('  hello ');
    expect(res.errors).toBeUndefined();
    await meadow.kernel.bus.drain();
    expect(seen).toEqual(['in-tx:hello!', 'committing', 'after-commit:hello!']);
  });

  it('isolates a throwing handler: the caller succeeds, the failure is counted', async () => {
    const stats = meadow.kernel.bus.handlerStats().find((s) => s.plugin === 'test-listeners' && s.lastError?.includes('broken'));
    expect(stats?.failures).toBeGreaterThanOrEqual(1);
  });

  it('propagates a filter veto to the caller with code VETOED and stores nothing', async () => {
    const before = (await meadow.gql('{ testNoteCount }')).data.testNoteCount;
    const res = await create('buy spam now');
    expect(res.errors?.[0].extensions?.code).toBe('VETOED');
    expect(res.errors?.[0].message).toBe('Looks like spam');
    expect((await meadow.gql('{ testNoteCount }')).data.testNoteCount).toBe(before);
  });

  it('aborts the write when an in-transaction handler throws, and no after-commit event fires', async () => {
    seen.length = 0;
    const before = (await meadow.gql('{ testNoteCount }')).data.testNoteCount;
    const res = await create('abort me');
    await meadow.kernel.bus.drain();
    expect(res.errors?.[0].extensions?.code).toBe('VETOED');
    expect((await meadow.gql('{ testNoteCount }')).data.testNoteCount).toBe(before);
    expect(seen.some((s) => s.startsWith('after-commit'))).toBe(false);
  });

  it('abandons a handler past its timeout and counts it', async () => {
    slowMs = 400;
    await create('slow');
    await meadow.kernel.bus.drain();
    slowMs = 0;
    // The abandoned handler still finishes in the background; let it, so it
    // does not write into the next test's observations.
    await new Promise((r) => setTimeout(r, 300));
    const stat = meadow.kernel.bus.handlerStats().find((s) => s.timeouts > 0);
    expect(stat?.plugin).toBe('test-listeners');
  });

  it('delivers durable events through the job queue, retrying failures', async () => {
    seen.length = 0;
    failuresLeft = 2;
    await meadow.gql('mutation { archiveTestNote(id: 7) }');
    // First attempt fails; retries are scheduled with backoff, so pull them forward.
    for (let i = 0; i < 3; i++) {
      await meadow.kernel.worker.runUntilIdle();
      await meadow.kernel.db.kysely().updateTable('core_job').set({ run_at: 0 }).where('status', '=', 'queued').execute();
    }
    expect(seen).toEqual(['durable:7']);
    const jobs = await meadow.kernel.queue.list({ limit: 5 });
    expect(jobs[0]).toMatchObject({ name: 'core.hook-deliver', status: 'done', attempts: 2 });
  });

  it('silences a plugin switched off at run time, and brings it back', async () => {
    const admin = { ...asRole('admin') };
    const off = await meadow.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: admin,
      payload: { query: 'mutation { setPluginEnabled(plugin: "test-listeners", enabled: false) { enabled } }' },
    });
    expect(off.json().data.setPluginEnabled.enabled).toBe(false);
    seen.length = 0;
    const res = await create('spam but nobody checks');
    await meadow.kernel.bus.drain();
    expect(res.errors).toBeUndefined();
    expect(seen).toEqual(['committing']);
    await meadow.app.inject({ method: 'POST', url: '/graphql', headers: admin, payload: { query: 'mutation { setPluginEnabled(plugin: "test-listeners", enabled: true) { enabled } }' } });
    expect((await create('spam again')).errors?.[0].extensions?.code).toBe('VETOED');
  });

  it('refuses to switch off a plugin others depend on', async () => {
    const res = await meadow.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: asRole('admin'),
      payload: { query: 'mutation { setPluginEnabled(plugin: "test-notes", enabled: false) { enabled } }' },
    });
    expect(res.json().errors[0]).toMatchObject({ message: 'Switch off "test-listeners" first: they depend on "test-notes"', extensions: { code: 'BAD_USER_INPUT' } });
  });
});
