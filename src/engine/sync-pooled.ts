// The streaming half of a sync over many changed notes: workers (index-pool.ts) read, parse, chunk and embed notes
// while this thread applies them in listing order and saves checkpoints. At most a few tasks of notes are in flight,
// so memory holds a window of the vault, never all of it. Which texts to embed is decided here, against the vector
// store and the texts already in flight, so a text shared by notes prepared in two workers is embedded once.
import type { Embedder, NoteFileInfo, NoteSource, ProgressFn } from '../core/types';
import type { FieldTerms } from '../core/index/lexical-terms';
import type { SyncReport } from './protocol';
import type { IndexState } from './index-state';
import { prepareFile, type FileOutcome, type PrepareSettings } from './prepare-file';
import { textKey } from './vector-store';

/** One note of a prepare task: its listing, and the indexed note's hash (absent: parse whatever the bytes). */
export interface PrepareTask {
  info: NoteFileInfo;
  knownSha256?: string;
}

/** Threads that prepare and embed notes for one sync run. */
export interface NoteWorkers {
  /** How many tasks it runs at once. */
  readonly parallelism: number;
  /** Prepares notes, outcomes in task order; rejects with WorkerCrash when a worker dies. */
  prepare(tasks: readonly PrepareTask[]): Promise<FileOutcome[]>;
  /** Passage vectors of `texts`, byte-identical to the sync's embedder's (and their lexical terms, if analysed). */
  embed(texts: string[]): Promise<Embedded>;
  /** Stops every thread (also mid-task); resolves when they have exited. */
  close(): Promise<void>;
}

/** Vectors of texts, and the lexical analysis of each text when the workers made it (lexical-terms.ts). */
export interface Embedded {
  vectors: Float32Array[];
  terms?: FieldTerms[];
}

/** A sync's optional worker pool: used when at least `minNotes` notes changed. */
export interface SyncPool {
  minNotes: number;
  /** Starts the workers; rejects (e.g. no worker script) to let the sync run in-process. */
  start(): Promise<NoteWorkers>;
}

/** A worker died (crash, out of memory, killed): its unfinished tasks are redone in-process. */
export class WorkerCrash extends Error {
  override readonly name = 'WorkerCrash';
}

/** What the streaming sync needs from syncIndex. */
export interface PooledRun {
  pool: SyncPool;
  source: NoteSource;
  state: IndexState;
  embedder: Embedder;
  settings: PrepareSettings;
  candidates: readonly NoteFileInfo[];
  full: boolean;
  report: SyncReport;
  progress: ProgressFn;
  /** Texts per in-process embed call. */
  batch: number;
  checkpointEvery: number;
  checkpoint?: () => Promise<void>;
  shouldStop?: () => boolean;
}

/** Notes per task, and their bytes: small enough to keep a window short, big enough to make messages rare. */
const TASK_NOTES = 16;
const TASK_BYTES = 1 << 20;
/** Tasks in flight per thread: one running, the next ones queued while this thread applies. */
const DEPTH_PER_THREAD = 3;
/** How often a wait for workers looks at shouldStop (ms): a stop is never held up by a slow note. */
const STOP_POLL_MS = 50;

const STOPPED = Symbol('stopped');

