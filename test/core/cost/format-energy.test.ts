// The one energy formatter: two significant digits with the unit that fits, the same in CLI, report and plugin.
import { describe, expect, it } from 'vitest';
import { formatWh } from '../../../src/core/cost/format-energy';
import { savingLines } from '../../../src/core/cost/saving-text';
import { askSaving } from '../../../src/core/cost/ask-saving';

describe('formatWh', () => {
  it('picks mWh, Wh or kWh and keeps two significant digits', () => {
    expect(formatWh(0)).toBe('0 Wh');
    expect(formatWh(0.00042)).toBe('0.42 mWh');
    expect(formatWh(0.005)).toBe('0.005 Wh');
    expect(formatWh(0.0123)).toBe('0.012 Wh');
    expect(formatWh(1.234)).toBe('1.2 Wh');
    expect(formatWh(3456)).toBe('3.5 kWh');
    expect(formatWh(-0.49)).toBe('-0.49 Wh');
  });

  it('is what the CLI saving line prints', () => {
    const s = askSaving({ promptTokens: 3000, fullTokens: 60_000, outputTokens: 300 });
    const line = savingLines(s, 3000, 60_000)[0]!;
    expect(line).toContain(`energy ≈ ${formatWh(s.energyWh.bounded)} vs ${formatWh(s.energyWh.full)}`);
  });
});
