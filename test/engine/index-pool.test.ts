// The index pool (worker threads that read, parse, chunk and embed) must build exactly the index the in-process
// sync builds — same notes, chunk ids, texts, token counts, labels, byte-equal vectors and lexical answers — on the
// example vault and on hostile notes; a stopped run must save what is done and resume; a worker that dies must
// cost nothing but time. The workers run the built bundle (dist/index-worker.mjs), as the CLI does.
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, type EngineOptions } from '../../src/engine/engine';
import type { SyncReport } from '../../src/engine/protocol';
import { heapGrowingFlag, indexPool, indexWorkerCount, POOL_HEAP_GROWING_PERCENT } from '../../src/engine/index-pool';
import { DEFAULT_CHUNKER } from '../../src/core/markdown/chunk-note';
import { buildCli, REPO } from '../cli/index-helpers';
import { hostileNotes } from './hostile-vault';
import { makeVault, removeDir } from './temp-vault';

const WORKER = pathToFileURL(join(REPO, 'dist', 'index-worker.mjs'));
const CRASHING = new URL('./fixtures/crashing-index-worker.mjs', import.meta.url);
const TAMPERING = new URL('./fixtures/tampering-index-worker.mjs', import.meta.url);
const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'overlay-pool-'));
  dirs.push(d);
  return d;
};

beforeAll(() => buildCli(), 180_000);
afterAll(() => dirs.forEach(removeDir));

/** Indexes `vault` into a fresh data dir; returns the report and a comparable dump of the index. */
async function indexOnce(
  vault: string,
  opts: Partial<EngineOptions>,
): Promise<{ report: SyncReport; dump: Dump; streamed: boolean }> {
  let streamed = false;
  // Only the pooled sync reports the 'index' phase (notes applied as they stream in).
  const onProgress: EngineOptions['onProgress'] = (p) => void (streamed ||= p.phase === 'index');
  const engine = await Engine.open({ vault, dataDir: tempDir(), onProgress, ...opts });
  try {
    const report = await engine.sync();
    return { report, dump: dump(engine), streamed };
  } finally {
    await engine.close();
  }
}

interface Dump {
  notes: unknown[];
  chunks: unknown[];
  vectors: Record<string, string>;
  lexical: unknown[];
  /** The lexical index itself: its snapshot's sha256 and its term order. */
  lexicalIndex: [string, string[]];
}

const QUERIES = ['tomato watering', 'attention context length cost', 'Rust borrow checker', 'энергия', 'data image'];

