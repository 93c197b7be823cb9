// Plain-text rendering of the calibration report (`overlay calibrate`): one row per anchor with its measured
// range, the model's value and the error, the fitted rows marked, then the sources and the fitted parameters.
import type { AnchorRow, CalibrationReport } from './calibration-report';
import { alignTable, formatNumber } from './report-text';

function range(r: readonly [number, number]): string {
  return r[0] === r[1] ? formatNumber(r[0]) : `${formatNumber(r[0])}–${formatNumber(r[1])}`;
}

function percent(x: number): string {
  const p = Math.round(x * 100);
  return `${p > 0 ? '+' : p < 0 ? '−' : '±'}${Math.abs(p)} %`;
}

function pointsText(r: AnchorRow): string {
  if (!r.points) return '';
  return r.points.map((p) => `${formatNumber(p.tokens / 1000, 2)}k ${percent(p.error)}`).join(', ');
}

/** The whole text of `overlay calibrate`. */
export function renderCalibration(report: CalibrationReport): string {
  const header = ['anchor', 'role', 'unit', 'measured', 'model', 'error', 'centre', 'per length'];
  const rows = report.rows.map((r) => [
    r.label.padEnd(16),
    r.role === 'fitted' ? 'fitted*' : 'held out',
    r.kind === 'decode' ? 'J/out tok' : 'J/in tok',
    range(r.measured),
    range(r.model),
    percent(r.error) + (r.within ? '' : ' !'),
    percent(r.midError),
    pointsText(r),
  ]);
  const settings: string[] = [];
  const seen = new Set<string>();
  for (const r of report.rows) {
    const key = r.label.split(' ')[0]!;
    if (seen.has(key)) continue;
    seen.add(key);
    settings.push(`${key}: ${r.setting}.\n    Source: ${r.source}.`);
  }
  const fits = report.parameters.map(
    (p) =>
      `${p.name} = ${p.value}${p.fitValue !== undefined ? ` (least-squares fit ${p.fitValue.toFixed(3)})` : ''}, fitted on ${p.fittedOn}`,
  );
  const bad = report.rows.filter((r) => !r.within);
  return [
    'Calibration: GPU energy of the model against published measurements (k = 1, PUE = 1)',
    '',
    alignTable(header, rows),
    '',
    `* fitted: the row set a parameter (below); held-out rows are tests. "error" is how far the model's range lies ` +
      `outside the measured range (0 inside it; tolerance ±${Math.round(report.tolerance * 100)} %); "centre" compares ` +
      'their geometric centres; "per length" compares each measured prompt length where the source gives one.',
    '',
    'Settings and sources',
    ...settings.map((s) => `  ${s}`),
    '',
    'Fitted parameters',
    ...fits.map((f) => `  ${f}`),
    '',
    bad.length === 0
      ? `All ${report.rows.length} rows are within ±${Math.round(report.tolerance * 100)} %.`
      : `Outside ±${Math.round(report.tolerance * 100)} %: ${bad.map((r) => r.label).join(', ')}.`,
    '',
  ].join('\n');
}
