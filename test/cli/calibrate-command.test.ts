import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/args';
import { calibrateCommand } from '../../src/cli/calibrate-command';
import { UserError, type CliIO } from '../../src/cli/cli-io';
import { COMMANDS } from '../../src/cli/commands';
import { SAVINGS_FLAGS, savingsCommand } from '../../src/cli/savings-command';
import { PREFILL_ANCHORS } from '../../src/core/cost/prefill-anchors';

/** Options of both commands tested here (calibrate takes only --json). */
const FLAGS = { ...COMMANDS['calibrate']!.flags, ...SAVINGS_FLAGS };

function capture(): CliIO & { out: string } {
  const io = {
    out: '',
    isTTY: false,
    stdout(t: string) {
      io.out += t;
    },
    stderr() {},
  };
  return io;
}

async function run(cmd: typeof calibrateCommand, argv: string[]): Promise<string> {
  const io = capture();
  expect(await cmd(parseArgs(argv, FLAGS), io)).toBe(0);
  return io.out;
}

interface Row {
  label: string;
  kind: string;
  source: string;
  setting: string;
  measured: number[];
  model: number[];
  error: number;
  within: boolean;
  role: string;
  fits?: string;
}

describe('overlay calibrate', () => {
  it('--json prints every anchor with source, setting, measured range, model value, error and role', async () => {
    const j = JSON.parse(await run(calibrateCommand, ['--json'])) as {
      rows: Row[];
      tolerance: number;
      parameters: { name: string }[];
    };
    expect(j.tolerance).toBe(0.2);
    const labels = j.rows.map((r) => r.label.split(' ')[0]);
    expect([...new Set(labels)]).toEqual(['D1', 'D2', 'A1', 'A2', 'A3', 'A4']);
    for (const r of j.rows) {
      expect(Object.keys(r)).toEqual(
        expect.arrayContaining(['source', 'setting', 'measured', 'model', 'error', 'role']),
      );
      expect(r.measured).toHaveLength(2);
      expect(r.model).toHaveLength(2);
      expect(r.within).toBe(true);
    }
    expect(j.rows.filter((r) => r.role === 'fitted').map((r) => r.label)).toEqual([
      'D1',
      'D2',
      'A1',
      'A3 TP2',
      'A3 TP4',
    ]);
    expect(j.parameters.map((p) => p.name)).toEqual(['eta', 'prefillMfu (H100-class)', 'tpEfficiency']);
  });

  it('prints a table with the fitted rows marked, then the sources', async () => {
    const out = await run(calibrateCommand, []);
    expect(out).toMatch(/^\s*A3 TP8\s+held out\s+J\/in tok/m);
    expect(out).toMatch(/^\s*D1\s+fitted\*\s+J\/out tok/m);
    expect(out).toMatch(/Source: Splitwise/);
    expect(out).toMatch(/All 12 rows are within ±20 %\./);
  });

  it('refuses positional arguments', async () => {
    await expect(calibrateCommand(parseArgs(['x'], FLAGS), capture())).rejects.toThrow(UserError);
  });
});

describe('overlay savings --json --context', () => {
  it('reports prefillTokenGpuJ at the given context, so an anchor can be checked from the CLI', async () => {
    // A1: Qwen2.5-7B on one GH200, 30,035 tokens.
    const j = JSON.parse(
      await run(savingsCommand, [
        '--json',
        '--energy-model',
        'qwen2.5-7b',
        '--hardware',
        'gh200',
        '--gpus',
        '1',
        '--context',
        '30035',
        '--minutes',
        '1',
      ]),
    ) as { prefillTokenGpuJ: number; prefillContext: number };
    expect(j.prefillContext).toBe(30_035);
    const a1 = PREFILL_ANCHORS[0]!.cases[0]!.measured;
    expect(j.prefillTokenGpuJ).toBeGreaterThan(0.8 * a1[0]);
    expect(j.prefillTokenGpuJ).toBeLessThan(1.2 * a1[1]);
    // A4 at 1M tokens on one A100: longer prompts cost more per token (attention).
    const long = JSON.parse(
      await run(savingsCommand, [
        '--json',
        '--energy-model',
        'llama-3-8b-1m',
        '--hardware',
        'a100',
        '--gpus',
        '2',
        '--context',
        '1000000',
        '--minutes',
        '1',
      ]),
    ) as { prefillTokenGpuJ: number };
    expect(long.prefillTokenGpuJ).toBeGreaterThan(0.5);
  });

  it('defaults the context to the budget and refuses a bad one', async () => {
    const j = JSON.parse(await run(savingsCommand, ['--json', '--minutes', '1', '--budget', '2000'])) as {
      prefillContext: number;
    };
    expect(j.prefillContext).toBe(2000);
    await expect(savingsCommand(parseArgs(['--context', '0'], FLAGS), capture())).rejects.toThrow(/--context/);
    await expect(savingsCommand(parseArgs(['--kv-retention', 'disk'], FLAGS), capture())).rejects.toThrow(
      /--kv-retention must be "hbm" or "offload"/,
    );
  });

  it('passes --kv-retention, --pause and --cache-ttl to the cached column', async () => {
    const base = ['--json', '--energy-model', 'kimi-k2', '--minutes', '30'];
    const get = async (extra: string[]) =>
      (
        JSON.parse(await run(savingsCommand, [...base, ...extra])) as {
          turns: { prefixCachedWh: number; fullResendWh: number; cacheExpired: boolean; cacheRetentionWh: number }[];
        }
      ).turns[0]!;
    const offload = await get([]);
    const hbm = await get(['--kv-retention', 'hbm']);
    const expired = await get(['--pause', '10', '--cache-ttl', '5']);
    expect(hbm.prefixCachedWh).toBeGreaterThan(offload.prefixCachedWh);
    expect(offload.cacheExpired).toBe(false);
    expect(expired.cacheExpired).toBe(true);
    expect(expired.prefixCachedWh).toBeGreaterThan(expired.fullResendWh);
  });
});
