// The index pool: worker threads (index-worker.ts) that read, parse, chunk and embed notes for a sync over many
// changed notes, while the main thread applies them (sync-pooled.ts). Node only: the plugin's Web Worker indexes
// in-process. Vectors come back in one transferred buffer per request, not copied.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { ChunkerOptions } from '../core/markdown/chunk-note';
import type { NoteGuard } from '../core/markdown/prepare-note';
import type { EmbedderFingerprint } from '../core/types';
import type { FieldTerms } from '../core/index/lexical-terms';
import { TermDictionary, type PackedTerms } from '../core/index/packed-terms';
import type { FileOutcome } from './prepare-file';
import { WorkerCrash, type Embedded, type NoteWorkers, type PrepareTask, type SyncPool } from './sync-pooled';

/** What every worker is started with (structured-cloned: plain data only). */
export interface IndexWorkerInit {
  root: string;
  exclude: string[];
  chunker: ChunkerOptions;
  maxNoteBytes: number;
  /** The numeric limits of the per-note guard (its clocks are the worker's own). */
  noteGuard: Partial<Pick<NoteGuard, 'maxChars' | 'maxParseChars' | 'budgetMs' | 'maxWallMs'>>;
  /** The main thread's embedder: a worker whose local embedder differs refuses to start. */
  fingerprint: EmbedderFingerprint;
}

/** The numeric limits of a per-note guard: what a worker can be sent (clocks are functions). */
export function guardLimits(g: Partial<NoteGuard> = {}): IndexWorkerInit['noteGuard'] {
  const out: IndexWorkerInit['noteGuard'] = {};
  for (const k of ['maxChars', 'maxParseChars', 'budgetMs', 'maxWallMs'] as const)
    if (g[k] !== undefined) out[k] = g[k];
  return out;
}

/** Messages between the pool and a worker. */
export type ToWorker = { t: 'prepare'; id: number; tasks: PrepareTask[] } | { t: 'embed'; id: number; texts: string[] };
export type FromWorker =
  | { t: 'ready' }
  | { t: 'fatal'; message: string }
  | { t: 'prepared'; id: number; outcomes: FileOutcome[] }
  | { t: 'embedded'; id: number; data: Float32Array; count: number; terms: PackedTerms }
  | { t: 'failed'; id: number; message: string };

/** Changed notes from which a sync uses the pool: below, starting threads (~0.3 s) costs more than it saves. */
export const DEFAULT_POOL_MIN_NOTES = 200;
const START_TIMEOUT_MS = 60_000;

/**
 * V8's heap growing factor (1 + this / 100) set when a pool starts. By default V8 lets a busy heap grow to 2-4× what
 * is live before its next full collection: at 50k notes the index worker (~150-200 MB live: WordNet and per-word
 * caches that churn on a vault's long tail of words) held ~500 MB, the peak of a cold index. 30 % keeps both
 * threads' heaps near what they hold (measured: docs/decisions/0011-lexical-postings.md, amendment).
 */
export const POOL_HEAP_GROWING_PERCENT = 30;

/**
 * The V8 flag a pool sets (process-wide: V8 has no per-isolate growing factor), or null: OVERLAY_HEAP_GROWING_PERCENT
 * overrides the percent (0: V8's default), and a growing percent given to Node itself is left alone.
 */
export function heapGrowingFlag(
  env: NodeJS.ProcessEnv = process.env,
  execArgv: readonly string[] = process.execArgv,
): string | null {
  if ([...execArgv, env.NODE_OPTIONS ?? ''].some((a) => /heap[-_]growing[-_]percent/.test(a))) return null;
  const fromEnv = env.OVERLAY_HEAP_GROWING_PERCENT?.trim();
  const percent = fromEnv ? Number(fromEnv) : POOL_HEAP_GROWING_PERCENT;
  if (!Number.isInteger(percent) || percent < 0 || percent > 1000)
    throw new Error(`index-pool: bad OVERLAY_HEAP_GROWING_PERCENT ${String(fromEnv)}`);
  return percent === 0 ? null : `--heap-growing-percent=${percent}`;
}

/** Open pools that set the heap growing factor. */
let poolsGrowingSlowly = 0;

/** The worker script beside this module (dist/index-worker.mjs next to dist/overlay.mjs). */
export function defaultWorkerUrl(): URL {
  return new URL('./index-worker.mjs', import.meta.url);
}

/**
 * Worker threads to use: `requested` (an option), else OVERLAY_INDEX_WORKERS, else one per core but the one the
 * main thread applies on, at least one. 0 turns the pool off.
 */
export function indexWorkerCount(requested?: number, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = env.OVERLAY_INDEX_WORKERS?.trim();
  const n = requested ?? (fromEnv ? Number(fromEnv) : Math.max(1, availableParallelism() - 1));
  if (!Number.isInteger(n) || n < 0) throw new Error(`index-pool: bad worker count ${String(n)}`);
  return n;
}

/** A SyncPool of `workers` threads running `workerUrl`, or null when the pool is off or its script is missing. */
export function indexPool(o: {
  workers: number;
  workerUrl: URL;
  init: IndexWorkerInit;
  minNotes?: number;
}): SyncPool | null {
  if (o.workers <= 0 || !existsSync(fileURLToPath(o.workerUrl))) return null;
  return {
    minNotes: o.minNotes ?? DEFAULT_POOL_MIN_NOTES,
    start: () => ThreadPool.start(o.workers, o.workerUrl, o.init),
  };
}

