// A unit that cannot fit a piece alone is broken up: fenced code at lines (re-fenced), prose into sentences,
// and as the last resort a hard cut near whitespace. Used by split-section.ts.
import { countTokens } from '../tokens';
import { openingFence } from './code-mask';
import { join, newlines, sentences } from './section-units';
import { cutText, Meter, type Unit } from './token-meter';
import { packUnits, type Exploded } from './pack-units';

/** Cuts a unit into level-2 fragments of at most `room` tokens each, preferring whitespace near each end. */
export function hardCut(u: Unit, m: Meter, room: number): Unit[] {
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

/** Breaks a unit too big to fit alone: a fenced block at lines, prose into sentences, else a hard cut. */
export function explodeProse(u: Unit, m: Meter, lead: readonly Unit[]): Exploded {
  if (u.fence) return splitCode(u, m, lead);
  if (u.level === 0) {
    const s = sentences(u);
    if (s.length > 1) return { units: s, usedLead: false };
  }
  return { units: hardCut(u, m, m.room()), usedLead: false };
}
