// Runs one measured engine run in a fresh Node process: the bench script starts itself with CHILD_FLAG and a
// JSON task, the child prints one JSON line with the result. A fresh process per run makes "cold" really cold
// and gives each run its own peak-RSS high-water mark.
import { spawn } from 'node:child_process';
import { coldIndexRun, openRun, type IndexRunners } from './index-runs';
import type { ColdRun, OpenRun } from './report';
import { scaleIndexRun, scaleQueryRun, type ScaleIndexRun, type ScaleQueryRun } from './scale-runs';
import type { ScaleRunners } from './scale-bench';

/** Command-line flag that turns the bench script into a child runner. */
export const CHILD_FLAG = '--bench-child';

/** What a child is asked to do. */
export type ChildTask =
  | { kind: 'cold'; vault: string; dataDir: string }
  | { kind: 'open'; vault: string; dataDir: string; question: string }
  | { kind: 'scale-index'; vault: string; dataDir: string }
  | { kind: 'scale-query'; vault: string; dataDir: string; questions: string; editNote: string };

/** Parses the task argument; throws a `bench-child:` error on a wrong shape. */
export function parseChildTask(arg: string | undefined): ChildTask {
  if (arg === undefined) throw new Error('bench-child: missing task');
  const t = JSON.parse(arg) as Partial<Record<string, unknown>>;
  const str = (k: string): string => {
    const v = t[k];
    if (typeof v !== 'string' || v === '') throw new Error(`bench-child: task field "${k}" must be a non-empty string`);
    return v;
  };
  if (t.kind === 'cold') return { kind: 'cold', vault: str('vault'), dataDir: str('dataDir') };
  if (t.kind === 'open')
    return { kind: 'open', vault: str('vault'), dataDir: str('dataDir'), question: str('question') };
  if (t.kind === 'scale-index') return { kind: 'scale-index', vault: str('vault'), dataDir: str('dataDir') };
  if (t.kind === 'scale-query') {
    return {
      kind: 'scale-query',
      vault: str('vault'),
      dataDir: str('dataDir'),
      questions: str('questions'),
      editNote: str('editNote'),
    };
  }
  throw new Error(`bench-child: unknown task kind ${JSON.stringify(t.kind)}`);
}

/** Runs a task in this process (the child side) and returns its result. */
export function runChildTask(task: ChildTask): Promise<ColdRun | OpenRun | ScaleIndexRun | ScaleQueryRun> {
  switch (task.kind) {
    case 'cold':
      return coldIndexRun(task.vault, task.dataDir);
    case 'open':
      return openRun(task.vault, task.dataDir, task.question);
    case 'scale-index':
      return scaleIndexRun(task.vault, task.dataDir);
    case 'scale-query':
      return scaleQueryRun(task.vault, task.dataDir, task.questions, task.editNote);
  }
}

/** Starts `node <script> CHILD_FLAG <task>` and resolves with the JSON on its last stdout line. */
export function spawnChild(script: string, task: ChildTask): Promise<unknown> {
  return new Promise((resolvePromise, reject) => {
    // OVERLAY_BENCH_NODE_ARGS passes Node options to the measured process (e.g. --cpu-prof for a profile).
    const nodeArgs = (process.env.OVERLAY_BENCH_NODE_ARGS ?? '').split(' ').filter((x) => x !== '');
    const child = spawn(process.execPath, [...nodeArgs, script, CHILD_FLAG, JSON.stringify(task)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) {
        reject(new Error(`bench-child: ${task.kind} run exited with ${code}: ${err.trim().slice(-2000)}`));
        return;
      }
      try {
        resolvePromise(JSON.parse(last));
      } catch {
        reject(new Error(`bench-child: ${task.kind} run printed no JSON result (stdout: ${out.slice(-500)})`));
      }
    });
  });
}

/** Runners that measure each run in a fresh process started from `script` (the built bench script). */
export function childRunners(script: string): IndexRunners {
  return {
    cold: async (vault, dataDir) => (await spawnChild(script, { kind: 'cold', vault, dataDir })) as ColdRun,
    open: async (vault, dataDir, question) =>
      (await spawnChild(script, { kind: 'open', vault, dataDir, question })) as OpenRun,
  };
}

/** Scale-benchmark runners that measure each step in a fresh process started from `script`. */
export function scaleChildRunners(script: string): ScaleRunners {
  return {
    index: async (vault, dataDir) =>
      (await spawnChild(script, { kind: 'scale-index', vault, dataDir })) as ScaleIndexRun,
    query: async (vault, dataDir, questions, editNote) =>
      (await spawnChild(script, { kind: 'scale-query', vault, dataDir, questions, editNote })) as ScaleQueryRun,
  };
}
