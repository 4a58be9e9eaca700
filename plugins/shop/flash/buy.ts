// Buying from a flash sale: a workflow of two steps, each undone when a
// later one fails (checkout's runWorkflow):
//
//   1. claim   the units, under the per-person limit (claims.ts; ONE short
//              transaction)                   undo: give them back, unless the order took them
//   2. order   checkout's placeOrder at the flash price: the order takes the
//              claimed units over in its own transaction (so it is held,
//              expires and is paid like any order), then the payment starts
//
// In front of it, this process's admission (admission.ts) lets buyers claim
// only while what they ask for fits in what is left, and refuses the rest
// from memory once the sale is sold out. The whole purchase runs under the
// buyer's idempotency key: a retry with the same key gets the same order
// (even when the sale sold out meanwhile); the same key with other content
// is CONFLICT IDEMPOTENCY_KEY_REUSED.

import { badInput, isMeadowError, type PluginContext, type Viewer } from '../../../core/index.ts';
import type { AddressSnapshot } from '../contracts.ts';
import { Addresses, checkAddress, placeOrder, runWorkflow, snapshotOf, type AddressInput, type PlacedOrder } from '../checkout/index.ts';
import { idempotencyKeyUsed, withIdempotency } from '../idempotency/index.ts';
import { admissionOf, type Turn } from './admission.ts';
import { claim, giveBack, handOver } from './claims.ts';
import type { FlashSaleRecord } from './rows.ts';
import { flashSettingsOf } from './settings.ts';

export interface BuyInput {
  quantity: number;
  addressId: number | null;
  address: AddressInput | null;
  shippingOptionId: number | null;
  provider: string;
  returnUrl: string | null;
  noteId: number | null;
  idempotencyKey: string;
}

export async function buyFlashSale(ctx: PluginContext<any>, viewer: Viewer, sale: FlashSaleRecord, input: BuyInput) {
  const n = input.quantity;
  if (!Number.isSafeInteger(n) || n < 1) throw badInput('Buy at least one unit', { field: 'quantity' });
  if (n > sale.perPersonLimit) {
    throw badInput(`At most ${sale.perPersonLimit} per person in this flash sale`, { field: 'quantity', reason: 'PER_PERSON_LIMIT', limit: sale.perPersonLimit });
  }
  if (input.addressId != null && input.address) throw badInput('Give addressId or address, not both', { field: 'address' });
  const address = input.addressId != null
    ? await new Addresses(ctx).own(viewer.accountId, input.addressId)
    : input.address ? checkAddress(input.address) : null;
  if (!address) throw badInput('An order needs an address: a saved addressId or an address', { field: 'address' });
  const choices = {
    address: snapshotOf(address), shippingOptionId: input.shippingOptionId, provider: input.provider, returnUrl: input.returnUrl, noteId: input.noteId,
  };
  const key = { accountId: viewer.accountId, key: input.idempotencyKey, scope: 'shop.flash-buy' };
  // Most buyers of a sold-out sale are refused here, from memory, without a write — unless their key
  // was used before: a retry of a purchase that went through is owed its order, sold out or not.
  let turn: Turn | null = null;
  try {
    turn = await admissionOf(ctx).enter(sale.id, n);
  } catch (refused) {
    if (!(await idempotencyKeyUsed(ctx, key))) throw refused;
  }
  try {
    return await withIdempotency<PlacedOrder>(
      ctx,
      { ...key, request: { saleId: sale.id, quantity: n, ...choices } },
      async () => purchase(ctx, sale, viewer.accountId, n, choices, turn ?? (await admissionOf(ctx).enter(sale.id, n))),
    );
  } finally {
    turn?.leave();
  }
}

interface OrderChoices {
  address: AddressSnapshot;
  shippingOptionId: number | null;
  provider: string;
  returnUrl: string | null;
  noteId: number | null;
}

async function purchase(ctx: PluginContext<any>, sale: FlashSaleRecord, buyerId: number, n: number, choices: OrderChoices, turn: Turn): Promise<PlacedOrder> {
  let handedOver = false;
  const state: { placed?: PlacedOrder } = {};
  await runWorkflow(ctx, 'flash-sale', [
    {
      name: 'claim',
      async run() {
        try {
          turn.leave(await claim(ctx, sale, buyerId, n));
        } catch (err) {
          const left = isMeadowError(err) ? err.details?.remaining : undefined;
          turn.leave(typeof left === 'number' ? left : undefined);
          throw err;
        }
      },
      async compensate() {
        if (!handedOver && (await giveBack(ctx, sale, buyerId, n))) admissionOf(ctx).saw(sale.id, { returned: n });
      },
    },
    {
      name: 'order',
      async run(s) {
        s.placed = await placeOrder(ctx, {
          buyerId, shopId: sale.shopId, lines: [{ variantId: sale.variantId, quantity: n, noteId: choices.noteId }],
          address: choices.address, shippingOptionId: choices.shippingOptionId, provider: choices.provider, returnUrl: choices.returnUrl,
          paymentWindowSeconds: flashSettingsOf(ctx).flashPaymentWindowSeconds,
          presold: {
            unitPrice: new Map([[sale.variantId, sale.price]]),
            held: new Map([[sale.variantId, n]]),
            async handOver(tx, orderId) {
              await handOver(ctx, tx, sale, buyerId, n, orderId);
              // From the commit on, the order owns the units (its cancellation gives them back, claims.ts).
              tx.scope.afterCommit(() => {
                handedOver = true;
              });
            },
          },
        });
      },
    },
  ], state);
  return state.placed!;
}
