// Exact token counts with gpt-tokenizer; each encoding is loaded once per process (it costs ~100-200 ms).
import { createRequire } from 'node:module';

/** Token encodings the project supports. */
export type Encoding = 'o200k_base' | 'cl100k_base';

/** Default encoding for every count the product shows. */
export const DEFAULT_ENCODING: Encoding = 'o200k_base';

interface Tokenizer {
  encode(text: string): number[];
  decode(tokens: number[]): string;
  countTokens(text: string): number;
}

const loaded = new Map<Encoding, Tokenizer>();
const require = createRequire(import.meta.url);

function tokenizer(encoding: Encoding): Tokenizer {
  let t = loaded.get(encoding);
  if (!t) {
    t = require(`gpt-tokenizer/cjs/encoding/${encoding}`) as Tokenizer;
    loaded.set(encoding, t);
  }
  return t;
}

/** Number of tokens in `text`. */
export function countTokens(text: string, encoding: Encoding = DEFAULT_ENCODING): number {
  if (text.length === 0) return 0;
  return tokenizer(encoding).countTokens(text);
}

/** Token ids of `text`. */
export function encodeTokens(text: string, encoding: Encoding = DEFAULT_ENCODING): number[] {
  return tokenizer(encoding).encode(text);
}

/** Text of the first `max` tokens of `text` (for cutting an over-long piece to a budget). */
export function truncateToTokens(text: string, max: number, encoding: Encoding = DEFAULT_ENCODING): string {
  const t = tokenizer(encoding);
  const ids = t.encode(text);
  if (ids.length <= max) return text;
  return t.decode(ids.slice(0, Math.max(0, max)));
}
