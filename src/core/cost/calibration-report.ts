// Every anchor — two measured decode energies and the prefill anchors A1–A4 — next to the model's value, with
// which ones set a parameter (fitted) and which are held back as tests. `overlay calibrate` prints this.
import { DECODE_ANCHORS, predictAnchor } from './calibration';
import { prefillTokenGpuJ } from './energy-model';
import { PREFILL_ANCHORS, type AnchorRole, type PrefillAnchor, type PrefillCase } from './prefill-anchors';
import { findHardware, findModel } from './presets';
import { DEFAULT_FACTORS, requireSetup, type CostFactors, type CostSetup } from './setup';

/** Largest relative error the tests accept between the model and a measured range. */
export const ANCHOR_TOLERANCE = 0.2;

/** The model's value at one measured prompt length. */
export interface PointCheck {
  tokens: number;
  measured: number;
  model: number;
  /** model / measured − 1. */
  error: number;
}

/** One row of the calibration table. */
export interface AnchorRow {
  /** "D1", "D2", "A1", "A2 Llama-2-7B", … */
  label: string;
  kind: 'decode' | 'prefill';
  source: string;
  setting: string;
  unit: 'J per output token' | 'J per input token';
  measured: [number, number];
  /** The model's lowest and highest value over the setting's prompt lengths. */
  model: [number, number];
  /** Relative distance of the model's range outside the measured range (0 when inside), signed. */
  error: number;
  /** Geometric mean of the model's values / that of the measured range − 1. */
  midError: number;
  within: boolean;
  role: AnchorRole;
  /** What this row fitted. */
  fits?: string;
  points?: PointCheck[];
}

/** Setup of a prefill case: GPU energy only (k = 1, PUE = 1), the case's model, hardware and GPU count. */
export function prefillCaseSetup(c: PrefillCase, factors: Partial<CostFactors> = {}): CostSetup {
  return requireSetup(
    { model: c.model, hardware: c.hardware, gpus: c.gpus, pue: 1, overhead: 1, ...factors },
    { model: c.model, hardware: c.hardware },
    'calibration',
  );
}

/** Modelled accelerator J per input token at each of a case's prompt lengths. */
export function predictPrefillCase(c: PrefillCase, factors: Partial<CostFactors> = {}): number[] {
  const setup = prefillCaseSetup(c, factors);
  return c.tokens.map((n) => prefillTokenGpuJ(setup, n));
}

/**
 * The tensor-parallel efficiency per doubling ρ that minimises the squared log error over the fitted A3 points.
 * The model's J/token at degree tp is base/ρ^log2(tp), so the fit is closed-form:
 * ln ρ = Σ kᵢ·ln(baseᵢ/measuredᵢ) / Σ kᵢ², kᵢ = log2(tpᵢ).
 */
export function fitTpEfficiency(
  anchors: readonly PrefillAnchor[] = PREFILL_ANCHORS,
  factors: Partial<CostFactors> = {},
): number {
  let num = 0;
  let den = 0;
  for (const a of anchors) {
    for (const c of a.cases) {
      if (c.role !== 'fitted' || !c.fits?.includes('tensor-parallel') || !c.pointwise) continue;
      const base = predictPrefillCase(c, { ...factors, tpEfficiency: 1 });
      const k = Math.log2(Math.min(c.gpus, DEFAULT_FACTORS.tpMax));
      c.pointwise.forEach((m, i) => {
        num += k * Math.log(base[i]! / m);
        den += k * k;
      });
    }
  }
  if (den === 0) throw new Error('calibration: no fitted tensor-parallel points');
  return Math.exp(num / den);
}

function errors(measured: [number, number], model: [number, number]): { error: number; midError: number } {
  const low = Math.min(0, model[0] / measured[0] - 1);
  const high = Math.max(0, model[1] / measured[1] - 1);
  const error = Math.abs(low) > Math.abs(high) ? low : high;
  const midError = Math.sqrt(model[0] * model[1]) / Math.sqrt(measured[0] * measured[1]) - 1;
  return { error, midError };
}

function row(base: Omit<AnchorRow, 'error' | 'midError' | 'within'>): AnchorRow {
  const e = errors(base.measured, base.model);
  return { ...base, ...e, within: Math.abs(e.error) <= ANCHOR_TOLERANCE };
}

function decodeRows(factors: Partial<CostFactors>): AnchorRow[] {
  return DECODE_ANCHORS.map((a, i) => {
    const j = predictAnchor(a, factors);
    const name = findModel(a.model)?.name ?? a.model;
    return row({
      label: `D${i + 1}`,
      kind: 'decode',
      source: a.source,
      setting: `${name}, ${a.gpus}× H100, batch ${a.batch}, chat prompts (mean decode context ≈ ${a.context} assumed)`,
      unit: 'J per output token',
      measured: [a.gpuJPerToken, a.gpuJPerToken],
      model: [j, j],
      role: 'fitted',
      fits: 'memory-bandwidth efficiency η (with the other decode anchor)',
    });
  });
}

function prefillRows(factors: Partial<CostFactors>): AnchorRow[] {
  const rows: AnchorRow[] = [];
  for (const a of PREFILL_ANCHORS) {
    for (const c of a.cases) {
      const values = predictPrefillCase(c, factors);
      const points = c.pointwise?.map((m, i) => ({
        tokens: c.tokens[i]!,
        measured: m,
        model: values[i]!,
        error: values[i]! / m - 1,
      }));
      rows.push(
        row({
          label: c.label,
          kind: 'prefill',
          source: a.source,
          setting: a.setting,
          unit: 'J per input token',
          measured: [c.measured[0], c.measured[1]],
          model: [Math.min(...values), Math.max(...values)],
          role: c.role,
          ...(c.fits ? { fits: c.fits } : {}),
          ...(points ? { points } : {}),
        }),
      );
    }
  }
  return rows;
}

/** The whole calibration: every anchor row and the fitted parameters with their fit values. */
export interface CalibrationReport {
  rows: AnchorRow[];
  tolerance: number;
  parameters: { name: string; value: number; fitValue?: number; fittedOn: string }[];
}

/** Builds the calibration report with the default factors (or overrides, to see how a change moves the anchors). */
export function calibrationReport(factors: Partial<CostFactors> = {}): CalibrationReport {
  return {
    rows: [...decodeRows(factors), ...prefillRows(factors)],
    tolerance: ANCHOR_TOLERANCE,
    parameters: [
      { name: 'eta', value: factors.eta ?? DEFAULT_FACTORS.eta, fittedOn: 'D1, D2' },
      {
        name: 'prefillMfu (H100-class)',
        value: findHardware('gh200')?.prefillMfu ?? NaN,
        fittedOn: 'A1 (time to first token)',
      },
      {
        name: 'tpEfficiency',
        value: factors.tpEfficiency ?? DEFAULT_FACTORS.tpEfficiency,
        fitValue: fitTpEfficiency(PREFILL_ANCHORS, factors),
        fittedOn: 'A3 TP2, A3 TP4',
      },
    ],
  };
}
