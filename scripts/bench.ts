// `npm run bench` (built to dist/bench.mjs): speed, memory and retrieval quality of the engine on the example
// vault and the shared vault, written as bench-results/bench-<timestamp>.{json,md} and latest.{json,md}.
// Started with CHILD_FLAG it is instead one measured run in a fresh process (see src/bench/child-process.ts).
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_ARGS_HELP, parseBenchArgs } from '../src/bench/bench-args';
import { CHILD_FLAG, childRunners, parseChildTask, runChildTask, scaleChildRunners } from '../src/bench/child-process';
import { benchScale } from '../src/bench/scale-bench';
import { renderScaleMarkdown } from '../src/bench/scale-report';
import { runSuite, writeReports } from '../src/bench/run-suite';
import { defaultVaults } from '../src/bench/vault-bench';

const script = fileURLToPath(import.meta.url);

async function child(arg: string | undefined): Promise<number> {
  const result = await runChildTask(parseChildTask(arg));
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === CHILD_FLAG) return child(argv[1]);
  const parsed = parseBenchArgs(argv);
  if (!parsed.ok) {
    process.stderr.write(`bench: ${parsed.error}\n${BENCH_ARGS_HELP}\n`);
    return 2;
  }
  const args = parsed.args;
  if (args.help) {
    process.stdout.write(`${BENCH_ARGS_HELP}\n`);
    return 0;
  }
  // dist/bench.mjs → the repository root is one folder up.
  const repoRoot = resolve(dirname(script), '..');
  const t0 = performance.now();
  const log = (msg: string): void => {
    process.stderr.write(`[bench ${((performance.now() - t0) / 1000).toFixed(1)}s] ${msg}\n`);
  };
  const vaults = defaultVaults(repoRoot);
  // Children run from a private copy of this bundle: another engineer's `npm run build` during the run would
  // otherwise make them index with different code than the parent that reads their index.
  const snapshot = join(dirname(script), `.bench-child-${process.pid}.mjs`);
  copyFileSync(script, snapshot);
  if (args.scale.length > 0) {
    try {
      const run = await benchScale({
        sizes: args.scale,
        workDir: resolve(args.scaleDir),
        steps: new Set(args.scaleSteps),
        runners: scaleChildRunners(snapshot),
        log,
      });
      const outDir = resolve(process.cwd(), args.out);
      mkdirSync(outDir, { recursive: true });
      const stamp = run.startedAt.replace(/[:.]/g, '-');
      const md = renderScaleMarkdown(run);
      writeFileSync(join(outDir, `scale-${stamp}.json`), `${JSON.stringify(run, null, 2)}\n`);
      writeFileSync(join(outDir, `scale-${stamp}.md`), md);
      process.stdout.write(md);
      log(`wrote ${join(outDir, `scale-${stamp}.{json,md}`)}`);
      return 0;
    } finally {
      rmSync(snapshot, { force: true });
    }
  }
  let result: Awaited<ReturnType<typeof runSuite>>;
  try {
    result = await runSuite({
      vaults: args.quick ? vaults.slice(0, 1) : vaults,
      quick: args.quick,
      runs: args.runs,
      runners: childRunners(snapshot),
      log,
      leftOut: args.quick
        ? vaults.slice(1).map((v) => ({ name: v.name, path: v.path, reason: 'left out by --quick' }))
        : [],
    });
  } finally {
    rmSync(snapshot, { force: true });
  }
  const { run, failures } = result;
  const out = await writeReports(run, resolve(process.cwd(), args.out));
  log(`wrote ${out.json} and ${out.md} (+ latest.json, latest.md)`);
  return failures > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
