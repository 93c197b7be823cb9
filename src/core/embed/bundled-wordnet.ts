// The WordNet the product ships: the compact artifact inlined into the bundle as bytes at build time
// (generated/wordnet.bin, written by `npm run build`), decoded once per process or worker on first use.
import artifact from '../../../generated/wordnet.bin';
import { loadCompactWordNet } from './compact-wordnet';
import type { WordNet } from './wordnet';

let shared: WordNet | null = null;

/** The bundled artifact's bytes (for callers that decode it themselves, e.g. in another worker). */
export const WORDNET_ARTIFACT_BYTES: Uint8Array = artifact;

/** The shared WordNet decoded from the bundled artifact (about 50 ms, once). */
export function bundledWordNet(): WordNet {
  shared ??= loadCompactWordNet(artifact);
  return shared;
}
