// Runs once before the test files: builds generated/wordnet.bin if it is missing (`npm run build` normally does).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WORDNET_ARTIFACT, writeCompactWordNet } from '../scripts/wordnet/build-wordnet';

export default function setup(): void {
  const root = join(import.meta.dirname, '..');
  if (!existsSync(join(root, WORDNET_ARTIFACT))) writeCompactWordNet(root);
}
