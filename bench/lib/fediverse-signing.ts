// The signing limit of this machine: how many HTTP signatures per second
// Fedify's signRequest makes with an RSA-2048 key (what Meadow's actors
// sign deliveries with), on a POST of a real activity body. Each outbound
// delivery makes at least one signature, so deliveries per second can never
// beat this figure; it is measured in the same run as the delivery.

import { signRequest } from '@fedify/fedify';

export type SignatureSpec = 'rfc9421' | 'draft-cavage-http-signatures-12';

export interface SigningRate {
  spec: SignatureSpec;
  /** Signatures in flight at once (WebCrypto signs on libuv's thread pool). */
  inFlight: number;
  signatures: number;
  seconds: number;
  perSecond: number;
}

export async function measureSigningRate(options: {
  privateKey: CryptoKey;
  keyId: URL;
  inbox: URL;
  body: string;
  spec: SignatureSpec;
  inFlight: number;
  seconds: number;
}): Promise<SigningRate> {
  const bytes = new TextEncoder().encode(options.body);
  const signOne = async () => {
    // As Fedify's delivery does: a new Request per inbox, the body passed along so it is not cloned.
    const request = new Request(options.inbox, { method: 'POST', headers: { 'content-type': 'application/activity+json' }, body: bytes });
    await signRequest(request, options.privateKey, options.keyId, { spec: options.spec, body: bytes.buffer as ArrayBuffer });
  };
  for (let i = 0; i < 20; i++) await signOne(); // warm-up
  let signatures = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const lane = async () => {
    while (performance.now() < deadline) {
      await signOne();
      signatures++;
    }
  };
  await Promise.all(Array.from({ length: options.inFlight }, lane));
  const seconds = (performance.now() - started) / 1000;
  return { spec: options.spec, inFlight: options.inFlight, signatures, seconds, perSecond: signatures / seconds };
}
