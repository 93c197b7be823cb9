// The one way an energy figure is printed (CLI, bench report, plugin), so the same value always reads the same.
// Fixed 'en-US' grouping keeps output stable across machines.

/** Energy with a unit that keeps two significant digits: "0.42 mWh", "0.012 Wh", "3.4 kWh". */
export function formatWh(wh: number): string {
  const a = Math.abs(wh);
  if (a === 0) return '0 Wh';
  if (a < 1e-3) return `${sig(wh * 1e3)} mWh`;
  if (a < 1e3) return `${sig(wh)} Wh`;
  return `${sig(wh / 1e3)} kWh`;
}

function sig(n: number): string {
  return Number(n.toPrecision(2)).toLocaleString('en-US', { maximumSignificantDigits: 2 });
}
