import { describe, expect, it } from 'vitest';
import {
  attentionShare,
  batchCap,
  decodeEnergyJ,
  decodeStep,
  modelShape,
  prefillEnergyJ,
  prefillFlopParts,
  prefillFlops,
  prefillTokenGpuJ,
  requestEnergy,
  tensorParallelDegree,
  tensorParallelEfficiency,
  weightBytesRead,
} from '../../../src/core/cost/energy-model';
import { findModel, listHardwarePresets, listModelPresets } from '../../../src/core/cost/presets';
import { DEFAULT_FACTORS, gpuCountFor, requireSetup, type SetupOptions } from '../../../src/core/cost/setup';

function model(id: string) {
  const m = findModel(id);
  if (!m) throw new Error(`no preset ${id}`);
  return m;
}

function setup(opts: SetupOptions) {
  return requireSetup(opts, { model: 'llama-3.1-8b', hardware: 'h100' }, 'test');
}

describe('presets', () => {
  it('has the issue ids, each with a source', () => {
    expect(listModelPresets().map((m) => m.id)).toEqual([
      'llama-3.1-8b',
      'llama-3.1-70b',
      'llama-3.1-405b',
      'llama-3-8b-1m',
      'llama-2-7b',
      'llama-2-13b',
      'llama-2-70b',
      'mistral-7b',
      'qwen2.5-7b',
      'deepseek-v3',
      'kimi-k2',
      'dense-1t',
    ]);
    expect(listHardwarePresets().map((h) => h.id)).toEqual(['h100', 'gh200', 'a100', 'a100-40gb']);
    for (const p of [...listModelPresets(), ...listHardwarePresets()]) expect(p.source.length).toBeGreaterThan(40);
  });

  it('returns copies, so callers cannot change the built-ins', () => {
    listModelPresets()[0]!.layers = 1;
    expect(model('llama-3.1-8b').layers).toBe(32);
  });

  it('derives shapes from the config figures', () => {
    const l8 = modelShape(model('llama-3.1-8b'));
    expect(l8.attnDimPrefill).toBe(4096);
    expect(l8.kvBytesPerToken).toBe(2 * 32 * 8 * 128 * 2); // 128 KiB per token
    expect(modelShape(model('qwen2.5-7b')).attnDimPrefill).toBe(3584);
    expect(modelShape(model('dense-1t')).attnDimPrefill).toBe(25600);
  });

  it('derives the Kimi-K2 1T MoE from its config: 61 layers, 64 MLA heads, 8 of 384 experts', () => {
    const k = model('kimi-k2');
    const sh = modelShape(k);
    expect(sh.kvBytesPerToken).toBe(61 * (512 + 64) * 2);
    expect(sh.attnDimPrefill).toBe((64 * (192 + 128)) / 2);
    // 60 MoE layers × 384 experts × 3 × 7168 × 2048 routed; 1 dense layer; embeddings 2 × 163,840 × 7168.
    expect(k.moe!.routedParamsB).toBeCloseTo((60 * 384 * 3 * 7168 * 2048) / 1e9, 1);
    expect(k.paramsB).toBeGreaterThan(1000);
    expect(k.activeParamsB - k.nonEmbeddingParamsB!).toBeCloseTo((2 * 163_840 * 7168) / 1e9, 1);
    expect(weightBytesRead(k, 1) / 1e9).toBeCloseTo(k.paramsB - k.moe!.routedParamsB * (1 - 8 / 384), 1);
  });

  it('sizes the DeepSeek-V3 KV cache by its compressed MLA latent (512 + 64 per layer)', () => {
    const ds = modelShape(model('deepseek-v3'));
    expect(ds.kvBytesPerToken).toBe(61 * (512 + 64) * 2);
    expect(ds.activeParams).toBe(37e9);
    expect(ds.prefillParams).toBeCloseTo(35.15e9, -6);
    expect(ds.attnDimPrefill).toBe((128 * (192 + 128)) / 2);
  });
});

