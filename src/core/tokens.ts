// Exact token counts with gpt-tokenizer's o200k_base encoding (GPT-4o and later). Only this encoding is imported,
// statically, so the bundles carry its ranks alone (cl100k, p50k, r50k stay out) and nothing is required at run time.
import * as o200k from 'gpt-tokenizer/encoding/o200k_base';

/** Token encodings the project supports. */
export type Encoding = 'o200k_base';

/** Default encoding for every count the product shows. */
export const DEFAULT_ENCODING: Encoding = 'o200k_base';

interface Tokenizer {
  encode(text: string): number[];
  decode(tokens: number[]): string;
  countTokens(text: string): number;
}

function tokenizer(_encoding: Encoding): Tokenizer {
  const t: Tokenizer = o200k;
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
