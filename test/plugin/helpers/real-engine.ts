// Builds the real engine bundle for plugin tests and lays out a temp vault the way the installed plugin
// sees it: <vault>/.obsidian/plugins/overlay-memory/overlay.mjs. The bundle is built inside node_modules
// so its external packages (hnswlib-node, ...) resolve, and linked into the plugin folder (Node follows
// the link to its real location when resolving imports).
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// A string, not new URL(): under happy-dom the global URL is not Node's.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const ENTRY = join(ROOT, 'src/cli/main.ts');
const EXAMPLE_VAULT = join(ROOT, 'examples/vault');

/** True once the engine's CLI entry and the example vault exist. */
export function engineSourcesPresent(): boolean {
  return existsSync(ENTRY) && existsSync(EXAMPLE_VAULT) && readdirSync(EXAMPLE_VAULT).length > 0;
}

/** Builds dist-equivalent `overlay.mjs` (same options as esbuild.config.mjs) for this test process. */
export async function buildEngineBundle(): Promise<string> {
  const dir = join(ROOT, 'node_modules/.cache/overlay-memory-test');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `overlay-${process.pid}.mjs`);
  await build({
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: out,
    external: ['hnswlib-node', '@xenova/transformers', 'onnxruntime-node', 'sharp'],
    loader: { '.bin': 'binary' },
    banner: {
      js: "import { createRequire as __overlayCreateRequire } from 'node:module'; const require = __overlayCreateRequire(import.meta.url);",
    },
    logLevel: 'error',
  });
  return out;
}

/** A temp copy of examples/vault with the plugin folder holding a link to the engine bundle. */
export interface TempVault {
  vault: string;
  pluginDir: string;
  /** Vault-relative paths of its markdown notes. */
  notes: string[];
  cleanup(): void;
}

/** Copies the example vault and installs `bundle` as the plugin's engine. */
export function tempVault(bundle: string): TempVault {
  const vault = mkdtempSync(join(tmpdir(), 'overlay-plugin-vault-'));
  cpSync(EXAMPLE_VAULT, vault, { recursive: true, filter: (src) => !/[\\/]\.overlay([\\/]|$)/.test(src) });
  const pluginDir = join(vault, '.obsidian/plugins/overlay-memory');
  mkdirSync(pluginDir, { recursive: true });
  symlinkSync(bundle, join(pluginDir, 'overlay.mjs'));
  copyFileSync(join(ROOT, 'manifest.json'), join(pluginDir, 'manifest.json'));
  const notes: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.md')) notes.push(relative(vault, p).split('\\').join('/'));
    }
  };
  walk(vault);
  return { vault, pluginDir, notes, cleanup: () => rmSync(vault, { recursive: true, force: true }) };
}

/** Why real-engine tests cannot run; they fail under CI and are skipped with this message otherwise. */
export function engineMissingMessage(): string {
  return `real-engine tests need ${relative(ROOT, ENTRY)} and a non-empty examples/vault`;
}
