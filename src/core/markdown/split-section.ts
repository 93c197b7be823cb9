// Splitting one section body into pieces that fit a token budget together with their heading line:
// paragraphs first, then sentences (and line breaks), then a hard cut. Fenced code stays whole unless it alone
// is too big; then it is cut at lines and each piece is re-fenced, so a piece never leaves a fence open.
import { countTokens } from '../tokens';
import { closesFence, openingFence } from './code-mask';
import { longestFittingPrefix, tailWithin, type Fits } from './token-cut';

/** One piece of a section body, ready to follow the heading line. */
export interface Piece {
  text: string;
  /** 0-based file lines covered by the piece. */
  startLine: number;
  endLine: number;
}

interface Unit {
  text: string;
  /** Text that joins this unit to the previous one when both land in the same piece. */
  sep: string;
  start: number;
  end: number;
  /** 0 block, 1 sentence/line, 2 hard fragment (never split again). */
  level: 0 | 1 | 2;
  /** Opening/closing fence lines when the unit is a fenced code block. */
  fence?: { open: string; close: string | null };
  /** A finished, re-fenced code piece: never joined with other units. */
  sealed?: boolean;
}

function join(units: readonly Unit[]): string {
  let s = '';
  units.forEach((u, i) => {
    s += (i > 0 ? u.sep : '') + u.text;
  });
  return s;
}

function newlines(s: string): number {
  let n = 0;
  for (const ch of s) if (ch === '\n') n++;
  return n;
}

