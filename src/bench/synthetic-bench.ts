// The scale point: HNSW against the exact scan on 50,000 synthetic low-rank 384-d unit vectors (the size and
// shape docs/design.md measured), with held-out queries drawn from the same distribution.
import type { VectorSearchResult } from './report';
import { lowRankUnitVectors, type LowRankSpec } from './low-rank';
import { benchVectorSearch } from './vector-bench';

/** The synthetic set: 50k indexed vectors + 200 queries, 384 dims (MiniLM-sized), 16 latent directions. */
export const SYNTHETIC_SPEC: LowRankSpec & { queries: number } = {
  n: 50_000,
  queries: 200,
  dims: 384,
  latent: 16,
  noise: 0.5,
  seed: 2024,
};

/** Generates the set and measures it (the HNSW build alone takes about a minute on one core). */
export function benchSynthetic(
  spec: LowRankSpec & { queries: number },
  reps: number,
  log?: (msg: string) => void,
): VectorSearchResult {
  log?.(`synthetic: generating ${spec.n} + ${spec.queries} low-rank ${spec.dims}-d vectors`);
  // One call, then split: queries must share the data's projection.
  const all = lowRankUnitVectors({ ...spec, n: spec.n + spec.queries });
  const data = all.slice(0, spec.n);
  const queries = all.slice(spec.n);
  return benchVectorSearch(
    {
      source: `synthetic: ${spec.n.toLocaleString('en-US')} low-rank vectors (${spec.latent} latent dims, noise ${spec.noise}, seed ${spec.seed})`,
      data,
      queries,
      queryNote: `${spec.queries} held-out vectors from the same distribution`,
    },
    { reps, presize: true, ...(log ? { log: (m: string) => log(`synthetic: ${m}`) } : {}) },
  );
}
