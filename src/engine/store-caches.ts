// The caches beside the index store's records (docs/decisions/0006-record-store.md): the lexical snapshot, the
// HNSW graph (embedders that keep one) and the column scan's int8 copy (embedders with sparse queries). Each may
// be stale or missing (open-state.ts patches or rebuilds it from the records) and is rewritten by a save with
// caches only when missing or stale enough; each is checked on load (CRC-32) and refused when damaged.
import { crc32 } from 'node:zlib';
import type { EmbedderFingerprint } from '../core/types';
import { HnswIndex } from '../core/index/hnsw-index';
import { ScanIndex } from '../core/index/scan-index';
import type { PackedColumns } from '../core/index/column-pack';
import { blobHeader, openBlob, sealBlobParts } from '../core/storage/blob-envelope';
import { EF_SEARCH } from '../core/index/hnsw-graph';
import type { IndexState, LexicalSnapshotLoad } from './index-state';
import type { GraphSnapshotLoad } from './graph-cache';
import type { FsRecordStore } from './storage/fs-record-store';
import { hnswCacheExists, loadHnswCache, removeHnswCache, saveHnswCache } from './hnsw-cache';
import { decodeLexicalCache, lexicalCacheFits, lexicalCacheParts } from './lexical-cache';
import { loadScanCache, saveScanCache } from './scan-cache';
import { decodeGraphCache, encodeGraphCache, graphCacheFits } from './graph-cache';

/** Caches are rewritten once this many chunk changes are not in them (or this share of all chunks, if more). */
const CACHE_STALE_MIN = 100;
const CACHE_STALE_SHARE = 0.005;
const LEXICAL_CACHE = 'lexical.cache';
const GRAPH_CACHE = 'graph.cache';
/** The graph file is rewritten once this many notes changed (or this share of all notes, if more). */
const GRAPH_STALE_MIN = 20;
const GRAPH_STALE_SHARE = 0.005;

/** What the caches hold for an open (each null/empty when missing or refused). */
export interface LoadedCaches {
  hnsw: HnswIndex | null;
  /** Vector key of each label in the cached graph. */
  hnswKeys: Map<number, string>;
  /** The column scan's rows as cached (sparse-query embedders). */
  columns: PackedColumns | null;
  /** Parses the cached lexical index and what it holds per note (path → [sha256, chunk ids]); null if none. */
  lexical: (() => LexicalSnapshotLoad | null) | null;
  /** Parses the graph file (the link graph and each note's sha256 then); null if none. */
  graph: (() => GraphSnapshotLoad | null) | null;
}

const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The caches of one embedder's folder in a store: which exist, loading them, rewriting the stale ones. */
export class StoreCaches {
  private hasHnsw = false;
  /** The loaded embedder keeps no graph (sparse queries), but a graph cache of an earlier index is on disk. */
  private unusedHnsw = false;
  private hasLexical = false;
  private hasScan = false;
  private hasGraph = false;

  constructor(private readonly records: FsRecordStore) {}

  /**
   * Reads the caches of `folder`; `graph` when the embedder keeps an HNSW graph (else its column scan's copy is
   * read), `lexical` false when the notes are not usable (the snapshot would not match them). Damage is pushed
   * to `problems` and the cache is left out.
   */
  async load(
    folder: string,
    fp: EmbedderFingerprint,
    chunker: string,
    opts: { graph: boolean; lexical: boolean },
    problems: string[],
  ): Promise<LoadedCaches> {
    const out: LoadedCaches = { hnsw: null, hnswKeys: new Map(), columns: null, lexical: null, graph: null };
    this.hasHnsw = false;
    this.hasScan = false;
    this.unusedHnsw = !opts.graph && (await hnswCacheExists(this.records, folder));
    if (opts.graph) {
      try {
        const cached = await loadHnswCache(this.records, folder, fp.dims, EF_SEARCH);
        if (cached) {
          out.hnsw = cached.hnsw;
          out.hnswKeys = cached.keys;
          this.hasHnsw = true;
        }
      } catch (e) {
        problems.push(`HNSW cache unreadable (${errText(e)}): rebuilt from vectors`);
      }
    } else {
      try {
        out.columns = await loadScanCache(this.records, folder, fp.dims);
        this.hasScan = out.columns !== null;
      } catch (e) {
        problems.push(`vector columns cache unreadable (${errText(e)}): rebuilt from vectors`);
      }
    }
    // Both checked now (CRC-32) and decoded on first use: `index` on an unchanged vault or `related` never parse
    // the lexical snapshot (IndexState.deferLexical), the graph waits for its first use (note-aggregates.ts).
    this.hasLexical = false;
    this.hasGraph = false;
    if (opts.lexical) {
      out.lexical = await this.deferredLexical(chunker, problems);
      out.graph = await this.deferredGraph(chunker, problems);
    }
    return out;
  }

  private deferredLexical(chunker: string, problems: string[]): Promise<(() => LexicalSnapshotLoad | null) | null> {
    return this.deferred(
      LEXICAL_CACHE,
      'lexical cache',
      problems,
      (b) => lexicalCacheFits(b, chunker),
      (b) => decodeLexicalCache(b, chunker),
      // An old format or another chunker: the rebuilt index is written at the next save, whatever its size.
      (yes) => (this.hasLexical = yes),
    );
  }

  /** The lexical cache read, checked and parsed now (null when missing, damaged or not this chunker's). */
  private lexicalNow(chunker: string): LexicalSnapshotLoad | null {
    const blob = this.records.readCacheSync(LEXICAL_CACHE);
    const payload = blob ? openBlob(blob, crc32) : null;
    const snap = payload && lexicalCacheFits(payload, chunker) ? decodeLexicalCache(payload, chunker) : null;
    if (!snap) this.hasLexical = false;
    return snap;
  }

