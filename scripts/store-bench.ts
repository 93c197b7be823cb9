// Store benchmark (issue 15): cold index CPU, bytes written per one-note edit, Engine.open time, on a copy of a
// vault. Bytes are the process's write() bytes from /proc/self/io (Linux), so they count every file the engine
// writes, whatever the store's layout. Usage (after esbuild, see docs/decisions/0006-record-store.md):
//   node dist/store-bench.mjs <vault> <work-dir> [--opens 7] [--edits 5] [--skip-cold]
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../src/engine/engine';

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
  const dataDir = join(work, 'data');
  const out: Record<string, unknown> = { vault: src, loadBefore: loadavg()[0] };
  if (!process.argv.includes('--skip-cold') || !existsSync(dataDir)) {
    cpSync(src, vault, { recursive: true });
    const w0 = wchar();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const e = await Engine.open({ vault, dataDir });
    const r = await e.sync();
    await e.close();
    out.cold = { cpuMs: Math.round(cpuMs(c0)), wallMs: Math.round(performance.now() - t0), notes: r.notes, chunks: r.chunks, bytesWritten: wchar() - w0 };
  }
  // One-note edit: a line appended to a mid-sized note, then open + sync + close (the save).
  const notes = (await (async () => {
    const e = await Engine.open({ vault, dataDir });
    const paths = [...e.view().notes.keys()].sort();
    await e.close();
    return paths;
  })());
  const target = join(vault, notes[Math.floor(notes.length / 2)]!);
  const edits: { bytes: number; syncCpuMs: number }[] = [];
  for (let i = 0; i < flag('--edits', 5); i++) {
    writeFileSync(target, `${readFileSync(target, 'utf8')}\nEdited line ${i} about storage benchmarks.\n`);
    const e = await Engine.open({ vault, dataDir });
    const w0 = wchar();
    const c0 = process.cpuUsage();
    await e.sync();
    await e.close();
    edits.push({ bytes: wchar() - w0, syncCpuMs: Math.round(cpuMs(c0)) });
  }
  out.edit = { note: target, runs: edits, medianBytes: median(edits.map((x) => x.bytes)), medianSyncCpuMs: median(edits.map((x) => x.syncCpuMs)) };
  const opens: { wallMs: number; cpuMs: number }[] = [];
  for (let i = 0; i < flag('--opens', 7); i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const e = await Engine.open({ vault, dataDir });
    opens.push({ wallMs: Math.round(performance.now() - t0), cpuMs: Math.round(cpuMs(c0)) });
    await e.close();
  }
  out.open = { runs: opens, medianWallMs: median(opens.map((x) => x.wallMs)), medianCpuMs: median(opens.map((x) => x.cpuMs)) };
  out.loadAfter = loadavg()[0];
  console.log(JSON.stringify(out));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
