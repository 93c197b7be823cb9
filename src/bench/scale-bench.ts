// `npm run bench -- --scale`: generated vaults of 1k, 10k and 50k notes (scale-vault.ts), each measured in fresh
// processes: cold index, unchanged re-index, one-edit re-index and a warm query session; growth exponents between
// the sizes; the machine's load before and after. Vaults and indexes live in a work folder and can be reused, so
// the query session can be re-measured (--scale-steps query) without the cold index.
import { existsSync, promises as fs, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { currentLoad, machineInfo, speedProbeMs, type MachineInfo } from './machine';
import { generateQuestions, generateScaleVault } from './scale-vault';
import type { ScaleIndexRun, ScaleQueryRun } from './scale-runs';
import { round } from './stats';

/** Steps of one size. */
export type ScaleStep = 'cold' | 'reindex' | 'query';
/** Default sizes (notes). */
export const SCALE_SIZES = [1_000, 10_000, 50_000];
/** Seed of every generated vault. */
export const SCALE_SEED = 15;
/** Questions per query session. */
export const SCALE_QUESTIONS = 100;

/** Results of one vault size. */
export interface ScaleSizeResult {
  notes: number;
  vaultBytes: number;
  cold?: (ScaleIndexRun & { chunksPerCpuSec: number; chunksPerWallSec: number; measuredAt: string }) | undefined;
  indexBytes?: number;
  bytesPerChunk?: number;
  unchanged?: ScaleIndexRun;
  oneEdit?: ScaleIndexRun;
  query?: ScaleQueryRun;
  loadBefore: [number, number, number];
  loadAfter: [number, number, number];
}

/** A whole scale run. */
export interface ScaleRun {
  startedAt: string;
  machine: MachineInfo;
  sizes: ScaleSizeResult[];
  /** log(m₂/m₁)/log(n₂/n₁) between consecutive sizes, per metric. */
  growth: Record<string, number[]>;
  loadAvgEnd: [number, number, number];
  /** CPU ms of the fixed speed probe (machine.ts) at the start and the end of the run (absent in older reports). */
  probeMs?: { start: number; end: number };
}

/** How a step runs in a fresh process. */
export interface ScaleRunners {
  index(vault: string, dataDir: string): Promise<ScaleIndexRun>;
  query(vault: string, dataDir: string, questionsFile: string, editNote: string): Promise<ScaleQueryRun>;
}

/** Options of benchScale. */
export interface ScaleOptions {
  sizes: readonly number[];
  workDir: string;
  steps: ReadonlySet<ScaleStep>;
  runners: ScaleRunners;
  log: (msg: string) => void;
}

/** Writes a vault (unless the same spec is already there) and its questions; returns the vault folder. */
export async function prepareScaleVault(
  workDir: string,
  notes: number,
): Promise<{ vault: string; questions: string; bytes: number }> {
  const root = join(workDir, `vault-${notes}`);
  const vault = join(root, 'vault');
  const questions = join(root, 'questions.json');
  const stamp = join(root, 'spec.json');
  const spec = { notes, seed: SCALE_SEED, generator: 1 };
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === JSON.stringify(spec)) {
    return { vault, questions, bytes: Number(JSON.parse(readFileSync(join(root, 'bytes.json'), 'utf8'))) };
  }
  await fs.rm(root, { recursive: true, force: true });
  const generated = generateScaleVault({ notes, seed: SCALE_SEED });
  let bytes = 0;
  for (const n of generated) {
    const file = join(vault, n.path);
    await fs.mkdir(dirname(file), { recursive: true });
    await fs.writeFile(file, n.text);
    bytes += Buffer.byteLength(n.text);
  }
  await fs.writeFile(
    questions,
    JSON.stringify(generateQuestions(generated, SCALE_QUESTIONS, SCALE_SEED).map((q) => q.question)),
  );
  await fs.writeFile(join(root, 'bytes.json'), String(bytes));
  await fs.writeFile(stamp, JSON.stringify(spec));
  return { vault, questions, bytes };
}

