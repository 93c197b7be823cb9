// Markdown of a scale run (`npm run bench -- --scale`): one column per vault size, CPU and wall side by side,
// growth exponents, and the machine's load, since the shared machine's numbers mean little without it.
import type { ScaleRun, ScaleSizeResult } from './scale-bench';

const MiB = 1024 * 1024;

function ms(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  return x >= 10_000
    ? `${(x / 1000).toFixed(0)} s`
    : x >= 1000
      ? `${(x / 1000).toFixed(1)} s`
      : `${x.toFixed(x < 10 ? 1 : 0)} ms`;
}

function mib(x: number | undefined): string {
  return x === undefined ? '–' : `${(x / MiB).toFixed(0)} MiB`;
}

/** The report as Markdown. */
export function renderScaleMarkdown(run: ScaleRun): string {
  const s = run.sizes;
  const row = (name: string, f: (r: ScaleSizeResult) => string): string => `| ${name} | ${s.map(f).join(' | ')} |`;
  const lines = [
    `## Scale benchmark (${run.startedAt.slice(0, 16).replace('T', ' ')} UTC)`,
    '',
    `${run.machine.cpuModel} × ${run.machine.cpus}, Node ${run.machine.node}. Load average (1/5/15 min) at start ` +
      `${run.machine.loadAvg.join(' / ')}, at end ${run.loadAvgEnd.join(' / ')}: the machine is shared, CPU times are ` +
      "the process's own (user + system), wall times include waiting for the other processes." +
      (run.probeMs
        ? ` A fixed CPU workload (the speed probe) took ${ms(run.probeMs.start)} at the start and ` +
          `${ms(run.probeMs.end)} at the end: the host's speed drifts at an unchanged load, so compare runs whose ` +
          'probes agree.'
        : ''),
    '',
    `| | ${s.map((r) => `${r.notes.toLocaleString('en-US')} notes`).join(' | ')} |`,
    `|---|${s.map(() => '---').join('|')}|`,
    row('chunks', (r) => (r.cold?.chunks ?? r.query?.chunks ?? 0).toLocaleString('en-US')),
    row('vault size', (r) => mib(r.vaultBytes)),
    row('cold index, CPU / wall', (r) => (r.cold ? `${ms(r.cold.cpuMs)} / ${ms(r.cold.wallMs)}` : '–')),
    row('chunks/s, CPU / wall', (r) =>
      r.cold ? `${r.cold.chunksPerCpuSec.toFixed(0)} / ${r.cold.chunksPerWallSec.toFixed(0)}` : '–',
    ),
    row('peak RSS, cold index', (r) => mib(r.cold?.peakRss)),
    row('index on disk (per chunk)', (r) =>
      r.indexBytes ? `${mib(r.indexBytes)} (${((r.bytesPerChunk ?? 0) / 1024).toFixed(1)} KiB)` : '–',
    ),
    row('unchanged re-index, CPU / wall', (r) =>
      r.unchanged ? `${ms(r.unchanged.cpuMs)} / ${ms(r.unchanged.wallMs)}` : '–',
    ),
    row('one-edit re-index, CPU / wall', (r) => (r.oneEdit ? `${ms(r.oneEdit.cpuMs)} / ${ms(r.oneEdit.wallMs)}` : '–')),
    row('open, CPU / wall', (r) => (r.query ? `${ms(r.query.open.cpuMs)} / ${ms(r.query.open.wallMs)}` : '–')),
    row('first question after open, CPU', (r) => ms(r.query?.firstAsk.cpuMs)),
    row('same question warm, CPU', (r) => ms(r.query?.sameAskWarm.cpuMs)),
    row('re-open in the same process: open / first question, CPU', (r) =>
      r.query?.reopen ? `${ms(r.query.reopen.open.cpuMs)} / ${ms(r.query.reopen.firstAsk.cpuMs)}` : '–',
    ),
    row('as `serve` starts: open / start-up sync and warm-up / first question after `ready`, CPU', (r) => {
      const v = r.query?.serveStart;
      return v ? `${ms(v.open.cpuMs)} / ${ms(v.startUp.cpuMs)} / ${ms(v.firstAsk.cpuMs)}` : '–';
    }),
    row('first question after an edit was synced, CPU', (r) => ms(r.query?.firstAskAfterSync?.cpuMs)),
    row('`ask` retrieval p50 / p95, CPU', (r) =>
      r.query ? `${ms(r.query.ask.cpuP50)} / ${ms(r.query.ask.cpuP95)}` : '–',
    ),
    row('`ask` retrieval p50 / p95, wall', (r) =>
      r.query ? `${ms(r.query.ask.wallP50)} / ${ms(r.query.ask.wallP95)}` : '–',
    ),
    row('cold start → first answer, wall', (r) => ms(r.query?.coldStartToAnswerMs)),
    row('edit → searchable in `serve` (sync part), wall', (r) =>
      r.query ? `${ms(r.query.editToSearchableMs)} (${ms(r.query.editSyncMs)})` : '–',
    ),
    row('vector search recall@10 vs exact, question vectors', (r) =>
      r.query ? `${r.query.recallAt10.toFixed(3)} (${r.query.denseMode ?? 'hnsw'})` : '–',
    ),
    row('ground truth: plain JS exact scan (decode + top 10), per question', (r) => ms(r.query?.exactScanMs)),
    row('RSS after the query session', (r) => mib(r.query?.rssAfter)),
    row('load average before / after', (r) => `${r.loadBefore[0]} / ${r.loadAfter[0]}`),
    '',
  ];
  const growth = Object.entries(run.growth);
  if (growth.length > 0 && s.length > 1) {
    const pairs = s.slice(1).map((r, i) => `${s[i]!.notes / 1000}k→${r.notes / 1000}k`);
    lines.push(`| growth exponent | ${pairs.join(' | ')} |`, `|---|${pairs.map(() => '---').join('|')}|`);
    for (const [name, xs] of growth)
      lines.push(`| ${name} | ${pairs.map((_, i) => (xs[i] === undefined ? '–' : xs[i]!.toFixed(2))).join(' | ')} |`);
    lines.push('');
  }
  const reused = s.filter((r) => r.cold && !r.unchanged && r.query);
  if (reused.length > 0) {
    lines.push(
      `Cold-index figures of ${reused.map((r) => r.notes).join(', ')} notes are from the run that built the index (${reused.map((r) => r.cold!.measuredAt.slice(0, 16)).join(', ')}).`,
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}
