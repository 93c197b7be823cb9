// The units a section body is cut into: blocks (paragraphs, whole fenced code blocks) and, when a block is too
// big, its sentences and lines, each keeping the separator that joins it to the previous one.
import { closesFence, openingFence } from './code-mask';
import type { Unit } from './token-meter';

/** The units' texts joined by their separators. */
export function join(units: readonly Unit[]): string {
  let s = '';
  units.forEach((u, i) => {
    s += (i > 0 ? u.sep : '') + u.text;
  });
  return s;
}

/** Number of line breaks in `s`. */
export function newlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Blocks: runs of non-blank lines, and whole fenced code blocks (blank lines inside code do not split). */
export function segmentBlocks(lines: readonly string[], lineNos: readonly number[]): Unit[] {
  const units: Unit[] = [];
  let prevEnd = -1;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      i++;
      continue;
    }
    const open = openingFence(line);
    let end = i;
    let fence: Unit['fence'];
    if (open) {
      let j = i + 1;
      while (j < lines.length && !closesFence(lines[j] ?? '', open)) j++;
      end = Math.min(j, lines.length - 1);
      if (j >= lines.length) while (end > i && (lines[end] ?? '').trim() === '') end--;
      fence = { open: line, close: j < lines.length ? (lines[j] ?? null) : null };
    } else {
      while (end + 1 < lines.length && (lines[end + 1] ?? '').trim() !== '' && !openingFence(lines[end + 1] ?? ''))
        end++;
    }
    const unit: Unit = {
      text: lines.slice(i, end + 1).join('\n'),
      sep: prevEnd < 0 ? '' : '\n'.repeat(i - prevEnd),
      start: lineNos[i] ?? 0,
      end: lineNos[end] ?? 0,
      level: 0,
    };
    if (fence) unit.fence = fence;
    units.push(unit);
    prevEnd = end;
    i = end + 1;
  }
  return units;
}

/** Splits a block at sentence ends and line breaks, keeping the original separators. */
export function sentences(u: Unit): Unit[] {
  const parts = u.text.split(/((?<=[.!?…。])[ \t]+|\n)/);
  const out: Unit[] = [];
  let line = u.start;
  let sep = u.sep;
  for (let k = 0; k < parts.length; k += 2) {
    const seg = parts[k] ?? '';
    if (seg.trim() !== '') {
      out.push({ text: seg, sep, start: line, end: line, level: 1 });
      sep = '';
    }
    const next = parts[k + 1] ?? '';
    sep += next;
    line += newlines(next);
  }
  return out;
}
