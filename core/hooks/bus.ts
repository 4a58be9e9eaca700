// The hook bus: filters transform a value in priority order and may veto;
// events notify any number of handlers after the transaction commits, each
// isolated from the caller and from the others.

import type { EventToken, FilterToken } from './tokens.ts';

export type EventMode = 'after-commit' | 'in-transaction';

export interface EventHandlerRegistration<P = any> {
  plugin: string;
  token: EventToken<P>;
  mode: EventMode;
  priority: number;
  handle: (payload: P) => unknown;
  /** Stable key used by durable deliveries and statistics: plugin, hook, index. */
  key: string;
  seq: number;
}

export interface FilterRegistration<V = any, C = any> {
  plugin: string;
  token: FilterToken<V, C>;
  priority: number;
  apply: (value: V, context: C) => V | Promise<V>;
  key: string;
  seq: number;
}

/** What a write hands to `emit` so that events wait for its commit. */
export interface TransactionScope {
  afterCommit(fn: () => void | Promise<void>): void;
  /** Enqueue a durable delivery inside the same transaction (outbox). */
  enqueueDurable(deliveryKey: string, eventName: string, payload: unknown): Promise<void>;
}

export interface HandlerStats {
  key: string;
  plugin: string;
  hook: string;
  calls: number;
  failures: number;
  timeouts: number;
  lastError: string | null;
}

export interface HookBusOptions {
  /** Is this plugin switched on right now? Switched-off plugins' hooks are silent. */
  isEnabled: (plugin: string) => boolean;
  /** Order of plugins after dependency sorting; breaks priority ties. */
  pluginOrder: (plugin: string) => number;
  logError: (err: unknown, info: { plugin: string; hook: string }) => void;
  /** Enqueue a durable delivery outside any transaction. */
  enqueueDurable: (deliveryKey: string, eventName: string, payload: unknown) => Promise<void>;
  handlerTimeoutMs?: number;
}

export class HookTimeout extends Error {
  constructor(key: string, ms: number) {
    super(`Hook handler ${key} did not finish within ${ms} ms`);
  }
}

export class HookBus {
  private readonly events = new Map<string, EventHandlerRegistration[]>();
  private readonly filters = new Map<string, FilterRegistration[]>();
  private readonly byKey = new Map<string, EventHandlerRegistration>();
  private readonly stats = new Map<string, HandlerStats>();
  private readonly pending = new Set<Promise<unknown>>();
  private seq = 0;
  private frozen = false;
  private readonly options: HookBusOptions;

  constructor(options: HookBusOptions) {
    this.options = options;
  }

  onEvent<P>(reg: Omit<EventHandlerRegistration<P>, 'key' | 'seq'>): void {
    this.assertOpen();
    const list = this.events.get(reg.token.name) ?? [];
    // The key must mean the same handler on every node and after restarts,
    // since durable deliveries name it: plugin, event, its n-th handler there.
    const nth = list.filter((r) => r.plugin === reg.plugin).length;
    const key = `${reg.plugin}:${reg.token.name}:${nth}`;
    const full = { ...reg, key, seq: this.seq++ } as EventHandlerRegistration;
    list.push(full);
    this.events.set(reg.token.name, list);
    this.byKey.set(key, full);
  }

  addFilter<V, C>(reg: Omit<FilterRegistration<V, C>, 'key' | 'seq'>): void {
    this.assertOpen();
    const list = this.filters.get(reg.token.name) ?? [];
    const nth = list.filter((r) => r.plugin === reg.plugin).length;
    list.push({ ...reg, key: `${reg.plugin}:${reg.token.name}:${nth}`, seq: this.seq++ } as FilterRegistration);
    this.filters.set(reg.token.name, list);
  }

  /** After start-up nothing registers any more; lists are sorted once. */
  freeze(): void {
    const order = (a: { priority: number; plugin: string; seq: number }, b: typeof a) =>
      a.priority - b.priority ||
      this.options.pluginOrder(a.plugin) - this.options.pluginOrder(b.plugin) ||
      a.seq - b.seq;
    for (const list of this.events.values()) list.sort(order);
    for (const list of this.filters.values()) list.sort(order);
    this.frozen = true;
  }

