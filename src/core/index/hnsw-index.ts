// Approximate nearest-neighbour search on hnswlib-node (cosine space). The wrapper keeps the live label set in JS
// so size/has/labels are exact and cheap, grows the native index by doubling, reuses deleted slots, and checks
// index files in JS before the native reader touches them (see hnsw-file.ts).
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, basename } from 'node:path';
import type { HierarchicalNSW } from 'hnswlib-node';
import type { VectorHit, VectorIndex } from '../types';
import { inspectHnswFile, type HnswFileInfo } from './hnsw-file';
import { checkDims, checkK, checkLabel, checkVector } from './vector-math';

const MODULE = 'hnsw-index';
/** hnswlib's default seed; fixed so that builds are reproducible. */
const SEED = 100;

/** Graph and search parameters. */
export interface HnswOptions {
  m: number;
  efConstruction: number;
  efSearch: number;
  initialCapacity: number;
}

/**
 * Defaults: M 16 / efConstruction 200 are hnswlib's own; efSearch 128 gave recall@10 0.975 on low-rank 384-d data
 * at 50k vectors where 64 gave only 0.907 (DESIGN.md, measured).
 */
export const DEFAULT_HNSW: HnswOptions = { m: 16, efConstruction: 200, efSearch: 128, initialCapacity: 1024 };

type HnswModule = typeof import('hnswlib-node');
let hnswModule: HnswModule | undefined;
/** Loads the native addon on first use, so importing this file costs nothing. */
function native(): HnswModule {
  hnswModule ??= createRequire(import.meta.url)('hnswlib-node') as HnswModule;
  return hnswModule;
}

/** HNSW index over unit vectors with integer labels; scores are cosine similarities. */
export class HnswIndex implements VectorIndex {
  readonly dims: number;
  private readonly opts: HnswOptions;
  private index: HierarchicalNSW;
  private readonly live = new Set<number>();
  /** Labels that may still sit in the native index marked deleted (a superset: slot reuse evicts some). */
  private tombstones = new Set<number>();

  /** Creates an empty index. */
  constructor(dims: number, opts: Partial<HnswOptions> = {}) {
    checkDims(MODULE, dims);
    this.dims = dims;
    this.opts = checkOptions({ ...DEFAULT_HNSW, ...opts });
    this.index = new (native().HierarchicalNSW)('cosine', dims);
    this.index.initIndex(this.opts.initialCapacity, this.opts.m, this.opts.efConstruction, SEED, true);
    this.index.setEf(this.opts.efSearch);
  }

  /** Reads an index written by save(); throws Error('hnsw-index: ...') if the file is missing/corrupt/dims differ. */
  static load(file: string, dims: number, opts: Partial<HnswOptions> = {}): HnswIndex {
    checkDims(MODULE, dims);
    let info: HnswFileInfo;
    try {
      info = inspectHnswFile(readFileSync(file), dims);
    } catch (e: unknown) {
      throw new Error(`${MODULE}: cannot load ${file}: ${reason(e)}`);
    }
    // The constructor's native index is a placeholder (capacity 1) replaced by the loaded one below.
    const self = new HnswIndex(dims, { ...opts, m: info.m, efConstruction: info.efConstruction, initialCapacity: 1 });
    // A fresh native object: if readIndexSync fails it leaves a dangling pointer behind, so never reuse one.
    const loaded = new (native().HierarchicalNSW)('cosine', dims);
    try {
      loaded.readIndexSync(file, true);
    } catch (e: unknown) {
      throw new Error(`${MODULE}: cannot load ${file}: ${reason(e)}`);
    }
    self.index = loaded;
    self.index.setEf(self.opts.efSearch);
    for (const label of info.live) self.live.add(label);
    self.tombstones = new Set(info.deleted);
    return self;
  }

  /** Writes the index to `file` atomically (temp file in the same folder, fsync, rename). */
  save(file: string): void {
    const dir = dirname(file);
    const tmp = join(dir, `.${basename(file)}.${process.pid}.${Date.now().toString(36)}.tmp`);
    try {
      mkdirSync(dir, { recursive: true });
      this.index.writeIndexSync(tmp);
      // hnswlib writes through an unchecked ofstream: a full disk gives a short file silently, so read it back.
      inspectHnswFile(readFileSync(tmp), this.dims);
      fsyncFile(tmp);
      renameSync(tmp, file);
    } catch (e: unknown) {
      rmSync(tmp, { force: true });
      throw new Error(`${MODULE}: cannot save ${file}: ${reason(e)}`);
    }
    fsyncDir(dir);
  }

