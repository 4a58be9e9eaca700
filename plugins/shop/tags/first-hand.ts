// An extension point of Product.notes: other shop modules say which notes
// about a product come from a first-hand experience the shop can vouch for
// (the reviews module: their authors received it in an order that was not
// refunded). Those lead the real experiences; paid promotion and the shop's
// own notes stay last whatever the answer.

import { defineFilter } from '../../../core/index.ts';
import type { NoteRecord } from '../../notes/contracts.ts';
import type { ProductRecord } from '../contracts.ts';

export const FirstHandNotes = defineFilter<Set<number>, { product: ProductRecord; notes: readonly NoteRecord[] }>('shop.first-hand-notes', {
  description: 'Ids of the notes about a product whose authors are verified buyers (Product.notes lists them first among real experiences); add to the set.',
});
