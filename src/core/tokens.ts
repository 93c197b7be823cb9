// Exact token counts with gpt-tokenizer's o200k_base encoding (GPT-4o and later). Only this encoding is imported,
// so bundles carry its ranks alone (cl100k, p50k, r50k stay out of main.js and the CLI).
import { countTokens as countO200k, decode, encode } from 'gpt-tokenizer/encoding/o200k_base';

/** Token encodings the project supports. */
export type Encoding = 'o200k_base';

/** Default encoding for every count the product shows. */
export const DEFAULT_ENCODING: Encoding = 'o200k_base';

/** Number of tokens in `text`. */
export function countTokens(text: string, _encoding: Encoding = DEFAULT_ENCODING): number {
  if (text.length === 0) return 0;
  return countO200k(text);
}

/** Token ids of `text`. */
export function encodeTokens(text: string, _encoding: Encoding = DEFAULT_ENCODING): number[] {
  return encode(text);
}

/** Text of the first `max` tokens of `text` (for cutting an over-long piece to a budget). */
export function truncateToTokens(text: string, max: number, _encoding: Encoding = DEFAULT_ENCODING): string {
  const ids = encode(text);
  if (ids.length <= max) return text;
  return decode(ids.slice(0, Math.max(0, max)));
}
