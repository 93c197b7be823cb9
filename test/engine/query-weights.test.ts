import { rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalEmbedder } from '../../src/core/embed/local-embedder';
import { LexicalIndex } from '../../src/core/index/lexical-index';
import { Engine } from '../../src/engine/engine';
import { askVault, fitQueryWeights } from '../../src/engine/ask';
import { generateScaleVault } from '../../src/bench/scale-vault';
import { makeVault, SAMPLE_NOTES, writeNote } from './temp-vault';

const QUESTIONS = [
  'How deep should tomato roots be watered in the garden?',
  'What does the borrow checker enforce about ownership and lifetimes?',
  'Which train goes to the temples and the bamboo forest?',
  'note overview of the plowshare and the fisherman',
];

/** Query features of an embedder, rounded so that float noise in the last bits does not count. */
function queryFeatures(e: LocalEmbedder, q: string): [string, number][] {
  return [...e.features(q, 'query').entries()]
    .map(([f, w]) => [f, Math.round(w * 1e9) / 1e9] as [string, number])
    .sort();
}

async function fromScratch(texts: string[]): Promise<LocalEmbedder> {
  const e = new LocalEmbedder();
  await e.init();
  e.fitQueryWeights(texts);
  return e;
}

describe('incremental query weights', () => {
  it('from the lexical index equal a from-scratch fit after adds and removes', async () => {
    const texts = generateScaleVault({ notes: 40, seed: 3 }).flatMap((n) => n.text.split(/\n\n+/));
    const docs = texts.map((text, i) => ({ id: `c${i}`, title: `t${i}`, aliases: '', headings: '', text }));
    const idx = new LexicalIndex();
    for (const d of docs) idx.add(d);
    // Remove a third, change a few in place (replace), add some back.
    for (const d of docs.filter((_, i) => i % 3 === 0)) idx.remove(d.id);
    const live = new Map(docs.filter((_, i) => i % 3 !== 0).map((d) => [d.id, d]));
    for (const d of docs.slice(1, 30).filter((_, i) => i % 3 !== 2)) {
      const changed = { ...d, text: `${d.text} tomato roots borrow checker` };
      idx.add(changed);
      live.set(d.id, changed);
    }
    const incremental = new LocalEmbedder();
    await incremental.init();
    incremental.useTermFrequencies((s) => idx.textFrequency(s), idx.size());
    expect(idx.size()).toBe(live.size);
    const scratch = await fromScratch([...live.values()].map((d) => d.text));
    for (const q of QUESTIONS) expect(queryFeatures(incremental, q)).toEqual(queryFeatures(scratch, q));
  });

  describe('in the engine', () => {
    const cleanup: string[] = [];
    afterEach(() => {
      for (const d of cleanup.splice(0)) rmSync(d, { recursive: true, force: true });
    });

    it('follow syncs and reopen without a pass over the chunks, and equal a from-scratch fit', async () => {
      const vault = makeVault(SAMPLE_NOTES);
      cleanup.push(vault);
      let engine = await Engine.open({ vault, dataDir: join(vault, '.overlay'), embedder: 'local', saveDelayMs: 0 });
      try {
        await engine.sync();
        const check = async (): Promise<void> => {
          const view = engine.view();
          await askVault(view, QUESTIONS[0]!, { noAnswer: true });
          const scratch = await fromScratch([...view.chunks.values()].map((c) => c.text));
          for (const q of QUESTIONS)
            expect(queryFeatures(view.embedder as LocalEmbedder, q)).toEqual(queryFeatures(scratch, q));
        };
        await check();
        writeNote(
          vault,
          'Gardening/Watering.md',
          '# Watering\nWater tomato roots at dawn; the borrow checker of the garden is the sun.\n',
        );
        unlinkSync(join(vault, 'Travel/Kyoto.md'));
        writeNote(
          vault,
          'Travel/Osaka.md',
          '# Osaka\nThe train from Osaka reaches the temples and the bamboo forest.\n',
        );
        await engine.sync();
        await check();
        await engine.close();
        engine = await Engine.open({ vault, dataDir: join(vault, '.overlay'), embedder: 'local' });
        // Pointing the embedder at the index is constant time: it reads no chunk text beyond the two chunks edited
        // since the lexical snapshot was written (the store patches the snapshot with them when it is first used).
        const view = engine.view();
        const chunks = view.chunks;
        let reads = 0;
        for (const c of chunks.values()) {
          const text = c.text;
          Object.defineProperty(c, 'text', { get: () => (reads++, text), configurable: true });
        }
        fitQueryWeights(view);
        expect(reads).toBeLessThanOrEqual(2);
        expect(chunks.size).toBeGreaterThan(6);
        for (const c of chunks.values())
          Object.defineProperty(c, 'text', { value: (c as { text: string }).text, writable: true });
        await check();
      } finally {
        await engine.close();
      }
    });
  });
});
