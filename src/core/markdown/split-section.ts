// Splitting one section body into pieces that fit a token budget together with their heading line:
// paragraphs first, then sentences (and line breaks), then a hard cut. Fenced code stays whole unless it alone
// is too big; then it is cut at lines and each piece is re-fenced, so a piece never leaves a fence open.
// Linear in the body: each unit is counted once and the cost of a piece is the sum of its units' counts plus a
// correction at each join (token-meter.ts); every finished piece is counted once more, exactly, to verify.
import { countTokens } from '../tokens';
import { tailWithin, type Fits } from './token-cut';
import { join, segmentBlocks } from './section-units';
import { Meter, type Unit } from './token-meter';
import { packUnits } from './pack-units';
import { explodeProse, hardCut } from './explode-unit';

/** One piece of a section body, ready to follow the heading line. */
export interface Piece {
  text: string;
  /** 0-based file lines covered by the piece. */
  startLine: number;
  endLine: number;
  /** Exact token count of `${header}\n${text}`. */
  tokens: number;
}

/** Joins neighbouring pieces that fit together (e.g. a short line before or after a split code block). */
function mergeNeighbours(groups: Unit[][], m: Meter): Unit[][] {
  const out: Unit[][] = [];
  let prevCost = 0;
  for (const g of groups) {
    const prev = out[out.length - 1];
    if (prev) {
      const merged = prevCost + m.joinCost(prev[prev.length - 1] as Unit, g[0] as Unit) + m.bodyCost(g);
      if (merged <= m.max) {
        prev.push(...g);
        prevCost = merged;
        continue;
      }
    }
    out.push([...g]);
    prevCost = m.cost(g);
  }
  return out;
}

/**
 * The estimate is exact unless a pre-token reaches far across a join; a piece found over budget when counted
 * exactly gives up units from its end (or is cut again) until it fits.
 */
function verified(groups: Unit[][], m: Meter, header: string): { units: Unit[]; tokens: number }[] {
  const out: { units: Unit[]; tokens: number }[] = [];
  const queue = groups.map((g) => [...g]);
  while (queue.length > 0) {
    const g = queue.shift() as Unit[];
    const n = countTokens(`${header}\n${join(g)}`);
    if (n <= m.max) {
      out.push({ units: g, tokens: n });
      continue;
    }
    if (g.length > 1) {
      const last = g.pop() as Unit;
      queue.unshift(g, [{ ...last, sep: last.sep }]);
      continue;
    }
    const only = g[0] as Unit;
    const { tokens: _t, sealed: _s, ...plain } = only;
    const cut = hardCut(plain, m, Math.max(1, m.room() - (n - m.max) - 2));
    if (cut.length <= 1) {
      // Cannot shrink further (a budget smaller than one character's tokens): keep it rather than loop.
      out.push({ units: g, tokens: n });
      continue;
    }
    queue.unshift(...cut.map((x) => [x]));
  }
  return out;
}

/**
 * Splits a section body (its lines and their 0-based file line numbers) into pieces such that
 * `${header}\n${piece}` stays within `maxTokens`. With `overlapTokens` > 0, a piece after the first starts with
 * the tail of the previous prose piece (never inside code, where it would land outside the fences).
 * `expired` is asked often; once true, the pieces made so far are returned (a time budget) and `onCut` is called.
 */
export function splitSection(
  header: string,
  lines: readonly string[],
  lineNos: readonly number[],
  maxTokens: number,
  overlapTokens = 0,
  expired: () => boolean = () => false,
  onCut: () => void = () => undefined,
): Piece[] {
  const m = new Meter(header, maxTokens, expired);
  const blocks = segmentBlocks(lines, lineNos);
  if (blocks.length === 0) return [];
  const groups = verified(
    mergeNeighbours(
      packUnits(blocks, m, (u, lead) => explodeProse(u, m, lead)),
      m,
    ),
    m,
    header,
  );
  if (m.cut) onCut();
  const pieces = groups.map(({ units: g, tokens }) => ({
    text: join(g),
    startLine: g[0]?.start ?? 0,
    endLine: g[g.length - 1]?.end ?? 0,
    tokens,
    code: g.some((u) => u.sealed === true || u.fence !== undefined),
  }));
  if (overlapTokens > 0) {
    const fits: Fits = (body) => countTokens(`${header}\n${body}`) <= maxTokens;
    for (let k = pieces.length - 1; k > 0; k--) {
      const prev = pieces[k - 1];
      const cur = pieces[k];
      if (!prev || !cur || prev.code || cur.code) continue;
      let budget = overlapTokens;
      while (budget > 0) {
        const tail = tailWithin(prev.text, budget);
        const text = `${tail}\n${cur.text}`;
        if (tail !== '' && fits(text)) {
          cur.text = text;
          cur.tokens = countTokens(`${header}\n${text}`);
          break;
        }
        budget = Math.floor(budget / 2);
      }
    }
  }
  return pieces.map(({ text, startLine, endLine, tokens }) => ({ text, startLine, endLine, tokens }));
}