/** Runs the chosen steps for every size, smallest first. */
export async function benchScale(o: ScaleOptions): Promise<ScaleRun> {
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  const probeStart = speedProbeMs();
  const sizes: ScaleSizeResult[] = [];
  for (const notes of o.sizes) {
    const loadBefore = currentLoad();
    o.log(`scale ${notes}: preparing the vault (load ${loadBefore.join(' / ')})`);
    const { vault, questions, bytes } = await prepareScaleVault(o.workDir, notes);
    const root = join(o.workDir, `vault-${notes}`);
    const dataDir = join(root, 'index');
    const coldFile = join(root, 'cold.json');
    const r: ScaleSizeResult = { notes, vaultBytes: bytes, loadBefore, loadAfter: loadBefore };
    const plain = await plainNotes(vault);
    const edited = [plain[1]!, plain[2]!];
    const originals = await Promise.all(edited.map((p) => fs.readFile(join(vault, p), 'utf8')));
    try {
      if (o.steps.has('cold')) {
        await fs.rm(dataDir, { recursive: true, force: true });
        o.log(`scale ${notes}: cold index`);
        const cold = await o.runners.index(vault, dataDir);
        r.cold = {
          ...cold,
          chunksPerCpuSec: round(cold.chunks / (cold.cpuMs / 1000), 1),
          chunksPerWallSec: round(cold.chunks / (cold.wallMs / 1000), 1),
          measuredAt: new Date().toISOString(),
        };
        await fs.writeFile(coldFile, JSON.stringify(r.cold));
      } else if (existsSync(coldFile)) r.cold = JSON.parse(readFileSync(coldFile, 'utf8')) as ScaleSizeResult['cold'];
      if (!existsSync(dataDir)) throw new Error(`scale-bench: no index in ${dataDir}: run the cold step first`);
      r.indexBytes = await folderBytes(dataDir);
      if (r.cold) r.bytesPerChunk = Math.round(r.indexBytes / r.cold.chunks);
      if (o.steps.has('reindex')) {
        o.log(`scale ${notes}: unchanged re-index`);
        r.unchanged = await o.runners.index(vault, dataDir);
        await fs.appendFile(
          join(vault, edited[0]!),
          '\n\nOne more paragraph, written by the benchmark to measure a one-note edit.\n',
        );
        o.log(`scale ${notes}: one-edit re-index`);
        r.oneEdit = await o.runners.index(vault, dataDir);
      }
      if (o.steps.has('query')) {
        o.log(`scale ${notes}: query session`);
        r.query = await o.runners.query(vault, dataDir, questions, edited[1]!);
      }
    } finally {
      // The vault goes back to its generated text, so the next run starts from the same notes.
      await Promise.all(edited.map((p, i) => fs.writeFile(join(vault, p), originals[i]!)));
    }
    r.loadAfter = currentLoad();
    o.log(`scale ${notes}: done (load ${r.loadAfter.join(' / ')})`);
    sizes.push(r);
  }
  const probeMs = { start: probeStart, end: speedProbeMs() };
  return { startedAt, machine, sizes, growth: growthExponents(sizes), loadAvgEnd: currentLoad(), probeMs };
}

/** Metrics whose growth with vault size is reported. */
const GROWTH: Record<string, (r: ScaleSizeResult) => number | undefined> = {
  'cold index CPU': (r) => r.cold?.cpuMs,
  'peak RSS (cold)': (r) => r.cold?.peakRss,
  'index bytes': (r) => r.indexBytes,
  'unchanged re-index CPU': (r) => r.unchanged?.cpuMs,
  'one-edit re-index CPU': (r) => r.oneEdit?.cpuMs,
  'ask p50 CPU': (r) => r.query?.ask.cpuP50,
  'ask p95 CPU': (r) => r.query?.ask.cpuP95,
  'open CPU': (r) => r.query?.open.cpuMs,
  'first ask after open CPU': (r) => r.query?.firstAsk.cpuMs,
  'first ask after re-open CPU': (r) => r.query?.reopen?.firstAsk.cpuMs,
  'first ask after serve start-up CPU': (r) => r.query?.serveStart?.firstAsk.cpuMs,
  'first ask after a sync CPU': (r) => r.query?.firstAskAfterSync?.cpuMs,
  'cold start to first answer': (r) => r.query?.coldStartToAnswerMs,
  'edit → searchable': (r) => r.query?.editToSearchableMs,
};

/** Growth exponent between consecutive sizes for every metric measured at both. */
export function growthExponents(sizes: readonly ScaleSizeResult[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [name, f] of Object.entries(GROWTH)) {
    const xs: number[] = [];
    for (let i = 1; i < sizes.length; i++) {
      const a = f(sizes[i - 1]!);
      const b = f(sizes[i]!);
      if (a && b && a > 0 && b > 0)
        xs.push(round(Math.log(b / a) / Math.log(sizes[i]!.notes / sizes[i - 1]!.notes), 2));
    }
    if (xs.length > 0) out[name] = xs;
  }
  return out;
}

async function plainNotes(vault: string): Promise<string[]> {
  const out: string[] = [];
  for (const dir of (await fs.readdir(vault)).sort()) {
    if (['Inbox', 'Drawings', 'Logs', 'Maps'].includes(dir)) continue;
    for (const f of (await fs.readdir(join(vault, dir))).sort())
      if (!f.endsWith('overview.md')) out.push(`${dir}/${f}`);
    if (out.length >= 3) break;
  }
  return out;
}

async function folderBytes(dir: string): Promise<number> {
  let sum = 0;
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) sum += await folderBytes(p);
    else if (e.isFile()) sum += statSync(p).size;
  }
  return sum;
}
