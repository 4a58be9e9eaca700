// The signal index in memory, for the evaluation and detector tests: the
// same lookups the database index answers (signals/db-index.ts), over
// arrays, so a corpus of thousands runs in a second.

import type { KeyUse } from '../signals/bursts.ts';
import type { Fingerprinted, SignalIndex } from '../signals/evaluate.ts';
import type { Lookalike } from '../signals/near-duplicate.ts';

export class MemoryIndex implements SignalIndex {
  private readonly byBand = new Map<number, Lookalike[]>();
  private readonly byKey = new Map<string, KeyUse[]>();

  add(fp: Fingerprinted): void {
    const s = fp.subject;
    if (s.id == null) throw new Error('Only stored texts are indexed');
    const base = { type: s.type, id: s.id, authorId: s.authorId, authorHandle: s.authorHandle, at: s.at };
    if (fp.signature) {
      const entry: Lookalike = { ...base, signature: fp.signature };
      for (const band of fp.bands) this.byBand.set(band, [...(this.byBand.get(band) ?? []), entry]);
    }
    for (const { key } of fp.keys) {
      this.byKey.set(key, [...(this.byKey.get(key) ?? []), { ...base, key, authorCreatedAt: s.authorCreatedAt, signature: fp.signature }]);
    }
  }

  async lookalikes(bands: number[], since: number): Promise<Lookalike[]> {
    const found = new Map<string, Lookalike>();
    for (const band of bands) for (const e of this.byBand.get(band) ?? []) if (e.at >= since) found.set(`${e.type}:${e.id}`, e);
    return [...found.values()];
  }

  async keyUses(keys: string[], since: number): Promise<KeyUse[]> {
    return keys.flatMap((k) => (this.byKey.get(k) ?? []).filter((u) => u.at >= since));
  }
}