/** Blocks: runs of non-blank lines, and whole fenced code blocks (blank lines inside code do not split). */
function segmentBlocks(lines: readonly string[], lineNos: readonly number[]): Unit[] {
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
      while (end + 1 < lines.length && (lines[end + 1] ?? '').trim() !== '' && !openingFence(lines[end + 1] ?? '')) end++;
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
function sentences(u: Unit): Unit[] {
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

/** Cuts a unit into fragments that each fit, preferring a whitespace boundary near the end of each. */
function hardCut(u: Unit, fits: Fits): Unit[] {
  const out: Unit[] = [];
  let rest = u.text;
  let sep = u.sep;
  let line = u.start;
  while (rest.length > 0) {
    if (fits(rest)) {
      out.push({ text: rest, sep, start: line, end: line + newlines(rest), level: 2 });
      break;
    }
    let k = longestFittingPrefix(rest, fits);
    const ws = Math.max(rest.lastIndexOf(' ', k - 1), rest.lastIndexOf('\n', k - 1));
    if (ws > k * 0.8) k = ws;
    const piece = rest.slice(0, k).trimEnd();
    const after = rest.slice(k);
    const lead = /^\s*/.exec(after)?.[0] ?? '';
    if (piece !== '') out.push({ text: piece, sep, start: line, end: line + newlines(piece), level: 2 });
    line += newlines(rest.slice(0, k)) + newlines(lead);
    sep = lead;
    rest = after.slice(lead.length);
  }
  return out;
}

/** Result of exploding a unit; `usedLead` when the current piece's units were folded into the first unit. */
interface Exploded {
  units: Unit[];
  usedLead: boolean;
}

type Explode = (u: Unit, lead: readonly Unit[]) => Exploded;

/**
 * Cuts an over-long fenced block at lines; each piece is wrapped in the block's own fences. When the text
 * before the block (`lead`) still has room, the first piece takes it, so a short intro line stays with its code.
 */
function splitCode(u: Unit, fits: Fits, lead: readonly Unit[]): Exploded {
  const fence = u.fence;
  if (!fence) return { units: hardCut(u, fits), usedLead: false };
  const open = fence.open;
  const close = fence.close ?? (openingFence(open)?.char === '~' ? '~~~' : '```');
  const wrap = (body: string): string => `${open}\n${body}\n${close}`;
  const fitsCode: Fits = (body) => fits(wrap(body));
  // Fences too long to wrap a single character: cut the block as plain lines instead.
  if (!fitsCode('x')) {
    const plain = packUnits(sentences({ ...u, level: 0 }), fits, (x) => ({ units: hardCut(x, fits), usedLead: false }));
    return { units: plain.map(asUnit), usedLead: false };
  }
  const all = u.text.split('\n');
  const inner: Unit[] = all.slice(1, fence.close === null ? undefined : -1).map((text, idx) => ({
    text,
    sep: idx === 0 ? '' : '\n',
    start: u.start + 1 + idx,
    end: u.start + 1 + idx,
    level: 1,
  }));
  const leadText = lead.length > 0 ? join(lead) + u.sep : '';
  const first: Unit[] = [];
  let i = 0;
  if (leadText !== '') {
    while (i < inner.length && fits(leadText + wrap(join([...first, inner[i] as Unit])))) first.push(inner[i++] as Unit);
  }
  const usedLead = first.length > 0;
  const rest = inner.slice(i).map((x, k) => (k === 0 ? { ...x, sep: '' } : x));
  const groups = packUnits(rest, fitsCode, (x) => ({ units: hardCut(x, fitsCode), usedLead: false }));
  if (usedLead) groups.unshift(first);
  const units = groups.map((g, idx): Unit => {
    const withLead = idx === 0 && usedLead;
    return {
      text: (withLead ? leadText : '') + wrap(join(g)),
      sep: idx === 0 ? (withLead ? (lead[0]?.sep ?? '') : u.sep) : '\n',
      start: withLead ? (lead[0]?.start ?? u.start) : idx === 0 ? u.start : (g[0]?.start ?? u.start),
      end: idx === groups.length - 1 ? u.end : (g[g.length - 1]?.end ?? u.end),
      level: 2,
      sealed: true,
    };
  });
  return { units, usedLead };
}

function asUnit(g: Unit[]): Unit {
  return { text: join(g), sep: g[0]?.sep ?? '', start: g[0]?.start ?? 0, end: g[g.length - 1]?.end ?? 0, level: 2 };
}

function explodeProse(u: Unit, fits: Fits, lead: readonly Unit[]): Exploded {
  if (u.fence) return splitCode(u, fits, lead);
  if (u.level === 0) {
    const s = sentences(u);
    if (s.length > 1) return { units: s, usedLead: false };
  }
  return { units: hardCut(u, fits), usedLead: false };
}

/**
 * Greedy packing: units join the current piece while it fits. A unit too big alone is exploded into smaller
 * units, which are packed on from the current piece, so its free room is used.
 */
function packUnits(units: readonly Unit[], fits: Fits, explode: Explode): Unit[][] {
  const groups: Unit[][] = [];
  let cur: Unit[] = [];
  const flush = (): void => {
    if (cur.length > 0) groups.push(cur);
    cur = [];
  };
  for (const u of units) {
    if (u.sealed) {
      flush();
      groups.push([u]);
      continue;
    }
    if (cur.length > 0 && fits(join([...cur, u]))) {
      cur.push(u);
      continue;
    }
    if (u.level === 2 || fits(u.text)) {
      flush();
      cur = [u];
      continue;
    }
    const ex = explode(u, cur);
    const sub = packUnits(ex.usedLead ? ex.units : [...cur, ...ex.units], fits, explode);
    cur = [];
    const last = sub.pop();
    groups.push(...sub);
    // The last sub-piece stays open so that following units may still join it.
    if (last && !last.some((x) => x.sealed)) cur = last;
    else if (last) groups.push(last);
  }
  flush();
  return groups;
}

/** Joins neighbouring pieces that fit together (e.g. a short line before or after a split code block). */
function mergeNeighbours(groups: Unit[][], fits: Fits): Unit[][] {
  const out: Unit[][] = [];
  for (const g of groups) {
    const prev = out[out.length - 1];
    if (prev && fits(join([...prev, ...g]))) prev.push(...g);
    else out.push([...g]);
  }
  return out;
}

/**
 * Splits a section body (its lines and their 0-based file line numbers) into pieces such that
 * `${header}\n${piece}` stays within `maxTokens`. With `overlapTokens` > 0, a piece after the first starts with
 * the tail of the previous prose piece (never inside code, where it would land outside the fences).
 */
export function splitSection(
  header: string,
  lines: readonly string[],
  lineNos: readonly number[],
  maxTokens: number,
  overlapTokens = 0,
): Piece[] {
  const fits: Fits = (body) => countTokens(`${header}\n${body}`) <= maxTokens;
  const blocks = segmentBlocks(lines, lineNos);
  if (blocks.length === 0) return [];
  const groups = mergeNeighbours(packUnits(blocks, fits, (u, lead) => explodeProse(u, fits, lead)), fits);
  const pieces = groups.map((g) => ({
    text: join(g),
    startLine: g[0]?.start ?? 0,
    endLine: g[g.length - 1]?.end ?? 0,
    code: g.some((u) => u.sealed === true || u.fence !== undefined),
  }));
  if (overlapTokens > 0) {
    for (let k = pieces.length - 1; k > 0; k--) {
      const prev = pieces[k - 1];
      const cur = pieces[k];
      if (!prev || !cur || prev.code || cur.code) continue;
      let budget = overlapTokens;
      while (budget > 0) {
        const tail = tailWithin(prev.text, budget);
        if (tail !== '' && fits(`${tail}\n${cur.text}`)) {
          cur.text = `${tail}\n${cur.text}`;
          break;
        }
        budget = Math.floor(budget / 2);
      }
    }
  }
  return pieces.map(({ text, startLine, endLine }) => ({ text, startLine, endLine }));
}
