// Validates user-defined presets (the JSON behind `overlay savings --presets FILE`). Every problem is reported
// with its path so the user can fix the file in one go.
import type { HardwarePreset, MlaShape, ModelPreset, MoeShape, PresetExtras } from './presets';

/** Outcome of reading a presets file. */
export type PresetFileResult = { ok: true; extras: PresetExtras } | { ok: false; errors: string[] };

type Obj = Record<string, unknown>;

const ID_RE = /^[a-z0-9][a-z0-9._-]*$/;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Reader {
  constructor(
    private readonly errors: string[],
    private readonly path: string,
    private readonly o: Obj,
  ) {}

  private fail(key: string, why: string): void {
    this.errors.push(`${this.path}.${key}: ${why}`);
  }

  str(key: string, fallback?: string): string {
    const v = this.o[key];
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== 'string' || v.trim() === '') {
      this.fail(key, 'must be a non-empty string');
      return '';
    }
    return v;
  }

  id(): string {
    const v = this.str('id');
    if (v !== '' && !ID_RE.test(v)) this.fail('id', 'use lower-case letters, digits, ".", "_" or "-"');
    return v;
  }

  num(key: string, opts: { int?: boolean; max?: number; fallback?: number } = {}): number {
    const v = this.o[key];
    if (v === undefined && opts.fallback !== undefined) return opts.fallback;
    const bad = typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || (opts.int === true && !Number.isInteger(v));
    if (bad) {
      this.fail(key, `must be a positive ${opts.int === true ? 'whole ' : ''}number`);
      return 1;
    }
    if (opts.max !== undefined && v > opts.max) {
      this.fail(key, `must be at most ${opts.max}`);
      return 1;
    }
    return v;
  }

  /** An optional positive number: undefined when absent. */
  optNum(key: string, max?: number): number | undefined {
    if (this.o[key] === undefined) return undefined;
    return this.num(key, max !== undefined ? { max } : {});
  }

  sub(key: string): Reader | undefined {
    const v = this.o[key];
    if (v === undefined) return undefined;
    if (!isObj(v)) {
      this.fail(key, 'must be an object');
      return undefined;
    }
    return new Reader(this.errors, `${this.path}.${key}`, v);
  }
}

function readModel(r: Reader): ModelPreset {
  const paramsB = r.num('paramsB');
  const m: ModelPreset = {
    id: r.id(),
    name: r.str('name'),
    paramsB,
    activeParamsB: r.num('activeParamsB', { fallback: paramsB }),
    layers: r.num('layers', { int: true }),
    queryHeads: r.num('queryHeads', { int: true }),
    kvHeads: r.num('kvHeads', { int: true }),
    headDim: r.num('headDim', { int: true }),
    contextWindow: r.num('contextWindow', { int: true }),
    weightBytes: r.num('weightBytes', { fallback: 2, max: 8 }),
    kvBytes: r.num('kvBytes', { fallback: 2, max: 8 }),
    source: r.str('source'),
  };
  const mla = r.sub('mla');
  const nonEmbedding = r.optNum('nonEmbeddingParamsB');
  if (nonEmbedding !== undefined) m.nonEmbeddingParamsB = nonEmbedding;
  if (mla) {
    const shape: MlaShape = {
      kvLoraRank: mla.num('kvLoraRank', { int: true }),
      ropeDim: mla.num('ropeDim', { int: true }),
      qkHeadDim: mla.num('qkHeadDim', { int: true }),
      vHeadDim: mla.num('vHeadDim', { int: true }),
    };
    m.mla = shape;
  }
  const moe = r.sub('moe');
  if (moe) {
    const shape: MoeShape = {
      routedParamsB: moe.num('routedParamsB'),
      experts: moe.num('experts', { int: true }),
      activeExperts: moe.num('activeExperts', { int: true }),
    };
    m.moe = shape;
  }
  return m;
}

function checkModel(m: ModelPreset, path: string, errors: string[]): void {
  if (m.activeParamsB > m.paramsB) errors.push(`${path}.activeParamsB: cannot exceed paramsB`);
  if (m.nonEmbeddingParamsB !== undefined && m.nonEmbeddingParamsB > m.activeParamsB) {
    errors.push(`${path}.nonEmbeddingParamsB: cannot exceed activeParamsB`);
  }
  if (m.kvHeads > m.queryHeads) errors.push(`${path}.kvHeads: cannot exceed queryHeads`);
  if (m.moe) {
    if (m.moe.activeExperts > m.moe.experts) errors.push(`${path}.moe.activeExperts: cannot exceed moe.experts`);
    if (m.moe.routedParamsB >= m.paramsB) errors.push(`${path}.moe.routedParamsB: must be below paramsB`);
  }
}

function readHardware(r: Reader): HardwarePreset {
  const powerW = r.num('powerW');
  const prefillMfu = r.optNum('prefillMfu', 1);
  const attentionEfficiency = r.optNum('attentionEfficiency', 1);
  return {
    ...(prefillMfu !== undefined ? { prefillMfu } : {}),
    ...(attentionEfficiency !== undefined ? { attentionEfficiency } : {}),
    id: r.id(),
    name: r.str('name'),
    peakTflops: r.num('peakTflops'),
    bandwidthTBs: r.num('bandwidthTBs'),
    memoryGB: r.num('memoryGB'),
    powerW,
    tdpW: r.num('tdpW', { fallback: powerW }),
    source: r.str('source'),
    powerSource: r.str('powerSource', 'user-defined'),
  };
}

function readList<T>(root: Obj, key: string, errors: string[], read: (r: Reader, path: string) => T): T[] {
  const v = root[key];
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    errors.push(`${key}: must be an array`);
    return [];
  }
  const out: T[] = [];
  const seen = new Set<string>();
  v.forEach((item: unknown, i) => {
    const path = `${key}[${i}]`;
    if (!isObj(item)) {
      errors.push(`${path}: must be an object`);
      return;
    }
    const entry = read(new Reader(errors, path, item), path);
    const id = (entry as { id: string }).id;
    if (id !== '' && seen.has(id)) errors.push(`${path}.id: "${id}" is defined twice`);
    seen.add(id);
    out.push(entry);
  });
  return out;
}

/**
 * Validates parsed JSON of the form `{ "models": [ModelPreset...], "hardware": [HardwarePreset...] }`.
 * Optional fields: `activeParamsB` (defaults to `paramsB`), `nonEmbeddingParamsB` (defaults to `activeParamsB`),
 * `weightBytes`/`kvBytes` (2), `mla`, `moe`, `tdpW` (defaults to `powerW`; prefill runs at it), `prefillMfu` and
 * `attentionEfficiency` (0.5), `powerSource`. An entry whose id matches a built-in replaces it.
 */
export function parsePresetFile(json: unknown): PresetFileResult {
  if (!isObj(json)) return { ok: false, errors: ['the file must hold a JSON object with "models" and/or "hardware"'] };
  const errors: string[] = [];
  for (const key of Object.keys(json)) {
    if (key !== 'models' && key !== 'hardware') errors.push(`${key}: unknown key (expected "models" or "hardware")`);
  }
  const models = readList(json, 'models', errors, (r, path) => {
    const m = readModel(r);
    checkModel(m, path, errors);
    return m;
  });
  const hardware = readList(json, 'hardware', errors, (r) => readHardware(r));
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, extras: { models, hardware } };
}
