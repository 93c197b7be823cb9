import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalEmbedder } from '../../src/core/embed/local-embedder';
import { ScanIndex } from '../../src/core/index/scan-index';
import { HnswIndex } from '../../src/core/index/hnsw-index';
import { seededRandom } from '../../src/core/util/prng';
import { Engine, type EngineOptions } from '../../src/engine/engine';
import type { IndexState } from '../../src/engine/index-state';
import { relatedNotes } from '../../src/engine/related';
import { makeVault, removeDir, writeNote } from './temp-vault';

const TOPICS = [
  ['tomato', 'garden', 'soil', 'water', 'compost', 'seed', 'harvest', 'root'],
  ['rust', 'borrow', 'lifetime', 'trait', 'compiler', 'memory', 'thread', 'type'],
  ['train', 'temple', 'kyoto', 'station', 'ticket', 'journey', 'map', 'hotel'],
  ['plugin', 'vault', 'note', 'link', 'markdown', 'setting', 'command', 'view'],
];

/** A vault of `n` notes over a few topics, some with several sections (so several chunks). */
function topicVault(n: number, seed: number): Record<string, string> {
  const rand = seededRandom(seed);
  const pick = (xs: readonly string[]): string => xs[Math.floor(rand() * xs.length)]!;
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    const topic = TOPICS[i % TOPICS.length]!;
    const other = TOPICS[Math.floor(rand() * TOPICS.length)]!;
    const sections = 1 + Math.floor(rand() * 3);
    let text = `# Note ${i}\n`;
    for (let s = 0; s < sections; s++) {
      const words = Array.from({ length: 60 }, () => pick(rand() < 0.8 ? topic : other));
      text += `\n## Part ${s}\n\n${words.join(' ')}.\n`;
    }
    files[`T${i % TOPICS.length}/Note ${i}.md`] = text;
  }
  return files;
}

/** Related notes by brute force: the note's normalised mean vector against every other note's chunks. */
function bruteForce(state: IndexState, note: string, k: number): { note: string; score: number }[] {
  const own = state.notes.get(note)!.chunks.map((id) => state.vectors.get(state.chunks.get(id)!.key)!);
  const q = new Float64Array(own[0]!.length);
  for (const v of own) v.forEach((x, i) => (q[i] = q[i]! + x));
  const norm = Math.hypot(...q);
  const best = new Map<string, number>();
  for (const c of state.chunks.values()) {
    if (c.note === note) continue;
    const v = state.vectors.get(c.key)!;
    let s = 0;
    for (let i = 0; i < v.length; i++) s += (q[i]! / norm) * v[i]!;
    best.set(c.note, Math.max(best.get(c.note) ?? -Infinity, s));
  }
  return [...best]
    .map(([n, score]) => ({ note: n, score }))
    .sort((a, b) => b.score - a.score || (a.note < b.note ? -1 : 1))
    .slice(0, k);
}

describe('related notes', () => {
  const dirs: string[] = [];
  const engines: Engine[] = [];
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.close();
    for (const d of dirs.splice(0)) removeDir(d);
  });

  async function open(
    vault: string,
    extra: Partial<EngineOptions> = {},
  ): Promise<{ e: Engine; state: () => IndexState }> {
    const e = await Engine.open({ vault, dataDir: join(vault, '.overlay'), ...extra });
    engines.push(e);
    return { e, state: () => (e as unknown as { s: { state: IndexState } }).s.state };
  }

  it('on the column scan equal a brute-force search for every note, before and after edits', async () => {
    const vault = makeVault(topicVault(60, 3));
    dirs.push(vault);
    const { e, state } = await open(vault);
    await e.sync();
    expect(state().vectorIndex).toBeInstanceOf(ScanIndex);
    expect(state().chunks.size).toBeGreaterThan(100);
    const check = async (k: number): Promise<void> => {
      for (const note of state().notes.keys()) {
        const got = await e.related(note, k);
        const want = bruteForce(state(), note, k);
        expect(got.map((r) => r.note)).toEqual(want.map((r) => r.note));
        got.forEach((r, i) => expect(r.score).toBeCloseTo(want[i]!.score, 6));
      }
    };
    await check(5);
    await check(80); // more notes than the first window of chunks holds: the search widens
    writeNote(vault, 'T0/Note 0.md', '# Note 0\n\nrust borrow lifetime trait compiler memory thread type.\n');
    writeNote(vault, 'T1/Fresh.md', '# Fresh\n\ntomato garden soil water compost seed harvest root.\n');
    await e.sync();
    await check(5);
    expect((await e.related('T1/Fresh.md', 3)).every((r) => r.note.startsWith('T0/'))).toBe(true);
  });

  it('on an HNSW graph (dense embedders) agree with the scan on the same vectors', async () => {
    class GraphLocalEmbedder extends LocalEmbedder {
      override readonly sparseQueries = false;
    }
    const files = topicVault(40, 5);
    const a = makeVault(files);
    const b = makeVault(files);
    dirs.push(a, b);
    const scan = await open(a);
    const graph = await open(b, { embedderFactory: () => new GraphLocalEmbedder() });
    await scan.e.sync();
    await graph.e.sync();
    expect(graph.state().vectorIndex).toBeInstanceOf(HnswIndex);
    for (const note of scan.state().notes.keys()) {
      const want = (await scan.e.related(note, 5)).map((r) => r.note);
      expect((await graph.e.related(note, 5)).map((r) => r.note)).toEqual(want);
    }
  });

  it('return nothing for an unknown note and refuse a bad k', async () => {
    const vault = makeVault(topicVault(8, 7));
    dirs.push(vault);
    const { e, state } = await open(vault);
    await e.sync();
    expect(relatedNotes(state(), 'Nope.md', 3)).toEqual([]);
    expect(() => relatedNotes(state(), 'T0/Note 0.md', 0)).toThrow(/k must be a positive/);
  });
});