describe('GPU count rule', () => {
  it('takes the smallest power of two holding 1.2 × the weights', () => {
    const h100 = listHardwarePresets().find((h) => h.id === 'h100')!;
    const counts = Object.fromEntries(listModelPresets().map((m) => [m.id, gpuCountFor(m, h100)]));
    // 70B: 141 GB × 1.2 = 169 GB → 3 GPUs by capacity → 4 as a power of two (the anchor's setup).
    expect(counts).toEqual({
      'llama-3.1-8b': 1,
      'llama-3.1-70b': 4,
      'llama-3.1-405b': 16,
      'llama-3-8b-1m': 1,
      'llama-2-7b': 1,
      'llama-2-13b': 1,
      'llama-2-70b': 4,
      'mistral-7b': 1,
      'qwen2.5-7b': 1,
      'deepseek-v3': 16,
      'kimi-k2': 16,
      'dense-1t': 32,
    });
  });
});

describe('prefill', () => {
  const s = modelShape(model('llama-3.1-70b'));

  it('grows superlinearly with n', () => {
    const cfg = setup({ model: 'llama-3.1-70b' });
    let prevPerToken = 0;
    for (const n of [1_000, 10_000, 100_000]) {
      const perToken = prefillEnergyJ(cfg, n) / n;
      expect(perToken).toBeGreaterThan(prevPerToken);
      prevPerToken = perToken;
    }
    expect(prefillEnergyJ(cfg, 20_000)).toBeGreaterThan(2 * prefillEnergyJ(cfg, 10_000));
  });

  it('spends a rising share in attention as n grows', () => {
    const shares = [100, 1_000, 10_000, 100_000].map((n) => attentionShare(s, n));
    for (let i = 1; i < shares.length; i++) expect(shares[i]!).toBeGreaterThan(shares[i - 1]!);
    expect(shares[0]!).toBeLessThan(0.01);
    expect(shares[3]!).toBeGreaterThan(0.2);
  });

  it('matches Kaplan: 2N·n + 2·L·d_attn·n², N without the embedding and the output head', () => {
    // Llama-3.1-70B: 70.55B − 2 × 128,256 × 8,192 (embedding + head) = 68.45B.
    expect(prefillFlops(s, 1000)).toBeCloseTo(2 * 68.45e9 * 1000 + 2 * 80 * 8192 * 1e6, -3);
    expect(prefillFlopParts(s, 1000)).toEqual({ linear: 2 * 68.45e9 * 1000, attention: 2 * 80 * 8192 * 1e6 });
  });

  it('with a prefix cache, prices exactly the part not yet computed', () => {
    const whole = prefillFlops(s, 5_000);
    expect(prefillFlops(s, 1_000, 4_000)).toBeCloseTo(whole - prefillFlops(s, 4_000), -3);
  });

  it('loses ρ per doubling of tensor parallelism, up to one 8-GPU board; pipeline stages beyond it cost nothing extra', () => {
    const at = (gpus: number) => prefillEnergyJ(setup({ model: 'llama-3.1-8b', gpus }), 4000);
    const rho = DEFAULT_FACTORS.tpEfficiency;
    expect(at(2) / at(1)).toBeCloseTo(1 / rho, 9);
    expect(at(8) / at(1)).toBeCloseTo(1 / rho ** 3, 9);
    expect(at(32)).toBeCloseTo(at(8), 9);
    expect(tensorParallelDegree(setup({ model: 'dense-1t' }))).toBe(8);
    expect(tensorParallelEfficiency(setup({ model: 'llama-3.1-8b', gpus: 4, tpEfficiency: 1 }))).toBe(1);
  });

  it('prices prefill at the board limit with the GPU class MFU and a separate attention efficiency', () => {
    const cfg = setup({ model: 'llama-3.1-8b', pue: 1, overhead: 1 });
    const f = prefillFlopParts(modelShape(cfg.model), 50_000);
    const expected = 700 * (f.linear / (0.6 * 989e12) + f.attention / (0.6 * 989e12));
    expect(prefillEnergyJ(cfg, 50_000)).toBeCloseTo(expected, 6);
    const slowAttention = setup({ model: 'llama-3.1-8b', pue: 1, overhead: 1, attentionEfficiency: 0.3 });
    expect(prefillEnergyJ(slowAttention, 50_000) - expected).toBeCloseTo(
      (700 * f.attention) / (0.3 * 989e12) - (700 * f.attention) / (0.6 * 989e12),
      6,
    );
    const a100 = setup({ model: 'llama-3.1-8b', hardware: 'a100', pue: 1, overhead: 1 });
    expect(a100.factors.prefillMfu).toBe(0.5);
    expect(prefillTokenGpuJ(a100, 1000)).toBeCloseTo(prefillEnergyJ(a100, 1000) / 1000, 12);
  });

  it('scales with PUE and the server overhead', () => {
    const base = prefillEnergyJ(setup({ pue: 1, overhead: 1 }), 4000);
    expect(prefillEnergyJ(setup({ pue: 1.5, overhead: 2 }), 4000)).toBeCloseTo(base * 3, 6);
  });
});

