// Defaults shared by the core, the engine, the CLI and the plugin: one definition each, imported everywhere.

/** Bounded context size in tokens (the product's default budget). */
export const DEFAULT_BUDGET = 3000;
/** Related notes listed when the caller names no k (CLI `related`, the engines' `related`). */
export const DEFAULT_RELATED_K = 10;
/** Hardware the energy estimates price when the caller names none (per question and for the conversation curve). */
export const DEFAULT_HARDWARE_ID = 'h100';
