// The whole benchmark run: machine info, every available vault, the synthetic scale point, and the report files.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_BUDGET } from '../core/defaults';
import type { IndexRunners } from './index-runs';
import { currentLoad, machineInfo } from './machine';
import { BENCH_SCHEMA, type BenchRun, type VaultResult } from './report';
import { renderMarkdown } from './report-markdown';
import { benchSynthetic, SYNTHETIC_SPEC } from './synthetic-bench';
import { benchVault, vaultProblem, type VaultSpec } from './vault-bench';

/** Options of runSuite. */
export interface SuiteOptions {
  vaults: readonly VaultSpec[];
  /** Skip the synthetic scale point (--quick). */
  quick: boolean;
  runs: number;
  runners: IndexRunners;
  log: (msg: string) => void;
  /** Vaults left out on purpose (e.g. by --quick), listed in the report as not measured. */
  leftOut?: BenchRun['skipped'];
}

/** Runs every section; a vault that is missing or fails is listed in `skipped` and the others still run. */
export async function runSuite(o: SuiteOptions): Promise<{ run: BenchRun; failures: number }> {
  const started = Date.now();
  const machine = machineInfo();
  o.log(`machine: ${machine.cpuModel} × ${machine.cpus}, Node ${machine.node}, load ${machine.loadAvg.join(' / ')}`);
  const vaults: VaultResult[] = [];
  const skipped: BenchRun['skipped'] = [...(o.leftOut ?? [])];
  let failures = 0;
  for (const spec of o.vaults) {
    const problem = await vaultProblem(spec);
    if (problem) {
      o.log(`${spec.name}: skipped (${problem})`);
      skipped.push({ name: spec.name, path: spec.path, reason: problem });
      continue;
    }
    try {
      vaults.push(
        await benchVault(spec, {
          runs: o.runs,
          runners: o.runners,
          queryReps: 3,
          vectorReps: 5,
          sampledQueries: 200,
          relatedNotes: 50,
          budget: DEFAULT_BUDGET,
          k: 5,
          seed: 42,
          log: o.log,
        }),
      );
    } catch (e) {
      failures++;
      const msg = e instanceof Error ? e.message : String(e);
      o.log(`${spec.name}: FAILED: ${e instanceof Error && e.stack ? e.stack : msg}`);
      skipped.push({ name: spec.name, path: spec.path, reason: `failed: ${msg}` });
    }
  }
  let synthetic: BenchRun['synthetic'];
  if (o.quick) synthetic = { skipped: 'quick run (--quick)' };
  else synthetic = { result: benchSynthetic(SYNTHETIC_SPEC, 3, o.log), spec: { ...SYNTHETIC_SPEC } };
  const finished = Date.now();
  return {
    run: {
      schema: BENCH_SCHEMA,
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(finished).toISOString(),
      durationMs: finished - started,
      quick: o.quick,
      runs: o.runs,
      machine,
      loadAvgEnd: currentLoad(),
      vaults,
      skipped,
      synthetic,
    },
    failures,
  };
}

/** Writes bench-<timestamp>.{json,md} and latest.{json,md} into `outDir`; returns the timestamped paths. */
export async function writeReports(run: BenchRun, outDir: string): Promise<{ json: string; md: string }> {
  await fs.mkdir(outDir, { recursive: true });
  const stamp = run.startedAt.replace(/[:.]/g, '-');
  const json = `${JSON.stringify(run, null, 2)}\n`;
  const md = renderMarkdown(run);
  const paths = { json: join(outDir, `bench-${stamp}.json`), md: join(outDir, `bench-${stamp}.md`) };
  await fs.writeFile(paths.json, json);
  await fs.writeFile(paths.md, md);
  await fs.writeFile(join(outDir, 'latest.json'), json);
  await fs.writeFile(join(outDir, 'latest.md'), md);
  return paths;
}
