// Small wording helpers shared by the commands' text output.

/** A count as people read it: 32343 → "32,343" (as toLocaleString('en-US'), which costs ~100 ms of ICU start-up). */
export function fmt(n: number): string {
  if (!Number.isFinite(n) || Math.abs(n) >= 1e15) return n.toLocaleString('en-US');
  const r = Math.round(Math.abs(n) * 1000) / 1000;
  const [int = '0', frac] = r
    .toFixed(3)
    .replace(/\.?0+$/, '')
    .split('.');
  const grouped = int.replace(/\B(?=(\d{3})+$)/g, ',');
  return `${n < 0 && r !== 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/** "1 chunk", "3 chunks", "1,200 notes". */
export function plural(n: number, word: string): string {
  return `${fmt(n)} ${word}${n === 1 ? '' : 's'}`;
}
