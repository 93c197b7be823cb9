// The behaviour every engine vector index (ChunkVectorIndex: the two HNSW bindings and the column scan) must show,
// as plain checks that throw on failure, so the same checks run under vitest in Node (vector-index-contract.test.ts)
// and inside a Web Worker in headless Chromium (vector-index-chromium.test.ts). A check marked `only` concerns one
// kind: the graph's beam and options, or the scan's exactness.
import type { ChunkVectorIndex } from '../../../src/core/index/chunk-vector-index';
import { DEFAULT_HNSW, type HnswGraph, type HnswOptions } from '../../../src/core/index/hnsw-graph';
import { ExactIndex } from '../../../src/core/index/exact-index';
import { recallAtK } from '../../../src/core/index/recall';
import { lowRankVectors } from './random-vectors';

/** Makes an index of the implementation under test (a scan ignores the HNSW options). */
export type MakeIndex = (dims: number, opts?: Partial<HnswOptions>) => ChunkVectorIndex;

/** One named check; `only` restricts it to one kind of index. */
export interface VectorIndexCheck {
  name: string;
  only?: 'hnsw' | 'scan';
  run: (make: MakeIndex, module: string) => void;
}

/** The checks that apply to an index of `kind`. */
export function checksFor(kind: 'hnsw' | 'scan'): VectorIndexCheck[] {
  return VECTOR_INDEX_CHECKS.filter((c) => c.only === undefined || c.only === kind);
}

const v = (...xs: number[]): Float32Array => Float32Array.from(xs);

function ok(cond: boolean, what: string): void {
  if (!cond) throw new Error(`check failed: ${what}`);
}

function eq(a: unknown, b: unknown, what: string): void {
  ok(JSON.stringify(a) === JSON.stringify(b), `${what}: got ${JSON.stringify(a)}, expected ${JSON.stringify(b)}`);
}

function near(a: number, b: number, digits: number, what: string): void {
  ok(Math.abs(a - b) < 10 ** -digits / 2, `${what}: ${a} vs ${b}`);
}

function throws(fn: () => unknown, re: RegExp, what: string): void {
  try {
    fn();
  } catch (e) {
    ok(re.test(e instanceof Error ? e.message : String(e)), `${what}: message ${String(e)} does not match ${re}`);
    return;
  }
  ok(false, `${what}: did not throw`);
}

/** Dimensions of the vectors heavyChurn writes. */
export const CHURN_DIMS = 6;

/**
 * Heavy churn on `idx` (of CHURN_DIMS) and an exact twin: 1,200 puts, 1,100 deletes, 1,000 puts into the freed
 * slots, one more delete (with many stale tombstones by then, which get pruned) and a few puts of labels evicted,
 * maybe evicted, in their own slot and live. Returns the vectors by label and the twin.
 */
export function heavyChurn(idx: ChunkVectorIndex): { data: Float32Array[]; exact: ExactIndex } {
  const data = lowRankVectors(3000, CHURN_DIMS, 3, 0.5, 21);
  const exact = new ExactIndex(CHURN_DIMS);
  const put = (label: number): void => {
    idx.upsert(label, data[label]!);
    exact.upsert(label, data[label]!);
  };
  const del = (label: number): void => {
    idx.remove(label);
    exact.remove(label);
  };
  for (let i = 0; i < 1200; i++) put(i);
  for (let i = 0; i < 1100; i++) del(i);
  for (let i = 2000; i < 3000; i++) put(i);
  del(2000);
  for (const label of [5, 1099, 2000, 2500]) put(label);
  return { data, exact };
}

