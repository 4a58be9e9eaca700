// The operator's side of federation in one place, so service.ts only hooks
// it in: instance health (instances.ts), the delivery policy around
// Fedify's outbox (delivery.ts), instance blocks (domain-blocks.ts) and
// where they are enforced (inbound-gate.ts, follow-cleanup.ts).

import type { Federation, FederationOptions, MessageQueue } from '@fedify/fedify';
import type { Activity } from '@fedify/vocab';
import { z } from 'zod';
import type { FederationServiceImpl } from './service.ts';
import { InstanceTracker } from './instances.ts';
import { DomainBlocks, hostOf, type DomainBlockInput, type DomainBlockPatch, type DomainBlockRecord, type DomainSeverity } from './domain-blocks.ts';
import { DeliverySettingsSchema, DeliveryTracker, deliveryRetryPolicy, type DeliverySettings } from './delivery.ts';
import { acceptActivity, gateInboxRequest } from './inbound-gate.ts';
import { dropGoneFollowers, removeFollowsWithDomain } from './follow-cleanup.ts';
import { MEADOW_VERSION } from './version.ts';

/** The federation plugin's settings (admin-editable, apply at once). */
export const FederationSettingsSchema = z.object({ delivery: DeliverySettingsSchema }).prefault({});
export type FederationSettings = z.output<typeof FederationSettingsSchema>;

export class FederationOperations {
  readonly instances: InstanceTracker;
  readonly blocks: DomainBlocks;
  readonly delivery: DeliveryTracker;
  private readonly service: FederationServiceImpl;

  constructor(service: FederationServiceImpl) {
    this.service = service;
    const { ctx } = service;
    const db = () => ctx.db.kysely();
    this.instances = new InstanceTracker(db);
    this.blocks = new DomainBlocks(db, ctx.config.publicUrl);
    this.delivery = new DeliveryTracker({
      db,
      instances: this.instances,
      blocks: this.blocks,
      settings: () => this.settings(),
      allowPrivateAddresses: ctx.config.federation.allowPrivateAddresses,
      userAgent: `Meadow/${MEADOW_VERSION} (+${ctx.config.publicUrl})`,
      log: ctx.log,
      enqueue: (message) => service.queue.enqueue(message),
      dropFollowers: async (uris) => void (await dropGoneFollowers(service, uris)),
    });
  }

  settings(): DeliverySettings {
    const stored = this.service.ctx.settings() as Partial<FederationSettings> | undefined;
    return stored?.delivery ?? DeliverySettingsSchema.parse({});
  }

  /** createFederation options: the retry policy, 404/410 as permanent, our tracking instead of Fedify's circuit breaker. */
  fedifyOptions(): Pick<FederationOptions<void>, 'outboxRetryPolicy' | 'permanentFailureStatusCodes' | 'circuitBreaker' | 'onOutboxError'> {
    return {
      outboxRetryPolicy: deliveryRetryPolicy(() => this.settings()),
      permanentFailureStatusCodes: [404, 410],
      circuitBreaker: false,
      onOutboxError: this.delivery.onOutboxError,
    };
  }

  /** Hooks into the federation object and its queue once both exist. */
  attach(federation: Federation<void>): void {
    federation.setOutboxPermanentFailureHandler((_ctx, values) => this.delivery.onPermanentFailure(values));
    this.service.queue.observe(this.delivery);
  }

  /**
   * Another queue in place of the job queue (Redis, several nodes) goes to
   * Fedify through this, so the delivery policy still sees every message.
   * (The job queue is observed directly: attach().)
   */
  wrapQueue(inner: MessageQueue): MessageQueue {
    const observer = this.delivery;
    return {
      get nativeRetrial() {
        return inner.nativeRetrial;
      },
      enqueue: (message, options) => inner.enqueue(observer.enqueued(message), options),
      enqueueMany: inner.enqueueMany ? (messages, options) => inner.enqueueMany!(messages.map((m) => observer.enqueued(m)), options) : undefined,
      listen: (handler, options) => inner.listen((message) => observer.around(message, async () => void (await handler(message))), options),
    };
  }

  async start(): Promise<void> {
    await this.blocks.load();
  }

  /** Before Fedify reads an inbox POST: a Response when it is dropped. */
  gateRequest(request: Request): Promise<Response | null> {
    return gateInboxRequest(request, this.blocks);
  }

  /** After verification, before handlers: false drops the activity. */
  acceptInbound(activity: Activity): Promise<boolean> {
    return acceptActivity(activity, this.blocks, this.instances);
  }

  domainPolicy(hostOrUrl: string | URL): DomainSeverity {
    return this.blocks.policy(hostOrUrl);
  }

  rejectsMedia(hostOrUrl: string | URL): boolean {
    return this.blocks.rejectsMedia(hostOrUrl);
  }

  /** Remote fetches and lookups skip suspended instances ("acct:user@host" or a URL). */
  refusesFetch(uriOrHandle: string): boolean {
    const host = hostOf(uriOrHandle.replace(/^acct:/, ''));
    return host != null && this.blocks.isSuspended(host);
  }

  async addBlock(input: DomainBlockInput): Promise<DomainBlockRecord> {
    const block = await this.blocks.add(input);
    if (block.severity === 'suspend') await removeFollowsWithDomain(this.service, block.domain);
    return block;
  }

  async updateBlock(domain: string, patch: DomainBlockPatch): Promise<DomainBlockRecord> {
    const before = await this.blocks.get(domain);
    const block = await this.blocks.update(domain, patch);
    if (block.severity === 'suspend' && before?.severity !== 'suspend') await removeFollowsWithDomain(this.service, block.domain);
    return block;
  }
}
