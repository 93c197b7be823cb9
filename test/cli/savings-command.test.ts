import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/args';
import { UserError, type CliIO } from '../../src/cli/cli-io';
import { SAVINGS_FLAGS, savingsCommand } from '../../src/cli/savings-command';

function capture(): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    isTTY: false,
    stdout(t: string) {
      io.out += t;
    },
    stderr(t: string) {
      io.err += t;
    },
  };
  return io;
}

async function run(argv: string[]): Promise<{ code: number; out: string }> {
  const io = capture();
  const code = await savingsCommand(parseArgs(argv, SAVINGS_FLAGS), io);
  return { code, out: io.out };
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overlay-savings-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('overlay savings', () => {
  it('prints the default curve as a table with its assumptions', async () => {
    const { code, out } = await run([]);
    expect(code).toBe(0);
    expect(out).toMatch(/Dense 1T/);
    expect(out).toMatch(/minute\s+context tokens\s+full Wh\s+cached Wh\s+bounded Wh/);
    for (const m of [5, 55, 205, 305, 505]) expect(out).toMatch(new RegExp(`^\\s+${m}\\s`, 'm'));
    expect(out).toMatch(/not exponential/);
  });

  it('prints the issue JSON shape with --json', async () => {
    const { out } = await run(['--json', '--energy-model', 'llama-3.1-70b', '--minutes', '1,10', '--budget', '2000']);
    const j = JSON.parse(out) as Record<string, unknown>;
    expect(Object.keys(j)).toEqual(
      expect.arrayContaining(['model', 'hardware', 'assumptions', 'outputTokenJ', 'turns', 'cumulative']),
    );
    expect(j.model).toBe('llama-3.1-70b');
    expect(j.hardware).toBe('h100');
    const turns = j.turns as Record<string, number>[];
    expect(turns.map((t) => t.minute)).toEqual([1, 10]);
    expect(Object.keys(turns[0]!)).toEqual(
      expect.arrayContaining(['minute', 'contextTokens', 'fullResendWh', 'prefixCachedWh', 'boundedWh']),
    );
    expect(Object.keys(j.cumulative as object).sort()).toEqual(['boundedWh', 'fullResendWh', 'prefixCachedWh']);
    expect((j.assumptions as Record<string, unknown>).budget).toBe(2000);
  });

  it('passes --rate, --reply, --gpus, --batch, --pue and --overhead through', async () => {
    const { out } = await run([
      '--json',
      '--energy-model',
      'llama-3.1-8b',
      '--minutes',
      '3',
      '--rate',
      '100',
      '--reply',
      '0',
      '--gpus',
      '2',
      '--batch',
      '8',
      '--pue',
      '1.1',
      '--overhead',
      '1',
      '--prefix-caching',
    ]);
    const j = JSON.parse(out) as { assumptions: Record<string, unknown>; turns: { contextTokens: number }[] };
    expect(j.turns[0]!.contextTokens).toBe(2 * 100 + 100);
    expect(j.assumptions).toMatchObject({
      ratePerMinute: 100,
      replyTokens: 0,
      gpus: 2,
      gpusFromRule: false,
      batch: 8,
      pue: 1.1,
      overhead: 1,
    });
  });

  it('refuses the old --model spelling with a hint to --energy-model', async () => {
    await expect(run(['--model', 'llama-3.1-8b'])).rejects.toThrow(UserError);
    await expect(run(['--model', 'llama-3.1-8b'])).rejects.toThrow(
      /--model is now --energy-model.*overlay savings --energy-model llama-3.1-8b/,
    );
  });

  it('rejects unknown preset ids with the valid ones', async () => {
    await expect(run(['--energy-model', 'gpt-5'])).rejects.toThrow(UserError);
    await expect(run(['--energy-model', 'gpt-5'])).rejects.toThrow(
      /valid: llama-3.1-8b, llama-3.1-70b, llama-3.1-405b, .*qwen2.5-7b, deepseek-v3, kimi-k2, dense-1t/,
    );
    await expect(run(['--hardware', 'tpu'])).rejects.toThrow(/valid: h100, gh200, a100, a100-40gb/);
  });

  it('rejects bad numbers, unknown flags and too few GPUs clearly', async () => {
    await expect(run(['--minutes', '5,x'])).rejects.toThrow(/--minutes must be a comma-separated list/);
    await expect(run(['--budget', '0'])).rejects.toThrow(/--budget must be a positive whole number/);
    await expect(run(['--pue', 'abc'])).rejects.toThrow(/--pue must be a positive number/);
    await expect(run(['--pue', '0.9'])).rejects.toThrow(/pue cannot be below 1/);
    await expect(run(['--frobnicate'])).rejects.toThrow(/unknown option\(s\) for savings: --frobnicate/);
    await expect(run(['--energy-model', 'llama-3.1-405b', '--gpus', '2'])).rejects.toThrow(/use more GPUs/);
    await expect(run(['vault'])).rejects.toThrow(/no positional arguments/);
  });

  it('loads user presets from --presets FILE', async () => {
    const file = join(dir, 'presets.json');
    await writeFile(
      file,
      JSON.stringify({
        models: [
          {
            id: 'tiny-3b',
            name: 'Tiny 3B',
            paramsB: 3.2,
            layers: 28,
            queryHeads: 24,
            kvHeads: 8,
            headDim: 128,
            contextWindow: 8192,
            source: 'my config.json',
          },
        ],
        hardware: [
          {
            id: 'l40s',
            name: 'L40S',
            peakTflops: 362,
            bandwidthTBs: 0.864,
            memoryGB: 48,
            powerW: 300,
            source: 'datasheet',
          },
        ],
      }),
    );
    const { out } = await run([
      '--presets',
      file,
      '--energy-model',
      'tiny-3b',
      '--hardware',
      'l40s',
      '--minutes',
      '5,40',
    ]);
    expect(out).toMatch(/Tiny 3B/);
    expect(out).toMatch(/1 × L40S/);
    expect(out).toMatch(/beyond the model's 8,192-token window/);
  });

  it('explains what is wrong with a presets file', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ models: [{ id: 'x', name: 'X', paramsB: 1, layers: 0 }] }));
    await expect(run(['--presets', bad])).rejects.toThrow(/models\[0\]\.layers: must be a positive whole number/);
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{ not json');
    await expect(run(['--presets', broken])).rejects.toThrow(/is not valid JSON/);
    await expect(run(['--presets', join(dir, 'missing.json')])).rejects.toThrow(/cannot read --presets/);
  });

  it('prints usage with --help', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: overlay savings/);
  });
});