  /** Runs the filter chain; errors and vetoes propagate to the caller. */
  async applyFilter<V, C>(token: FilterToken<V, C>, value: V, ...context: C extends undefined ? [] : [C]): Promise<V> {
    const list = this.filters.get(token.name);
    if (!list) return value;
    let current = value;
    for (const reg of list) {
      if (!this.options.isEnabled(reg.plugin)) continue;
      current = await reg.apply(current, context[0] as C);
    }
    return current;
  }

  /**
   * Emits an event. In-transaction handlers run now and their errors abort
   * the write; the rest run after `tx` commits (or at once without a tx).
   * Resolves when in-transaction handlers are done; never throws for
   * after-commit handlers.
   */
  async emit<P>(token: EventToken<P>, payload: P, tx?: TransactionScope): Promise<void> {
    const list = this.events.get(token.name);
    if (!list) return;
    for (const reg of list) {
      if (reg.mode !== 'in-transaction' || !this.options.isEnabled(reg.plugin)) continue;
      await reg.handle(payload);
    }
    const later = list.filter((reg) => reg.mode === 'after-commit');
    if (later.length === 0) return;
    if (token.durable) {
      for (const reg of later) {
        if (tx) await tx.enqueueDurable(reg.key, token.name, payload);
        else await this.options.enqueueDurable(reg.key, token.name, payload);
      }
      return;
    }
    const dispatch = () => {
      for (const reg of later) this.track(this.runIsolated(reg, payload));
    };
    if (tx) tx.afterCommit(dispatch);
    else dispatch();
  }

  /** Runs one durable delivery (called by the job worker); throws so the job retries. */
  async deliverDurable(key: string, payload: unknown): Promise<void> {
    const reg = this.byKey.get(key);
    if (!reg) throw new Error(`No hook handler ${key} is registered on this instance`);
    if (!this.options.isEnabled(reg.plugin)) return;
    const stat = this.statFor(reg);
    stat.calls++;
    try {
      await withTimeout(Promise.resolve(reg.handle(payload)), this.timeoutMs, reg.key);
    } catch (err) {
      stat.failures++;
      stat.lastError = String((err as Error)?.message ?? err);
      throw err;
    }
  }

  /** Waits until every after-commit handler started so far has settled. */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  handlerStats(): HandlerStats[] {
    return [...this.stats.values()];
  }

  registeredHooks(): { name: string; kind: 'event' | 'filter'; plugins: string[] }[] {
    const out: { name: string; kind: 'event' | 'filter'; plugins: string[] }[] = [];
    for (const [name, list] of this.events) out.push({ name, kind: 'event', plugins: list.map((r) => r.plugin) });
    for (const [name, list] of this.filters) out.push({ name, kind: 'filter', plugins: list.map((r) => r.plugin) });
    return out;
  }

  private get timeoutMs() {
    return this.options.handlerTimeoutMs ?? 10_000;
  }

  private async runIsolated(reg: EventHandlerRegistration, payload: unknown): Promise<void> {
    if (!this.options.isEnabled(reg.plugin)) return;
    const stat = this.statFor(reg);
    stat.calls++;
    try {
      await withTimeout(Promise.resolve().then(() => reg.handle(payload)), this.timeoutMs, reg.key);
    } catch (err) {
      stat.failures++;
      if (err instanceof HookTimeout) stat.timeouts++;
      stat.lastError = String((err as Error)?.message ?? err);
      this.options.logError(err, { plugin: reg.plugin, hook: reg.token.name });
    }
  }

  private track(p: Promise<unknown>) {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  private statFor(reg: EventHandlerRegistration): HandlerStats {
    let s = this.stats.get(reg.key);
    if (!s) {
      s = { key: reg.key, plugin: reg.plugin, hook: reg.token.name, calls: 0, failures: 0, timeouts: 0, lastError: null };
      this.stats.set(reg.key, s);
    }
    return s;
  }

  private assertOpen() {
    if (this.frozen) throw new Error('Hooks can only be registered while plugins register, not after start-up');
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, key: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HookTimeout(key, ms)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
