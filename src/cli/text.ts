// Small wording helpers shared by the commands' text output.

/** A count as people read it: 32343 → "32,343". */
export function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

/** "1 chunk", "3 chunks", "1,200 notes". */
export function plural(n: number, word: string): string {
  return `${fmt(n)} ${word}${n === 1 ? '' : 's'}`;
}