describe('decode', () => {
  it('caps the batch when the KV cache fills memory, and costs more per token then', () => {
    const cfg = setup({ model: 'llama-3.1-8b' });
    const short = decodeStep(cfg, 1_000);
    const long = decodeStep(cfg, 100_000);
    expect(short.batch).toBe(64);
    expect(short.capped).toBe(false);
    // (0.9 × 80 GB − 16.06 GB) / (131,072 B × 100,000) = 4.27 → 4 sequences.
    expect(long.batch).toBe(4);
    expect(long.capped).toBe(true);
    expect(long.jPerToken).toBeGreaterThan(10 * short.jPerToken);
  });

  it('flags a context whose KV cache cannot fit even alone', () => {
    const cfg = setup({ model: 'llama-3.1-8b' });
    expect(batchCap(cfg, 1_000_000)).toBe(0);
    const step = decodeStep(cfg, 1_000_000);
    expect(step.overflow).toBe(true);
    expect(step.batch).toBe(1);
  });

  it('amortises the weights over the batch', () => {
    const one = decodeStep(setup({ batch: 1 }), 500).gpuJPerToken;
    const many = decodeStep(setup({ batch: 64 }), 500).gpuJPerToken;
    expect(one / many).toBeGreaterThan(10);
  });

  it('reads only the experts the batch routes to (MoE)', () => {
    const ds = model('deepseek-v3');
    const one = weightBytesRead(ds, 1);
    expect(one / 1e9).toBeCloseTo(671 - 653.9 + (653.9 * 8) / 256, 0); // ≈ 37 GB at fp8
    expect(weightBytesRead(ds, 64)).toBeGreaterThan(0.8 * 671e9);
    expect(weightBytesRead(ds, 64)).toBeLessThan(671e9);
  });

  it('integrates a reply token by token for short replies', () => {
    const cfg = setup({ model: 'llama-3.1-70b' });
    let sum = 0;
    for (let j = 0; j < 50; j++) sum += decodeStep(cfg, 2_000 + j).jPerToken;
    expect(decodeEnergyJ(cfg, 2_000, 50)).toBeCloseTo(sum, 9);
    expect(decodeEnergyJ(cfg, 2_000, 0)).toBe(0);
  });

  it('sums a request from its prefill and decode', () => {
    const cfg = setup({ model: 'qwen2.5-7b' });
    const e = requestEnergy(cfg, { newTokens: 3_000, outputTokens: 300 });
    expect(e.totalJ).toBeCloseTo(prefillEnergyJ(cfg, 3_000) + decodeEnergyJ(cfg, 3_000, 300), 9);
    expect(e.batchCapped).toBe(false);
  });
});
