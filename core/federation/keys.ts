// Key pairs per local actor, made once and stored: RSASSA-PKCS1-v1_5 2048
// for HTTP signatures (what Mastodon uses; 4096, Fedify's default, signs
// about six times slower) and Ed25519 for Object Integrity Proofs.

import type { Kysely } from 'kysely';
import { exportJwk, importJwk } from '@fedify/fedify';

export interface ActorKeys {
  rsa: CryptoKeyPair;
  ed25519: CryptoKeyPair;
}

export class KeyStore {
  private readonly db: () => Kysely<any>;
  private readonly cache = new Map<string, Promise<ActorKeys>>();

  constructor(db: () => Kysely<any>) {
    this.db = db;
  }

  /** The owner's keys, generated on first use ("account:<id>" or "instance"). */
  keysOf(owner: string): Promise<ActorKeys> {
    let keys = this.cache.get(owner);
    if (!keys) {
      keys = this.loadOrCreate(owner);
      keys.catch(() => this.cache.delete(owner));
      this.cache.set(owner, keys);
    }
    return keys;
  }

  private async loadOrCreate(owner: string): Promise<ActorKeys> {
    const existing = await this.load(owner);
    if (existing) return existing;
    const rsa = (await crypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      true,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    const ed25519 = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const json = async (k: CryptoKey) => JSON.stringify(await exportJwk(k));
    await this.db()
      .insertInto('core_fed_keys')
      .values({
        owner,
        rsa_public: await json(rsa.publicKey),
        rsa_private: await json(rsa.privateKey),
        ed25519_public: await json(ed25519.publicKey),
        ed25519_private: await json(ed25519.privateKey),
        created_at: Date.now(),
      })
      // Another node may have made them first: theirs win, ours are dropped.
      .onConflict((oc) => oc.column('owner').doNothing())
      .execute();
    return (await this.load(owner))!;
  }

  private async load(owner: string): Promise<ActorKeys | null> {
    const row = await this.db().selectFrom('core_fed_keys').selectAll().where('owner', '=', owner).executeTakeFirst();
    if (!row) return null;
    const key = (jwk: string, kind: 'public' | 'private') => importJwk(JSON.parse(jwk), kind);
    return {
      rsa: { publicKey: await key(row.rsa_public, 'public'), privateKey: await key(row.rsa_private, 'private') },
      ed25519: { publicKey: await key(row.ed25519_public, 'public'), privateKey: await key(row.ed25519_private, 'private') },
    };
  }
}