function dump(engine: Engine): Dump {
  const view = engine.view();
  const notes = [...view.notes.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
  const chunks = [...view.chunks.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  const vectors: Record<string, string> = {};
  for (const c of chunks) {
    const v = view.vectorOf?.(c.id);
    vectors[c.id] = v ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') : 'none';
  }
  const lexical = QUERIES.map((q) => view.lexical.search(q, 10).map((h) => [h.id, h.score]));
  // Pooled, the index is built from the terms the workers analysed (packed-terms.ts); in-process, from the texts.
  const bytes = view.lexical.toSnapshot();
  const lexicalIndex: Dump['lexicalIndex'] = [
    createHash('sha256').update(bytes).digest('hex'),
    [...view.lexical.terms()],
  ];
  return { notes, chunks, vectors, lexical, lexicalIndex };
}

/** The report without its timing. */
function comparable(r: SyncReport): Omit<SyncReport, 'ms'> {
  const { ms: _ms, ...rest } = r;
  return rest;
}

const pooled = { indexWorkers: 2, indexWorkerUrl: WORKER, poolMinNotes: 1 } satisfies Partial<EngineOptions>;
const inProcess = { indexWorkers: 0 } satisfies Partial<EngineOptions>;

describe('the index pool', () => {
  it('indexes the example vault exactly as the in-process sync does', async () => {
    const vault = join(tempDir(), 'vault');
    cpSync(join(REPO, 'examples', 'vault'), vault, { recursive: true });
    const a = await indexOnce(vault, inProcess);
    const b = await indexOnce(vault, pooled);
    expect(a.report.chunks).toBeGreaterThan(50);
    expect([a.streamed, b.streamed]).toEqual([false, true]);
    expect(comparable(b.report)).toEqual(comparable(a.report));
    expect(b.dump).toEqual(a.dump);
  }, 120_000);

  it('indexes hostile notes exactly as the in-process sync does (guard warnings and skipped notes too)', async () => {
    const notes = { ...hostileNotes(false), 'binary.md': Buffer.from([0, 1, 2, 3]), 'bad.md': Buffer.from([0xff]) };
    const vault = makeVault(notes);
    dirs.push(vault);
    // A generous time budget (as hostile-vault.test.ts): what is cut must not depend on the machine's load.
    const guard = { noteGuard: { budgetMs: 60_000, maxWallMs: 60_000, maxChars: 200_000 } };
    const a = await indexOnce(vault, { ...inProcess, ...guard });
    const b = await indexOnce(vault, { ...pooled, ...guard });
    expect(a.report.skipped.map((s) => s.path).sort()).toEqual(['bad.md', 'binary.md']);
    expect(a.report.warnings.length).toBeGreaterThan(0);
    expect([a.streamed, b.streamed]).toEqual([false, true]);
    expect(comparable(b.report)).toEqual(comparable(a.report));
    expect(b.dump).toEqual(a.dump);
  }, 180_000);

  it('builds a new index from the lexical terms the workers analysed, not from the texts again', async () => {
    const vault = makeVault(proseNotes(60));
    dirs.push(vault);
    const a = await indexOnce(vault, inProcess);
    // Workers whose terms are tampered with: the chunks are the same, the lexical index is not.
    const b = await indexOnce(vault, { ...pooled, indexWorkerUrl: TAMPERING });
    expect(b.streamed).toBe(true);
    expect(b.dump.chunks).toEqual(a.dump.chunks);
    expect(b.dump.lexicalIndex[0]).not.toBe(a.dump.lexicalIndex[0]);
  }, 120_000);

  it('stops mid-way saving what is done, and the next run indexes the rest to the same index', async () => {
    const vault = makeVault(proseNotes(600));
    dirs.push(vault);
    const dataDir = tempDir();
    let engine: Engine | null = null;
    let applied = 0;
    engine = await Engine.open({
      vault,
      dataDir,
      ...pooled,
      checkpointEvery: 100,
      onProgress: (p) => {
        if (p.phase === 'index') applied = p.done;
        // Closing is how a signal stops a run: the sync ends after the note it is applying.
        if (p.phase === 'index' && p.done >= 150 && engine) void engine.close();
      },
    });
    const first = await engine.sync().catch((e: unknown) => e);
    await engine.close();
    engine = null;
    expect(first).not.toBeInstanceOf(Error);
    expect(applied).toBeGreaterThanOrEqual(150);
    const resumed = await Engine.open({ vault, dataDir, ...pooled });
    const saved = resumed.status().notes;
    expect(saved).toBeGreaterThanOrEqual(150);
    expect(saved).toBeLessThan(624);
    const rest = await resumed.sync();
    expect(rest.notes).toBe(624);
    const after = dump(resumed);
    await resumed.close();
    const whole = await indexOnce(vault, inProcess);
    // Labels follow the order notes were applied in, which the stop does not change. A resumed index lists its
    // terms in the loaded snapshot's (sorted) order first; its bytes are the same.
    const bytesOnly = (d: Dump): Dump => ({ ...d, lexicalIndex: [d.lexicalIndex[0], []] });
    expect(bytesOnly(after)).toEqual(bytesOnly(whole.dump));
  }, 240_000);

  it('finishes in-process when a worker dies, losing nothing', async () => {
    const vault = makeVault(proseNotes(300));
    dirs.push(vault);
    const a = await indexOnce(vault, inProcess);
    const b = await indexOnce(vault, { ...pooled, indexWorkerUrl: CRASHING });
    expect(a.report.embedded).toBeLessThan(a.report.chunks);
    const { warnings, ...rest } = comparable(b.report);
    const { warnings: expected, ...restA } = comparable(a.report);
    expect(warnings.slice(0, -1)).toEqual(expected);
    expect(warnings.at(-1)?.message).toMatch(
      /^index worker exited \(code 7\); the notes it had not finished were indexed in-process$/,
    );
    expect(rest).toEqual(restA);
    expect(rest.notes).toBe(312);
    expect(b.dump).toEqual(a.dump);
  }, 180_000);

  it('is off with 0 workers or without its script, and sized from the cores otherwise', () => {
    const init = {
      root: '/v',
      exclude: [],
      chunker: DEFAULT_CHUNKER,
      maxNoteBytes: 1,
      noteGuard: {},
      fingerprint: { model: 'm', dims: 1, pooling: 'none', normalized: true, version: 1 },
    };
    expect(indexPool({ workers: 0, workerUrl: WORKER, init })).toBeNull();
    expect(indexPool({ workers: 1, workerUrl: new URL('file:///nowhere/index-worker.mjs'), init })).toBeNull();
    expect(indexPool({ workers: 1, workerUrl: WORKER, init })?.minNotes).toBe(200);
    expect(indexWorkerCount(undefined, { OVERLAY_INDEX_WORKERS: '0' })).toBe(0);
    expect(indexWorkerCount(3, { OVERLAY_INDEX_WORKERS: '0' })).toBe(3);
    expect(indexWorkerCount(undefined, {})).toBeGreaterThanOrEqual(1);
    expect(() => indexWorkerCount(undefined, { OVERLAY_INDEX_WORKERS: 'many' })).toThrow(/bad worker count/);
  });

  it('bounds V8 heap growth while it runs, unless told otherwise', () => {
    expect(heapGrowingFlag({}, [])).toBe(`--heap-growing-percent=${POOL_HEAP_GROWING_PERCENT}`);
    expect(heapGrowingFlag({ OVERLAY_HEAP_GROWING_PERCENT: '50' }, [])).toBe('--heap-growing-percent=50');
    expect(heapGrowingFlag({ OVERLAY_HEAP_GROWING_PERCENT: '0' }, [])).toBeNull();
    // Given to Node itself (command line or NODE_OPTIONS): left alone.
    expect(heapGrowingFlag({}, ['--heap-growing-percent=80'])).toBeNull();
    expect(heapGrowingFlag({ NODE_OPTIONS: '--heap_growing_percent=80' }, [])).toBeNull();
    expect(() => heapGrowingFlag({ OVERLAY_HEAP_GROWING_PERCENT: 'low' }, [])).toThrow(/bad OVERLAY_HEAP_GROWING/);
  });
});

/** `n` linked notes of varied prose, and copies of some in another folder (texts embedded once across workers). */
function proseNotes(n: number): Record<string, string> {
  const words = 'garden tomato soil water root leaf compost mulch season harvest seed plant light frost shade'.split(
    ' ',
  );
  let x = 7;
  const pick = (): string => words[(x = (x * 1103515245 + 12345) % 2147483648) % words.length]!;
  const shared = 'A paragraph every tenth note shares word for word.';
  const out: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    const paras = Array.from({ length: 3 }, () => Array.from({ length: 60 }, pick).join(' ') + '.');
    const text = `# Note ${i}\n\n${paras[0]}\n\n## Part\n\n${paras.slice(1).join('\n\n')}\n\n${i % 10 === 0 ? shared : ''}\nSee [[n${(i * 7) % n}]].\n`;
    out[`notes/n${i}.md`] = text;
    // A copy under the same name in another folder has the same chunk texts: one vector each, whichever
    // worker prepared which copy.
    if (i % 25 === 0) out[`copies/n${i}.md`] = text;
  }
  return out;
}
