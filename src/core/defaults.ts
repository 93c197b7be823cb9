// Defaults shared by the core, the engine, the CLI and the plugin: one definition each, imported everywhere.

/** Bounded context size in tokens (the product's default budget). */
export const DEFAULT_BUDGET = 3000;