/** Named checks; `module` is the implementation's error prefix. */
export const VECTOR_INDEX_CHECKS: VectorIndexCheck[] = [
  {
    name: 'finds ≥ 95% of the exact top-10 at efSearch 128, with exact cosine scores',
    only: 'hnsw',
    run: (make) => {
      const dims = 128;
      const data = lowRankVectors(2000, dims, 16, 0.5, 11);
      const queries = lowRankVectors(100, dims, 16, 0.5, 12);
      const hnsw = make(dims) as HnswGraph;
      const exact = new ExactIndex(dims);
      data.forEach((x, i) => {
        hnsw.upsert(i, x);
        exact.upsert(i, x);
      });
      eq(hnsw.size(), 2000, 'size after growth past initialCapacity 1024');
      const recall = recallAtK(hnsw, exact, queries, 10);
      ok(recall >= 0.95, `recall@10 ${recall} ≥ 0.95`);
      hnsw.setEfSearch(10);
      ok(recallAtK(hnsw, exact, queries, 10) < 0.9, 'a narrow beam loses neighbours');
      hnsw.setEfSearch(DEFAULT_HNSW.efSearch);
      const q = queries[0]!;
      const truth = new Map(exact.search(q, 2000).map((h) => [h.label, h.score]));
      const hits = hnsw.search(q, 10);
      eq(hits.length, 10, 'hits');
      for (let i = 1; i < hits.length; i++) ok(hits[i]!.score <= hits[i - 1]!.score, 'best first');
      for (const h of hits) near(h.score, truth.get(h.label)!, 4, `score of ${h.label}`);
    },
  },
  {
    name: 'upserts, removes, re-adds and reports live labels only',
    run: (make) => {
      const idx = make(3, { initialCapacity: 4 });
      idx.upsert(1, v(1, 0, 0));
      idx.upsert(2, v(0, 1, 0));
      idx.upsert(3, v(0, 0, 1));
      idx.upsert(1, v(0, 1, 0.1));
      eq(idx.size(), 3, 'size after replace');
      ok(
        idx.search(v(1, 0, 0), 3).every((h) => h.score < 0.5),
        'replaced vector',
      );
      idx.remove(2);
      idx.remove(2);
      idx.remove(42);
      ok(!idx.has(2), 'removed');
      eq(idx.labels(), [1, 3], 'labels');
      eq(idx.getVector(2), null, 'no vector of a removed label');
      eq(
        idx.search(v(0, 1, 0), 5).map((h) => h.label),
        [1, 3],
        'search skips removed',
      );
      idx.upsert(2, v(1, 0, 0));
      eq(idx.labels(), [1, 2, 3], 'labels after re-add');
      const top = idx.search(v(1, 0, 0), 1);
      eq(
        top.map((h) => h.label),
        [2],
        're-added label found',
      );
      near(top[0]!.score, 1, 5, 'score of re-added');
    },
  },
  {
    name: 'reuses deleted slots, grows, and keeps every label reachable under heavy churn',
    run: (make) => {
      const idx = make(CHURN_DIMS, { m: 8, efConstruction: 40, initialCapacity: 16 });
      const { data, exact } = heavyChurn(idx);
      eq(idx.labels(), exact.labels(), 'labels');
      for (const label of [5, 1099, 2000, 2500, 1150]) {
        eq(idx.search(data[label]!, 1)[0]!.label, label, `label ${label} reachable`);
        idx.getVector(label)!.forEach((x, i) => near(x, exact.getVector(label)![i]!, 5, `vector of ${label}`));
      }
    },
  },
  {
    name: 'honours the filter callback and clamps k to the live count',
    run: (make) => {
      const data = lowRankVectors(300, 16, 4, 0.3, 9);
      const idx = make(16);
      data.forEach((x, i) => idx.upsert(i, x));
      const odd = idx.search(data[10]!, 15, (l) => l % 2 === 1);
      eq(odd.length, 15, 'filtered hits');
      ok(
        odd.every((h) => h.label % 2 === 1),
        'only odd labels',
      );
      eq(
        idx
          .search(data[10]!, 10, (l) => l < 3)
          .map((h) => h.label)
          .sort(),
        [0, 1, 2],
        'few matches',
      );
      eq(idx.search(data[10]!, 5000).length, 300, 'k clamped');
      eq(idx.search(data[10]!, 0), [], 'k 0');
      throws(
        () =>
          idx.search(data[10]!, 5, () => {
            throw new Error('boom');
          }),
        /boom/,
        'filter error propagates',
      );
      eq(make(16).search(data[0]!, 10), [], 'empty index');
    },
  },
  {
    name: 'rejects bad input with module-prefixed errors and loses nothing',
    run: (make, module) => {
      const idx = make(3);
      idx.upsert(7, v(1, 0, 0));
      throws(() => idx.upsert(8, v(1, 0)), new RegExp(`^${module}: vector has 2 dims, index has 3`), 'dims');
      throws(
        () => idx.upsert(8, v(1, Number.POSITIVE_INFINITY, 0)),
        new RegExp(`^${module}: vector has a non-finite`),
        'finite',
      );
      throws(() => idx.upsert(2 ** 32, v(1, 0, 0)), new RegExp(`^${module}: label`), 'label');
      throws(() => idx.search(v(1, 0, 0), 1.5), new RegExp(`^${module}: k`), 'k');
      throws(() => idx.search(v(1, 0), 1), new RegExp(`^${module}: query has 2 dims`), 'query dims');
      throws(() => idx.searchExcept(v(1, 0, 0), -1, new Set()), new RegExp(`^${module}: k`), 'k of searchExcept');
      throws(() => make(-3), new RegExp(`^${module}: dims`), 'dims of the index');
      eq(idx.labels(), [7], 'nothing lost');
    },
  },
  {
    name: 'rejects bad graph options',
    only: 'hnsw',
    run: (make, module) => {
      const idx = make(3) as HnswGraph;
      throws(() => idx.setEfSearch(0), new RegExp(`^${module}: efSearch`), 'efSearch');
      throws(() => make(3, { m: 1 }), new RegExp(`^${module}: m must be`), 'm');
    },
  },
  {
    name: 'searches all but excluded labels, as the filter does',
    run: (make) => {
      const data = lowRankVectors(400, 16, 4, 0.3, 5);
      const idx = make(16);
      data.forEach((x, i) => idx.upsert(i, x));
      const q = data[3]!;
      const all = idx.search(q, 20);
      const without = new Set(all.slice(0, 5).map((h) => h.label));
      const rest = idx.searchExcept(q, 15, without);
      eq(rest.length, 15, 'hits');
      ok(
        rest.every((h) => !without.has(h.label)),
        'no excluded label',
      );
      eq(
        rest.map((h) => h.label),
        idx.search(q, 15, (l) => !without.has(l)).map((h) => h.label),
        'same as the filter',
      );
      eq(idx.searchExcept(q, 5, new Set()), idx.search(q, 5), 'nothing excluded');
      eq(idx.searchExcept(q, 5, new Set(data.map((_, i) => i))), [], 'everything excluded');
    },
  },
  {
    name: 'is exact: the same top 10 and scores as the brute-force index, on low-rank and sparse vectors',
    only: 'scan',
    run: (make) => {
      for (const [data, queries] of [
        [lowRankVectors(3000, 64, 8, 0.4, 31), lowRankVectors(40, 64, 8, 0.4, 32)],
        [sparseVectors(3000, 128, 40, 33), sparseVectors(40, 128, 10, 34)],
      ] as const) {
        const dims = data[0]!.length;
        const idx = make(dims);
        const exact = new ExactIndex(dims);
        data.forEach((x, i) => {
          idx.upsert(i, x);
          exact.upsert(i, x);
        });
        for (let i = 0; i < 500; i += 3) {
          idx.remove(i);
          exact.remove(i);
        }
        eq(recallAtK(idx, exact, [...queries], 10), 1, 'recall@10');
        for (const q of queries) {
          const want = exact.search(q, 10);
          const got = idx.search(q, 10);
          eq(
            got.map((h) => h.label),
            want.map((h) => h.label),
            'order',
          );
          got.forEach((h, j) => near(h.score, want[j]!.score, 5, `score of ${h.label}`));
        }
      }
    },
  },
];

/** `n` unit vectors with `nnz` random non-zero dimensions each, like the local embedder's hashed features. */
function sparseVectors(n: number, dims: number, nnz: number, seed: number): Float32Array[] {
  let s = seed;
  const rand = (): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  return Array.from({ length: n }, () => {
    const x = new Float32Array(dims);
    for (let i = 0; i < nnz; i++) x[Math.floor(rand() * dims)] = rand() * 2 - 1;
    const norm = Math.hypot(...x) || 1;
    return x.map((y) => y / norm);
  });
}
