// A small hand-written stand-in for the `obsidian` module (which ships types only), aliased in
// vitest.config.ts. It implements just the API surface the plugin uses, on a real DOM (happy-dom in
// tests, Chromium in the screenshot page), and records what the plugin did (notices, opened links,
// saved data) so tests can assert on behaviour rather than on calls.

export * from './obsidian/dom';
export * from './obsidian/events';
export * from './obsidian/vault';
export * from './obsidian/workspace';
export * from './obsidian/ui';
export * from './obsidian/settings-ui';