  /** Sets the search beam width (higher: better recall, slower). */
  setEfSearch(ef: number): void {
    if (!Number.isInteger(ef) || ef < 1) throw new Error(`${MODULE}: efSearch must be a positive integer, got ${ef}`);
    this.opts.efSearch = ef;
    this.index.setEf(ef);
  }

  /** Number of live vectors. */
  size(): number {
    return this.live.size;
  }

  /** True when `label` is live. */
  has(label: number): boolean {
    return this.live.has(label);
  }

  /** Live labels, ascending. */
  labels(): number[] {
    return [...this.live].sort((a, b) => a - b);
  }

  /** The stored vector (normalised by the cosine space), or null when absent. */
  getVector(label: number): Float32Array | null {
    if (!this.live.has(label)) return null;
    return Float32Array.from(this.index.getPoint(label));
  }

  /** Adds or replaces the vector under `label`. */
  upsert(label: number, vector: Float32Array): void {
    checkLabel(MODULE, label);
    checkVector(MODULE, vector, this.dims);
    const point = Array.from(vector);
    if (this.live.has(label)) {
      this.index.addPoint(point, label, false); // updates in place and repairs the neighbourhood
      return;
    }
    if (this.tombstones.delete(label) && this.tryRevive(label)) {
      this.index.addPoint(point, label, false);
    } else {
      // A new label may take a deleted slot; only grow when there is none.
      if (this.index.getCurrentCount() - this.live.size === 0) this.ensureRoom();
      this.index.addPoint(point, label, true);
    }
    this.live.add(label);
  }

  /** Removes `label` if present (its slot is reused by a later insert). */
  remove(label: number): void {
    if (!this.live.delete(label)) return;
    this.index.markDelete(label);
    this.tombstones.add(label);
    // Slot reuse silently evicts tombstoned labels from the native index; prune the set now and then.
    if (this.tombstones.size > 1024 && this.tombstones.size > 2 * (this.index.getCurrentCount() - this.live.size)) {
      this.tombstones = new Set(this.index.getIdsList().filter((l) => !this.live.has(l)));
    }
  }

  /** The k nearest live vectors by cosine, best first; `filter` restricts the labels considered. */
  search(query: Float32Array, k: number, filter?: (label: number) => boolean): VectorHit[] {
    checkVector(MODULE, query, this.dims, 'query');
    checkK(MODULE, k);
    const n = Math.min(k, this.live.size);
    if (n === 0) return [];
    // An exception thrown inside the native callback is not reliably propagated: catch it here, rethrow after.
    let failure: { error: unknown } | undefined;
    const guarded = (label: number): boolean => {
      if (failure) return false;
      try {
        return filter!(label) === true;
      } catch (error: unknown) {
        failure = { error };
        return false;
      }
    };
    const { distances, neighbors } = filter
      ? this.index.searchKnn(Array.from(query), n, guarded)
      : this.index.searchKnn(Array.from(query), n);
    if (failure) throw failure.error;
    return neighbors.map((label, i) => ({ label, score: Math.max(-1, Math.min(1, 1 - distances[i]!)) }));
  }

  /**
   * Re-adding a deleted label must reuse its own slot: adding it into another deleted slot would leave two slots
   * with the same label, and reusing the stale one later would drop the live label from hnswlib's lookup table.
   */
  private tryRevive(label: number): boolean {
    try {
      this.index.unmarkDelete(label);
      return true;
    } catch {
      return false; // its slot was already taken by another label
    }
  }

  private ensureRoom(): void {
    const max = this.index.getMaxElements();
    if (this.index.getCurrentCount() < max) return;
    const next = Math.min(Math.max(max * 2, 16), 0xffff_ffff);
    if (next <= max) throw new Error(`${MODULE}: index is full (${max} elements)`);
    this.index.resizeIndex(next);
  }
}

function checkOptions(o: HnswOptions): HnswOptions {
  const positive = (name: keyof HnswOptions, min: number, max: number): void => {
    const v = o[name];
    if (!Number.isInteger(v) || v < min || v > max) throw new Error(`${MODULE}: ${name} must be an integer in [${min}, ${max}], got ${v}`);
  };
  positive('m', 2, 10_000);
  positive('efConstruction', 1, 1_000_000);
  positive('efSearch', 1, 1_000_000);
  positive('initialCapacity', 1, 0xffff_ffff);
  return o;
}

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function fsyncFile(file: string, flags = 'r+'): void {
  const fd = openSync(file, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes the rename durable; some platforms (Windows) cannot fsync a folder, and lose nothing but that. */
function fsyncDir(dir: string): void {
  try {
    fsyncFile(dir, 'r');
  } catch {
    // not supported here
  }
}
