// Token arithmetic for pieces built by joining units: each unit's text is counted once, and a join costs the
// tokens of its separator plus a correction measured on a few characters either side of it. The tokenizer splits
// text into pre-tokens by a local pattern, so the count of a concatenation differs from the sum of the parts
// only around the join: count(a+sep+b) = count(a) + count(b) + [count(ta+sep+hb) − count(ta) − count(hb)],
// where ta/hb are short windows at the end of a / start of b. This keeps chunking linear in the note's length.
import { countTokens } from '../tokens';
import { seamJoinCost } from '../token-memo';
import { prefixWithin } from './token-cut';

/** A block, sentence/line or fragment of a section body. */
export interface Unit {
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
  /** Token count of `text` alone, once known. */
  tokens?: number;
  /** Cached join cost after `joinPrev`. */
  joinPrev?: Unit;
  joinTokens?: number;
  /** Cached cost of following the heading line of `headMeter`. */
  headMeter?: Meter;
  headTokens?: number;
}

/** Characters either side of a join that are re-tokenised to measure its cost. */
const WINDOW = 24;

function head(s: string): string {
  if (s.length <= WINDOW) return s;
  const c = s.charCodeAt(WINDOW - 1);
  return s.slice(0, c >= 0xd800 && c <= 0xdbff ? WINDOW + 1 : WINDOW);
}

function tail(s: string): string {
  if (s.length <= WINDOW) return s;
  const c = s.charCodeAt(s.length - WINDOW);
  return s.slice(c >= 0xdc00 && c <= 0xdfff ? s.length - WINDOW - 1 : s.length - WINDOW);
}

/** Tokens that joining `a` and `b` with `sep` adds to count(a) + count(b) (may be negative). */
export function joinTokens(a: string, sep: string, b: string): number {
  const ta = tail(a);
  const hb = head(b);
  // A join at line breaks (blocks, a heading line) is a seam: two remembered piece counts, no window counted.
  // (A long separator is a long run, which countTokens counts in slices: never a seam then.)
  const seam = sep.length <= 512 ? seamJoinCost(ta, sep, hb) : null;
  return seam ?? countTokens(ta + sep + hb) - countTokens(ta) - countTokens(hb);
}

/** Measures pieces that follow one heading line (`${header}\n${body}`) against a budget of `max` tokens. */
export class Meter {
  readonly headerTokens: number;

  /**
   * `expired` is asked often during long work; once it says true, work stops early (a time budget). `state` is
   * shared by derived meters and records whether anything was left out.
   */
  constructor(
    readonly header: string,
    readonly max: number,
    readonly expired: () => boolean,
    private readonly state: { cut: boolean } = { cut: false },
  ) {
    this.headerTokens = countTokens(header);
  }

  /** Whether to stop now, keeping what is done; asked only while work remains, so true means something is cut. */
  stopped(): boolean {
    if (this.expired()) this.state.cut = true;
    return this.state.cut;
  }

  /** Whether work stopped early, leaving part of the text out. */
  get cut(): boolean {
    return this.state.cut;
  }

  /** A meter for another heading line and budget, sharing the check. */
  derive(header: string, max: number): Meter {
    return new Meter(header, max, this.expired, this.state);
  }

  /** Tokens of a unit's text alone (counted once). */
  tok(u: Unit): number {
    if (u.tokens === undefined) u.tokens = countTokens(u.text);
    return u.tokens;
  }

  /** Tokens added by joining `b` after `a` with `b.sep`. */
  joinCost(a: Unit, b: Unit): number {
    if (b.joinPrev !== a || b.joinTokens === undefined) {
      b.joinPrev = a;
      b.joinTokens = joinTokens(a.text, b.sep, b.text);
    }
    return b.joinTokens;
  }

  private headJoin(u: Unit): number {
    if (u.headMeter !== this || u.headTokens === undefined) {
      u.headMeter = this;
      u.headTokens = joinTokens(this.header, '\n', u.text);
    }
    return u.headTokens;
  }

  /** Estimated tokens of `${header}\n${u.text}`. */
  alone(u: Unit): number {
    return this.headerTokens + this.headJoin(u) + this.tok(u);
  }

  /** Estimated tokens of the units joined, without the heading line. */
  bodyCost(g: readonly Unit[]): number {
    let n = 0;
    g.forEach((u, i) => {
      n += this.tok(u) + (i > 0 ? this.joinCost(g[i - 1] as Unit, u) : 0);
    });
    return n;
  }

  /** Estimated tokens of `${header}\n${joined units}`. */
  cost(g: readonly Unit[]): number {
    const first = g[0];
    return first ? this.headerTokens + this.headJoin(first) + this.bodyCost(g) : this.headerTokens;
  }

  /** Tokens left for one text after the heading line (a token of slack for the line break's join). */
  room(): number {
    return this.max - this.headerTokens - 2;
  }
}

/**
 * Where to cut `text` so that its prefix holds at most `room` tokens: a long prefix that fits, moved back to a
 * whitespace boundary when one is near its end. `charsPerToken` is the text's average, a starting guess.
 */
export function cutText(text: string, room: number, charsPerToken: number): number {
  let k = prefixWithin(text, room, charsPerToken);
  if (k < text.length) {
    const ws = Math.max(text.lastIndexOf(' ', k - 1), text.lastIndexOf('\n', k - 1));
    if (ws > k * 0.8) k = ws;
  }
  return k;
}
