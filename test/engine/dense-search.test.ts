import { renameSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { exactScan } from '../../src/engine/dense-search';
import type { IndexState } from '../../src/engine/index-state';
import { makeVault, SAMPLE_NOTES, writeNote } from './temp-vault';

const QUESTIONS = [
  'tomato roots and deep watering',
  'borrow checker lifetimes',
  'train to the temples',
  'compost heap',
];

describe("the engine view's vector search", () => {
  const cleanup: string[] = [];
  afterEach(() => {
    for (const d of cleanup.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('equals an exact scan of the stored vectors, before and after notes change', async () => {
    const vault = makeVault(SAMPLE_NOTES);
    cleanup.push(vault);
    const engine = await Engine.open({ vault, dataDir: join(vault, '.overlay'), embedder: 'local' });
    try {
      await engine.sync();
      const view = engine.view();
      const state = (engine as unknown as { s: { state: IndexState } }).s.state;
      const check = async (): Promise<void> => {
        for (const q of QUESTIONS) {
          const [v] = await view.embedder.embed([q], 'query');
          const got = view.vectors.search(v!, 5);
          const want = exactScan(state, v!, 5);
          expect(got.map((h) => h.label)).toEqual(want.map((h) => h.label));
          got.forEach((h, i) => expect(h.score).toBeCloseTo(want[i]!.score, 6));
        }
      };
      await check();
      writeNote(vault, 'Gardening/Watering.md', '# Watering\nWater tomato roots at dawn, deeply, twice a week.\n');
      unlinkSync(join(vault, 'Travel/Kyoto.md'));
      writeNote(vault, 'Travel/Osaka.md', '# Osaka\nThe train from Osaka reaches the temples.\n');
      await engine.sync();
      await check();
      // Removed chunks are gone from the results.
      const [v] = await view.embedder.embed(['Kyoto bamboo forest'], 'query');
      const ids = view.vectors.search(v!, 20).map((h) => view.idOf(h.label));
      expect(ids.every((id) => id !== undefined && !id.startsWith('Travel/Kyoto'))).toBe(true);
    } finally {
      await engine.close();
    }
  });
});

describe("the engine's link graph", () => {
  it('updated in place after edits, new, renamed and deleted notes equals one built from scratch', async () => {
    const { LinkGraph } = await import('../../src/core/graph/link-graph');
    const vault = makeVault(SAMPLE_NOTES);
    const engine = await Engine.open({ vault, dataDir: join(vault, '.overlay'), embedder: 'local' });
    try {
      await engine.sync();
      const state = (engine as unknown as { s: { state: IndexState } }).s.state;
      const dump = (g: InstanceType<typeof LinkGraph>) =>
        g.notes().map((p) => [p, g.outlinks(p), g.backlinks(p), g.unresolved(p)]);
      const before = state.graph();
      writeNote(vault, 'Gardening/Compost.md', '# Compost\nNow about [[Rust traits]] and [[Kyoto]] and [[Nowhere]].\n');
      writeNote(vault, 'Gardening/Tomatoes.md', '---\naliases: [Tomato plants]\n---\n# Tomatoes\nNo links any more.\n');
      await engine.sync();
      const after = state.graph();
      expect(after).toBe(before); // updated in place
      expect(dump(after)).toEqual(dump(new LinkGraph([...state.notes.values()])));
      expect(after.backlinks('Code/Rust traits.md')).toContain('Gardening/Compost.md');
      writeNote(vault, 'Travel/Osaka.md', '# Osaka\nSee [[Kyoto]] and [[Compost]].\n');
      renameSync(join(vault, 'Gardening/Compost.md'), join(vault, 'Compost.md'));
      unlinkSync(join(vault, 'Code/Rust traits.md'));
      writeNote(vault, 'Gardening/Watering.md', '---\naliases: [Kyoto]\n---\n# Watering\nWater at dawn.\n');
      await engine.sync();
      expect(state.graph()).toBe(before);
      expect(dump(state.graph())).toEqual(dump(new LinkGraph([...state.notes.values()])));
      expect(state.graph().outlinks('Travel/Osaka.md')).toContain('Compost.md');
    } finally {
      await engine.close();
      rmSync(vault, { recursive: true, force: true });
    }
  });
});