  private deferredGraph(chunker: string, problems: string[]): Promise<(() => GraphSnapshotLoad | null) | null> {
    return this.deferred(
      GRAPH_CACHE,
      'graph cache',
      problems,
      (b) => graphCacheFits(b, chunker),
      (b) => decodeGraphCache(b, chunker),
      (yes) => (this.hasGraph = yes),
    );
  }

  /**
   * A checked cache file read and verified now, decoded by the function returned (null when missing, damaged or of
   * another format or chunker); `usable` follows whether the file can stand as it is at the next save.
   */
  private async deferred<T>(
    name: string,
    what: string,
    problems: string[],
    fits: (payload: Uint8Array) => boolean,
    decode: (payload: Uint8Array) => T | null,
    usable: (yes: boolean) => void,
  ): Promise<(() => T | null) | null> {
    const blob = await this.records.readCache(name);
    if (!blob) return null;
    const payload = openBlob(blob, crc32);
    if (!payload) {
      problems.push(`${what} damaged (checksum mismatch): rebuilt`);
      return null;
    }
    if (!fits(payload)) return null;
    usable(true);
    return () => {
      const snap = decode(payload);
      if (!snap) usable(false);
      return snap;
    };
  }

  /** Marks the column cache as not matching the records (open-state found it wrong): rewritten at the next save. */
  refuseColumns(): void {
    this.hasScan = false;
  }

  /** True when a save with caches would rewrite or remove a cache. */
  due(state: IndexState): boolean {
    const limit = staleLimit(state);
    const any = state.chunks.size > 0;
    const index = state.vectorIndex;
    const graphDue = index instanceof HnswIndex && ((any && !this.hasHnsw) || state.stale.hnsw >= limit);
    const scanDue = index instanceof ScanIndex && ((any && !this.hasScan) || state.stale.hnsw >= limit);
    const lexicalDue = (any && !this.hasLexical) || state.stale.lexical >= limit;
    const linksDue = state.notes.size > 0 && (!this.hasGraph || state.graphFileDue(graphStaleLimit(state)));
    return graphDue || scanDue || lexicalDue || linksDue || this.unusedHnsw;
  }

  /** Writes the lexical snapshot of `state`; false when notes and index disagree (never expected: not written). */
  private async writeLexical(chunker: string, state: IndexState): Promise<boolean> {
    // What the snapshot was built from, per note: path → [sha256, chunk ids].
    const notes: Record<string, [string, string[]]> = {};
    for (const n of state.notes.values()) notes[n.path] = [n.sha256, n.chunks];
    const parts = lexicalCacheParts(chunker, notes, state.lexical);
    if (!parts) return false;
    // Written part by part after the header: no sealed copy of the snapshot (tens of MB at the end of a save).
    await this.records.writeCacheParts(LEXICAL_CACHE, [blobHeader(parts, crc32), ...parts]);
    this.hasLexical = true;
    state.stale.lexical = 0;
    return true;
  }

  /** Rewrites the caches of `folder` that are missing or too stale, and removes an unused graph cache. */
  async save(folder: string, chunker: string, state: IndexState): Promise<void> {
    const limit = staleLimit(state);
    const any = state.chunks.size > 0;
    if (this.unusedHnsw) {
      await removeHnswCache(this.records, folder);
      this.unusedHnsw = false;
    }
    // The lexical snapshot first: its build and its bytes then never meet the vector columns a first save builds
    // next (at 50k notes ~100 MB; in that order the save's peak was ~60 MB higher).
    const firstBuild = !this.hasLexical && any;
    if ((state.stale.lexical >= limit || firstBuild) && (await this.writeLexical(chunker, state)) && firstBuild) {
      // A first build's postings give way to the file just written, read and parsed on first use as after an
      // open: the rest of this save (graph, vector columns) never holds them (~130 MB at 50k notes), and an
      // `overlay index` that ends here never reads the file back.
      state.deferLexical(() => this.lexicalNow(chunker));
    }
    if (state.notes.size > 0 && (!this.hasGraph || state.graphFileDue(graphStaleLimit(state)))) {
      const firstGraph = !this.hasGraph;
      // Read (or built) and patched to the notes first: the file then matches every note's sha256.
      const base = state.graph().toBase();
      const shas = base.paths.map((p) => state.notes.get(p)?.sha256 ?? '');
      await this.records.writeCache(GRAPH_CACHE, sealBlobParts([encodeGraphCache(chunker, base, shas)], crc32));
      this.hasGraph = true;
      state.graphFileSaved();
      // As the lexical postings: a first build's graph gives way to its file before the columns are built.
      if (firstGraph) state.deferGraph(await this.deferredGraph(chunker, []));
    }
    const index = state.vectorIndex;
    if (index instanceof HnswIndex && (state.stale.hnsw >= limit || (!this.hasHnsw && any))) {
      await saveHnswCache(this.records, folder, state);
      this.hasHnsw = true;
      state.stale.hnsw = 0;
    }
    if (index instanceof ScanIndex && (state.stale.hnsw >= limit || (!this.hasScan && any))) {
      await saveScanCache(this.records, folder, index);
      this.hasScan = true;
      state.stale.hnsw = 0;
    }
  }
}

function graphStaleLimit(state: IndexState): number {
  return Math.max(GRAPH_STALE_MIN, Math.ceil(GRAPH_STALE_SHARE * state.notes.size));
}

function staleLimit(state: IndexState): number {
  return Math.max(CACHE_STALE_MIN, Math.ceil(CACHE_STALE_SHARE * state.chunks.size));
}
