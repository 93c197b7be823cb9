// The bench reports as one Markdown table, printed by `overlay bench` and embedded in the benchmark report.
import type { BenchReport, MetricSet } from './metrics';

function row(label: string, m: MetricSet): string {
  const f = (x: number) => x.toFixed(3);
  return `| ${label} | ${m.n} | ${f(m.recallAtK)} | ${f(m.mrr)} | ${f(m.coverageAny)} | ${f(m.coverageAll)} | ${m.avgContextTokens} |`;
}

/** Markdown table of bench reports: one row per retriever and kind. */
export function benchTable(reports: readonly BenchReport[]): string {
  const k = reports[0]?.k ?? 5;
  const lines = [
    `| retriever / kind | n | Recall@${k} | MRR | coverage-any | coverage-all | context tokens |`,
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of reports) {
    lines.push(row(`**${r.retriever}**`, r));
    for (const [kind, m] of Object.entries(r.byKind)) lines.push(row(`${r.retriever} · ${kind}`, m));
  }
  return lines.join('\n');
}