/** An answer as the pool hands it on: an embed answer with its lexical terms unpacked. */
type Answer = FromWorker & { lexical?: FieldTerms[] };

interface Pending {
  resolve: (m: Answer) => void;
  reject: (e: Error) => void;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
  dead: boolean;
  /** The lexical terms this thread numbered, read from each of its answers in order (even ones nobody awaits). */
  terms: TermDictionary;
}

class ThreadPool implements NoteWorkers {
  private nextId = 1;
  private closing = false;
  /** Whether this pool set the heap growing factor (reset when the last such pool closes). */
  private slowGrowth = false;

  private constructor(
    private readonly threads: Thread[],
    private readonly dims: number,
  ) {}

  get parallelism(): number {
    return this.threads.length;
  }

  static async start(n: number, url: URL, init: IndexWorkerInit): Promise<ThreadPool> {
    const flag = heapGrowingFlag();
    if (flag) {
      setFlagsFromString(flag);
      poolsGrowingSlowly++;
    }
    const threads: Thread[] = [];
    const pool = new ThreadPool(threads, init.fingerprint.dims);
    pool.slowGrowth = flag !== null;
    const ready: Promise<void>[] = [];
    for (let i = 0; i < n; i++) {
      const worker = new Worker(url, { workerData: init });
      const thread: Thread = { worker, pending: new Map(), dead: false, terms: new TermDictionary() };
      threads.push(thread);
      ready.push(pool.watch(thread));
    }
    try {
      await Promise.all(ready);
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  /** Resolves when the thread is ready; afterwards routes its answers and turns its death into WorkerCrash. */
  private watch(t: Thread): Promise<void> {
    return new Promise((resolve, reject) => {
      let started = false;
      const timer = setTimeout(() => fail(`did not start within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
      const fail = (why: string): void => {
        clearTimeout(timer);
        if (t.dead) return;
        t.dead = true;
        const crash = new WorkerCrash(`index worker ${why}`);
        if (!started) reject(crash);
        for (const p of t.pending.values()) p.reject(crash);
        t.pending.clear();
        void t.worker.terminate();
      };
      t.worker.on('message', (m: FromWorker) => {
        if (m.t === 'ready') {
          started = true;
          clearTimeout(timer);
          resolve();
        } else if (m.t === 'fatal') fail(`refused to start: ${m.message}`);
        else {
          const p = t.pending.get(m.id);
          t.pending.delete(m.id);
          // Unpacked here, in arrival order, even when nobody waits: the dictionary must learn every new term.
          p?.resolve(m.t === 'embedded' ? { ...m, lexical: t.terms.unpack(m.terms) } : m);
          if (!p && m.t === 'embedded') t.terms.unpack(m.terms);
        }
      });
      t.worker.on('error', (e) => fail(`failed: ${e.message}`));
      t.worker.on('exit', (code) => {
        if (!this.closing) fail(`exited (code ${code})`);
      });
    });
  }

  /** The live thread with the fewest requests in flight. */
  private pick(): Thread {
    let best: Thread | undefined;
    for (const t of this.threads) if (!t.dead && (!best || t.pending.size < best.pending.size)) best = t;
    if (!best) throw new WorkerCrash('index pool: every worker has stopped');
    return best;
  }

  private request(msg: ToWorker): Promise<Answer> {
    if (this.closing) return Promise.reject(new WorkerCrash('index pool: closed'));
    let t: Thread;
    try {
      t = this.pick();
    } catch (e) {
      return Promise.reject(e as Error);
    }
    return new Promise((resolve, reject) => {
      t.pending.set(msg.id, { resolve, reject });
      t.worker.postMessage(msg);
    });
  }

  async prepare(tasks: readonly PrepareTask[]): Promise<FileOutcome[]> {
    const m = await this.request({ t: 'prepare', id: this.nextId++, tasks: [...tasks] });
    if (m.t === 'prepared') return m.outcomes;
    throw new WorkerCrash(`index worker: ${m.t === 'failed' ? m.message : `unexpected answer ${m.t}`}`);
  }

  async embed(texts: string[]): Promise<Embedded> {
    const m = await this.request({ t: 'embed', id: this.nextId++, texts });
    if (m.t !== 'embedded')
      throw new WorkerCrash(`index worker: ${m.t === 'failed' ? m.message : `unexpected answer ${m.t}`}`);
    if (m.count !== texts.length || m.data.length !== m.count * this.dims)
      throw new Error(`index-pool: ${m.count} vectors of ${m.data.length / Math.max(1, m.count)} dims back`);
    // Views on the one transferred buffer: no copy.
    const out: Float32Array[] = [];
    for (let i = 0; i < m.count; i++) out.push(m.data.subarray(i * this.dims, (i + 1) * this.dims));
    const terms = m.lexical ?? [];
    if (terms.length !== m.count) throw new Error(`index-pool: lexical terms of ${terms.length} texts for ${m.count}`);
    return { vectors: out, terms };
  }

  async close(): Promise<void> {
    this.closing = true;
    const crash = new WorkerCrash('index pool: closed');
    for (const t of this.threads) {
      for (const p of t.pending.values()) p.reject(crash);
      t.pending.clear();
    }
    await Promise.all(this.threads.map((t) => t.worker.terminate().catch(() => undefined)));
    // The workers' heaps are gone: V8's own growing (0 = its default) again for the main thread's build and save,
    // which would otherwise pay for more collections than its peak needs.
    if (this.slowGrowth) {
      this.slowGrowth = false;
      if (--poolsGrowingSlowly === 0) setFlagsFromString('--heap-growing-percent=0');
    }
  }
}