/** Prepares, embeds and applies `run.candidates`, in their order, on workers; in-process if they fail. */
export async function syncPooled(run: PooledRun): Promise<void> {
  let workers: NoteWorkers;
  try {
    workers = await run.pool.start();
  } catch (e) {
    workers = inProcess(run);
    // The pool was asked for and not there (no worker script beside the bundle, or one failed to start).
    run.report.warnings.push({ path: '', message: `index workers unavailable (${message(e)}); indexed in-process` });
  }
  const p = new Pipeline(run);
  try {
    await p.run(workers);
  } finally {
    await p.workers?.close();
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The in-process fallback: the same preparation and embedder on this thread. */
function inProcess(run: PooledRun): NoteWorkers {
  return {
    parallelism: 1,
    async prepare(tasks) {
      const out: FileOutcome[] = [];
      for (const t of tasks) out.push(await prepareFile(run.source, t.info, t.knownSha256, run.settings));
      return out;
    },
    async embed(texts) {
      const vectors: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += run.batch)
        vectors.push(...(await run.embedder.embed(texts.slice(i, i + run.batch), 'passage')));
      return { vectors };
    },
    close: () => Promise.resolve(),
  };
}

interface Task {
  from: number;
  done: Promise<FileOutcome[]>;
}

class Pipeline {
  workers: NoteWorkers | null = null;
  /** Bumped when the workers are replaced: results of the old ones are ignored. */
  private generation = 0;
  /** Text key → its embedding in flight (a text shared by notes of two tasks is embedded once). */
  private readonly inflight = new Map<string, Promise<void>>();
  /** Text key → the lexical terms a worker analysed with its vector, until a chunk with that text is applied. */
  private readonly textTerms = new Map<string, FieldTerms>();
  private sinceCheckpoint = 0;

  constructor(private readonly job: PooledRun) {}

  async run(first: NoteWorkers): Promise<void> {
    const { candidates, shouldStop, report } = this.job;
    this.workers = first;
    const queue: Task[] = [];
    let next = 0;
    let applied = 0;
    this.job.progress({ phase: 'index', done: 0, total: candidates.length });
    while (applied < candidates.length && !shouldStop?.()) {
      const workers = this.workers;
      while (queue.length < workers.parallelism * DEPTH_PER_THREAD && next < candidates.length) {
        const task = this.dispatch(workers, next);
        queue.push(task.task);
        next = task.end;
      }
      const head = queue[0]!;
      let outcomes: FileOutcome[] | typeof STOPPED;
      try {
        outcomes = await untilStopped(head.done, shouldStop);
      } catch (e) {
        if (!(e instanceof WorkerCrash)) throw e;
        // Nothing is lost: every note not applied yet is prepared again, in-process.
        report.warnings.push({
          path: '',
          message: `${e.message}; the notes it had not finished were indexed in-process`,
        });
        await this.replace(inProcess(this.job));
        queue.length = 0;
        next = applied;
        continue;
      }
      if (outcomes === STOPPED) break;
      queue.shift();
      for (let i = 0; i < outcomes.length && !shouldStop?.(); i++) {
        this.apply(outcomes[i]!, candidates[head.from + i]!);
        applied++;
        if (applied % 50 === 0) this.job.progress({ phase: 'index', done: applied, total: candidates.length });
      }
      if (this.job.checkpoint && this.sinceCheckpoint >= this.job.checkpointEvery && !shouldStop?.()) {
        this.sinceCheckpoint = 0;
        await this.job.checkpoint();
      }
    }
    this.job.progress({ phase: 'index', done: applied, total: candidates.length });
  }

  private async replace(next: NoteWorkers): Promise<void> {
    this.generation++;
    this.inflight.clear();
    const old = this.workers;
    this.workers = next;
    await old?.close();
  }

  /** Sends the notes from `from` as one task; its promise resolves once their new texts have vectors. */
  private dispatch(workers: NoteWorkers, from: number): { task: Task; end: number } {
    const { candidates, state, full } = this.job;
    const tasks: PrepareTask[] = [];
    let bytes = 0;
    let end = from;
    while (end < candidates.length && tasks.length < TASK_NOTES && (bytes < TASK_BYTES || tasks.length === 0)) {
      const info = candidates[end++]!;
      bytes += info.size;
      const rec = state.notes.get(info.path);
      tasks.push(rec && !full ? { info, knownSha256: rec.sha256 } : { info });
    }
    const generation = this.generation;
    const done = workers.prepare(tasks).then(async (outcomes) => {
      if (outcomes.length !== tasks.length)
        throw new Error(`sync-pooled: ${outcomes.length} outcomes for ${tasks.length} notes`);
      if (generation === this.generation) await this.embedNew(workers, outcomes, generation);
      return outcomes;
    });
    // Awaited in order by run(); a task abandoned after a crash or a stop must not be an unhandled rejection.
    done.catch(() => undefined);
    return { task: { from, done }, end };
  }

  /** Embeds the texts of `outcomes` that have no vector and are not in flight; waits for those in flight. */
  private async embedNew(workers: NoteWorkers, outcomes: FileOutcome[], generation: number): Promise<void> {
    const { state, report } = this.job;
    const texts = new Map<string, string>();
    const waits: Promise<void>[] = [];
    for (const out of outcomes) {
      if (out.kind !== 'prepared') continue;
      for (const c of out.chunks) {
        // A chunk already indexed under the same id (same path and text) keeps its label and vector.
        if (state.chunks.has(c.id)) continue;
        const key = textKey(c.text);
        if (state.vectors.has(key) || texts.has(key)) continue;
        const pending = this.inflight.get(key);
        if (pending) waits.push(pending);
        else texts.set(key, c.text);
      }
    }
    if (texts.size > 0) {
      const keys = [...texts.keys()];
      const embedded = workers.embed([...texts.values()]).then(({ vectors: vecs, terms }) => {
        if (generation !== this.generation) return;
        if (vecs.length !== keys.length)
          throw new Error(`sync: embedder returned ${vecs.length} vectors for ${keys.length} texts`);
        keys.forEach((k, i) => state.vectors.set(k, vecs[i]!));
        if (terms) keys.forEach((k, i) => this.textTerms.set(k, terms[i]!));
        report.embedded += keys.length;
        this.sinceCheckpoint += keys.length;
      });
      embedded.catch(() => undefined);
      for (const k of keys) this.inflight.set(k, embedded);
      void embedded
        .finally(() => {
          if (generation === this.generation) for (const k of keys) this.inflight.delete(k);
        })
        .catch(() => undefined);
      waits.push(embedded);
    }
    await Promise.all(waits);
  }

  /** The terms analysed with a text's vector, once (a later chunk with the same text analyses it itself). */
  private readonly takeTerms = (key: string): FieldTerms | undefined => {
    const t = this.textTerms.get(key);
    if (t) this.textTerms.delete(key);
    return t;
  };

  /** Puts one outcome in place, as the in-process sync does. */
  private apply(out: FileOutcome, f: NoteFileInfo): void {
    const { state, report } = this.job;
    const rec = state.notes.get(f.path);
    if (out.kind === 'prepared') {
      for (const w of out.warnings) report.warnings.push({ path: f.path, message: w });
      report.removed += state.applyNote(out.record, out.chunks, this.textTerms.size > 0 ? this.takeTerms : undefined);
    } else if (out.kind === 'same') {
      if (rec) state.touchRecord({ ...rec, mtimeMs: f.mtimeMs, size: f.size });
    } else {
      if (out.kind === 'failed' || !out.vanished) report.skipped.push({ path: f.path, reason: out.reason });
      if (rec) report.removed += state.removeNote(f.path);
    }
  }
}

/** `p`, or STOPPED as soon as shouldStop() turns true while waiting for it. */
function untilStopped<T>(p: Promise<T>, shouldStop?: () => boolean): Promise<T | typeof STOPPED> {
  if (!shouldStop) return p;
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (!shouldStop()) return;
      clearInterval(timer);
      resolve(STOPPED);
    }, STOP_POLL_MS);
    p.then(
      (v) => {
        clearInterval(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearInterval(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
