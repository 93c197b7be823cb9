// Splitting one section body into pieces that fit a token budget together with their heading line:
// paragraphs first, then sentences (and line breaks), then a hard cut. Fenced code stays whole unless it alone
// is too big; then it is cut at lines and each piece is re-fenced, so a piece never leaves a fence open.
// Linear in the body: each unit is counted once and the cost of a piece is the sum of its units' counts plus a
// correction at each join (token-meter.ts); every finished piece is counted once more, exactly, to verify.
import { countTokens } from '../tokens';
import { openingFence } from './code-mask';
import { tailWithin, type Fits } from './token-cut';
import { join, newlines, segmentBlocks, sentences } from './section-units';
import { cutText, Meter, type Unit } from './token-meter';

/** One piece of a section body, ready to follow the heading line. */
export interface Piece {
  text: string;
  /** 0-based file lines covered by the piece. */
  startLine: number;
  endLine: number;
  /** Exact token count of `${header}\n${text}`. */
  tokens: number;
}

/** Cuts a unit into level-2 fragments of at most `room` tokens each, preferring whitespace near each end. */
function hardCut(u: Unit, m: Meter, room: number): Unit[] {
  const out: Unit[] = [];
  const total = m.tok(u);
  let rest = u.text;
  let restTokens = total;
  let sep = u.sep;
  let line = u.start;
  const cpt = u.text.length / Math.max(1, total);
  while (rest.length > 0 && !m.stopped()) {
    // The rest is counted only when the running estimate says it may fit, so it is small then.
    if (restTokens <= room + 4) {
      const n = countTokens(rest);
      if (n <= room) {
        out.push({ text: rest, sep, start: line, end: line + newlines(rest), level: 2, tokens: n });
        break;
      }
    }
    const k = cutText(rest, room, cpt);
    const piece = rest.slice(0, k).trimEnd();
    const after = rest.slice(k);
    const lead = /^\s*/.exec(after)?.[0] ?? '';
    if (piece !== '') {
      const n = countTokens(piece);
      out.push({ text: piece, sep, start: line, end: line + newlines(piece), level: 2, tokens: n });
      restTokens -= n;
    }
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
function splitCode(u: Unit, m: Meter, lead: readonly Unit[]): Exploded {
  const fence = u.fence;
  if (!fence) return { units: hardCut(u, m, m.room()), usedLead: false };
  const open = fence.open;
  const close = fence.close ?? (openingFence(open)?.char === '~' ? '~~~' : '```');
  const wrap = (body: string): string => `${open}\n${body}\n${close}`;
  // Inner lines are packed as if the opening fence were part of the heading line, with the closing fence's cost
  // (and a token of slack for its join) kept free.
  const closeCost = countTokens(`\n${close}`) + 1;
  const code = m.derive(`${m.header}\n${open}`, m.max - closeCost);
  // Fences too long to wrap a single character: cut the block as plain lines instead.
  if (code.room() < 1) {
    const plain = packUnits(sentences({ ...u, level: 0 }), m, (x) => ({
      units: hardCut(x, m, m.room()),
      usedLead: false,
    }));
    return { units: plain.map((g) => asUnit(g, m)), usedLead: false };
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
    const withLead = m.derive(`${m.header}\n${leadText}${open}`, m.max - closeCost);
    let cost = 0;
    while (i < inner.length) {
      const x = inner[i] as Unit;
      const next =
        first.length === 0
          ? withLead.alone(x)
          : cost + withLead.joinCost(first[first.length - 1] as Unit, x) + withLead.tok(x);
      if (next > withLead.max) break;
      cost = next;
      first.push(x);
      i++;
    }
  }
  const usedLead = first.length > 0;
  const rest = inner.slice(i).map((x, k) => (k === 0 ? { ...x, sep: '' } : x));
  const groups = packUnits(rest, code, (x) => ({ units: hardCut(x, code, code.room()), usedLead: false }));
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

function asUnit(g: Unit[], m: Meter): Unit {
  const text = join(g);
  return {
    text,
    sep: g[0]?.sep ?? '',
    start: g[0]?.start ?? 0,
    end: g[g.length - 1]?.end ?? 0,
    level: 2,
    tokens: m.bodyCost(g),
  };
}

function explodeProse(u: Unit, m: Meter, lead: readonly Unit[]): Exploded {
  if (u.fence) return splitCode(u, m, lead);
  if (u.level === 0) {
    const s = sentences(u);
    if (s.length > 1) return { units: s, usedLead: false };
  }
  return { units: hardCut(u, m, m.room()), usedLead: false };
}

/**
 * Greedy packing: units join the current piece while it fits. A unit too big alone is exploded into smaller
 * units, which are packed on from the current piece, so its free room is used.
 */
function packUnits(units: readonly Unit[], m: Meter, explode: Explode): Unit[][] {
  const groups: Unit[][] = [];
  let cur: Unit[] = [];
  let cost = 0;
  const flush = (): void => {
    if (cur.length > 0) groups.push(cur);
    cur = [];
    cost = 0;
  };
  for (const u of units) {
    if (m.stopped()) break;
    if (u.sealed) {
      flush();
      groups.push([u]);
      continue;
    }
    if (cur.length > 0) {
      const next = cost + m.joinCost(cur[cur.length - 1] as Unit, u) + m.tok(u);
      if (next <= m.max) {
        cur.push(u);
        cost = next;
        continue;
      }
    }
    if (u.level === 2 || m.alone(u) <= m.max) {
      flush();
      cur = [u];
      cost = m.alone(u);
      continue;
    }
    const ex = explode(u, cur);
    const sub = packUnits(ex.usedLead ? ex.units : [...cur, ...ex.units], m, explode);
    cur = [];
    cost = 0;
    const last = sub.pop();
    groups.push(...sub);
    // The last sub-piece stays open so that following units may still join it.
    if (last && !last.some((x) => x.sealed)) {
      cur = last;
      cost = m.cost(last);
    } else if (last) groups.push(last);
  }
  flush();
  return groups;
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
