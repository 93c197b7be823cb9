// The cost model's public surface: token/energy saving per question and the long-conversation curve.
export { askSaving, windowsNeeded, DEFAULT_HARDWARE_ID, DEFAULT_MODEL_ID } from './ask-saving';
export type { AskSavingDetail, AskSavingInput, WindowFit } from './ask-saving';
export { calibrateEta, DECODE_ANCHORS } from './calibration';
export { calibrationReport, fitTpEfficiency, ANCHOR_TOLERANCE } from './calibration-report';
export type { AnchorRow, CalibrationReport } from './calibration-report';
export { renderCalibration } from './calibration-text';
export { PREFILL_ANCHORS } from './prefill-anchors';
export {
  retentionEnergyJ,
  DEFAULT_CACHE_TTL_MINUTES,
  DEFAULT_KV_RETENTION,
  DEFAULT_PAUSE_MINUTES,
} from './kv-retention';
export type { KvRetention } from './kv-retention';
export { formatWh } from './format-energy';
export { baselineLine, energyModelLabel, savingLines } from './saving-text';
export {
  checkConversation,
  simulateConversation,
  DEFAULT_BUDGET,
  DEFAULT_MINUTES,
  DEFAULT_RATE,
  DEFAULT_REPLY,
} from './conversation';
export type {
  ConversationOptions,
  ConversationReport,
  ConversationTurn,
  Crossover,
  GrowthSummary,
  StrategyWh,
} from './conversation';
export { decodeStep, prefillEnergyJ, prefillTokenGpuJ, requestEnergy, toWh } from './energy-model';
export { parsePresetFile } from './preset-file';
export { listHardwarePresets, listModelPresets } from './presets';
export type { HardwarePreset, ModelPreset, PresetExtras } from './presets';
export { renderConversationReport } from './report-text';
export { DEFAULT_FACTORS, FACTOR_SOURCES, resolveSetup } from './setup';
export type { CostFactors, CostSetup, SetupOptions } from './setup';
