// The shop's pages in the web front end (when the web plugin is on), added
// through the web plugin's contracts only.

import { filter } from '../../../core/index.ts';
import { WebPages } from '../../web/contracts.ts';
import type { ShopModule } from '../module.ts';
import { productPage } from './product-page.ts';

export const webModule: ShopModule = {
  name: 'web',
  hooks: [filter(WebPages, (pages) => [...pages, productPage])],
};
