// The evaluation of the automatic signals: generated corpora (corpus.ts)
// with planted fake-seeding rings, copies, undisclosed ads, spam links and
// listed words among honest notes and comments are streamed through the
// same evaluate() the hooks use, in posting order, against an index in
// memory. A signal "fires" on an item when its score (its own, or of a
// later finding that names it, like the rest of a burst) reaches the
// signal's default queueAt threshold. Precision and recall per signal are
// printed as one JSON line per corpus and must stay above the floors.

import { describe, expect, it } from 'vitest';
import { evaluate } from '../signals/evaluate.ts';
import { thresholdsOf } from '../signals/settings.ts';
import { SIGNAL_KINDS, type SignalKind } from '../signals/types.ts';
import { generateCorpus, type Corpus } from './corpus.ts';
import { MemoryIndex } from './signals-index.ts';

interface Figures {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

/** Floors the evaluation must reach on every seed (the measured figures are well above; see the printed line). */
const FLOORS: Record<SignalKind, { precision: number; recall: number }> = {
  'near-duplicate': { precision: 0.9, recall: 0.7 },
  'coordinated-burst': { precision: 0.9, recall: 0.9 },
  'undisclosed-ad': { precision: 0.95, recall: 0.85 },
  'spam-links': { precision: 0.95, recall: 0.95 },
  'word-list': { precision: 0.95, recall: 0.95 },
};

async function measure(corpus: Corpus): Promise<{ figures: Record<SignalKind, Figures>; misses: string[] }> {
  const index = new MemoryIndex();
  const best = new Map<string, Map<SignalKind, number>>();
  const raise = (key: string, kind: SignalKind, score: number) => {
    const scores = best.get(key) ?? new Map<SignalKind, number>();
    scores.set(kind, Math.max(score, scores.get(kind) ?? 0));
    best.set(key, scores);
  };
  for (const item of corpus.items) {
    const { signals, fingerprint } = await evaluate(item.subject, index, corpus.settings);
    index.add(fingerprint);
    for (const s of signals) {
      raise(`${item.subject.type}:${item.subject.id}`, s.kind, s.score);
      for (const r of s.related ?? []) raise(`${r.type}:${r.id}`, s.kind, s.score);
    }
  }
  const figures = {} as Record<SignalKind, Figures>;
  const misses: string[] = [];
  for (const kind of SIGNAL_KINDS) {
    const queueAt = thresholdsOf(corpus.settings, kind).queueAt;
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const item of corpus.items) {
      const fired = (best.get(`${item.subject.type}:${item.subject.id}`)?.get(kind) ?? 0) >= queueAt;
      const truth = item.truth.has(kind);
      if (fired && truth) tp++;
      else if (fired) {
        fp++;
        misses.push(`${kind} false positive on ${item.group}: ${item.subject.text.slice(0, 80)}`);
      } else if (truth) fn++;
    }
    const r3 = (x: number) => Math.round(x * 1000) / 1000;
    figures[kind] = { tp, fp, fn, precision: r3(tp / Math.max(1, tp + fp)), recall: r3(tp / Math.max(1, tp + fn)) };
  }
  return { figures, misses };
}

describe('evaluation of the automatic signals on generated corpora', () => {
  for (const seed of [7, 11, 23]) {
    it(`reaches the precision and recall floors of every signal (seed ${seed})`, async () => {
      const corpus = generateCorpus(seed);
      const groups = (name: string) => corpus.items.filter((i) => i.group === name).length;
      // The corpus is what it claims to be: mostly honest, with every kind of abuse planted.
      expect(groups('honest')).toBeGreaterThan(700);
      for (const planted of ['ring', 'duplicate', 'ad', 'spam-short', 'spam-blocked', 'spam-many', 'spam-farm', 'listed-word']) expect(groups(planted)).toBeGreaterThan(5);

      const { figures, misses } = await measure(corpus);
      console.log(JSON.stringify({ evaluation: 'trust.signals', seed, items: corpus.items.length, figures }));
      for (const kind of SIGNAL_KINDS) {
        expect(figures[kind].tp, `${kind}: planted items found`).toBeGreaterThan(20);
        expect(figures[kind].precision, `${kind} precision\n${misses.filter((m) => m.startsWith(kind)).join('\n')}`).toBeGreaterThanOrEqual(FLOORS[kind].precision);
        expect(figures[kind].recall, `${kind} recall`).toBeGreaterThanOrEqual(FLOORS[kind].recall);
      }
    });
  }

  it('queues fewer than 1% of honest notes for any signal', async () => {
    const corpus = generateCorpus(7);
    const index = new MemoryIndex();
    let flagged = 0;
    let honest = 0;
    for (const item of corpus.items) {
      const { signals, fingerprint } = await evaluate(item.subject, index, corpus.settings);
      index.add(fingerprint);
      if (item.group !== 'honest') continue;
      honest++;
      if (signals.some((s) => s.score >= thresholdsOf(corpus.settings, s.kind).queueAt)) flagged++;
    }
    expect(flagged / honest).toBeLessThan(0.01);
  });
});
