// Runs once before the test files: builds generated/wordnet.bin if it is missing (`npm run build` normally does),
// and makes the run's fixture folder, where the CLI tests keep the example vault indexed once for the whole run
// (test/cli/index-helpers.ts fills it on first use); the folder is removed when the run ends.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { WORDNET_ARTIFACT, writeCompactWordNet } from '../scripts/wordnet/build-wordnet';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A temp folder shared by the test files of one run (see test/cli/index-helpers.ts). */
    overlayFixtures: string;
  }
}

export default function setup(project: TestProject): () => void {
  const root = join(import.meta.dirname, '..');
  if (!existsSync(join(root, WORDNET_ARTIFACT))) writeCompactWordNet(root);
  const fixtures = mkdtempSync(join(tmpdir(), 'overlay-test-run-'));
  project.provide('overlayFixtures', fixtures);
  return () => rmSync(fixtures, { recursive: true, force: true });
}
