// The providers a payment may use: the built-in manual one, the test
// gateway where it is allowed, and whatever other plugins add through the
// PaymentProviders filter. Looked up per use, so a plugin switched off
// takes its provider with it.

import { notFound, type PluginContext } from '../../../../core/index.ts';
import { PaymentProviders, type PaymentProvider } from '../contracts.ts';
import { testGatewayOf } from '../test-gateway/gateway.ts';
import { testProvider } from '../test-gateway/provider.ts';
import { manualProvider } from './manual.ts';

export async function paymentProviders(ctx: PluginContext): Promise<PaymentProvider[]> {
  const builtIn = [manualProvider(ctx), ...(testGatewayOf(ctx).enabled() ? [testProvider(ctx)] : [])];
  const all = await ctx.hooks.applyFilter(PaymentProviders, builtIn);
  const seen = new Set<string>();
  return all.filter((p) => !seen.has(p.name) && seen.add(p.name));
}

export async function providerNamed(ctx: PluginContext, name: string): Promise<PaymentProvider> {
  const provider = (await paymentProviders(ctx)).find((p) => p.name === name);
  if (!provider) throw notFound(`Payment provider "${name}"`);
  return provider;
}
