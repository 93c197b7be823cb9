// Command line of `npm run bench` (node dist/bench.mjs [options]).

/** Parsed options. */
export interface BenchArgs {
  /** Example vault only, no synthetic scale point. */
  quick: boolean;
  /** Repetitions of each indexing timing. */
  runs: number;
  /** Output folder of the reports. */
  out: string;
  help: boolean;
  /** Vault sizes of the scale benchmark (--scale); empty = the normal benchmark. */
  scale: number[];
  /** Work folder of the scale benchmark (generated vaults and their indexes, kept for reuse). */
  scaleDir: string;
  /** Steps of the scale benchmark. */
  scaleSteps: ('cold' | 'reindex' | 'query')[];
}

/** Help text. */
export const BENCH_ARGS_HELP = `Usage: npm run bench -- [--quick] [--runs N] [--out DIR]

Measures indexing, vector search, query latency, retrieval quality and token saving on examples/vault and
../shared/vaults/obsidian-developer-docs, and writes DIR/bench-<timestamp>.{json,md} and DIR/latest.{json,md}.

  --quick     the example vault only, and no 50k-vector synthetic scale point (about a minute)
  --runs N    repetitions of each indexing timing (default 5)
  --out DIR   output folder (default bench-results)

  --scale[=N,N,...]       instead: the scale benchmark on generated vaults of N notes (default 1000,10000,50000)
  --scale-dir DIR         its work folder, kept for reuse (default /tmp/overlay-scale)
  --scale-steps S,S       cold, reindex, query (default all three; query alone reuses the existing index)

Each measured run is a fresh Node process; OVERLAY_BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" profiles them.`;

/** Parses argv (without node and the script); returns an error message for bad input. */
export function parseBenchArgs(argv: readonly string[]): { ok: true; args: BenchArgs } | { ok: false; error: string } {
  const args: BenchArgs = {
    quick: false,
    runs: 5,
    out: 'bench-results',
    help: false,
    scale: [],
    scaleDir: '/tmp/overlay-scale',
    scaleSteps: ['cold', 'reindex', 'query'],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [name, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    if (name === '--quick') args.quick = true;
    else if (name === '--help' || name === '-h') args.help = true;
    else if (name === '--runs') {
      const v = value();
      const n = Number(v);
      if (v === undefined || !Number.isInteger(n) || n < 1 || n > 100)
        return { ok: false, error: `--runs must be a whole number from 1 to 100, got ${v ?? 'nothing'}` };
      args.runs = n;
    } else if (name === '--out') {
      const v = value();
      if (v === undefined || v === '' || v.startsWith('--')) return { ok: false, error: '--out needs a folder' };
      args.out = v;
    } else if (name === '--scale') {
      const sizes = (inline ?? '1000,10000,50000').split(',').map(Number);
      if (sizes.some((n) => !Number.isInteger(n) || n < 100 || n > 1_000_000))
        return { ok: false, error: `--scale sizes must be whole numbers from 100 to 1,000,000, got ${inline}` };
      args.scale = [...new Set(sizes)].sort((x, y) => x - y);
    } else if (name === '--scale-dir') {
      const v = value();
      if (v === undefined || v === '' || v.startsWith('--')) return { ok: false, error: '--scale-dir needs a folder' };
      args.scaleDir = v;
    } else if (name === '--scale-steps') {
      const steps = (value() ?? '').split(',');
      if (steps.some((x) => x !== 'cold' && x !== 'reindex' && x !== 'query'))
        return { ok: false, error: '--scale-steps takes cold, reindex and query' };
      args.scaleSteps = steps as BenchArgs['scaleSteps'];
    } else return { ok: false, error: `unknown argument "${a}"` };
  }
  return { ok: true, args };
}
