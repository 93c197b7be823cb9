// Splits a byte stream into lines without ever holding more than `maxLineBytes` of one line: readline buffers a
// whole line however long, so a client sending one 100 MB line could grow the process by gigabytes. A line over
// the limit is dropped as it streams in and reported once, by its length, when its newline arrives.
import type { Readable } from 'node:stream';

/** One item read from the stream: a complete line, or the size of a line that was too long and was dropped. */
export type LineItem = { kind: 'line'; text: string } | { kind: 'too-long'; bytes: number };

/** Default cap on one JSON-RPC message: far above any request the protocol has (a question, a path). */
export const DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;

const NL = 0x0a;

/** Reads `input` as newline-delimited UTF-8 lines, each at most `maxLineBytes` (CR before LF is dropped). */
export async function* boundedLines(input: Readable, maxLineBytes = DEFAULT_MAX_LINE_BYTES): AsyncGenerator<LineItem> {
  const decoder = new TextDecoder('utf-8');
  let parts: Buffer[] = [];
  let held = 0;
  // Bytes of the current line seen so far, including the ones dropped once it went over the limit.
  let seen = 0;
  let dropping = false;
  const finish = (): LineItem => {
    const bytes = seen;
    const item: LineItem = dropping
      ? { kind: 'too-long', bytes }
      : { kind: 'line', text: decoder.decode(Buffer.concat(parts, held)).replace(/\r$/, '') };
    parts = [];
    held = 0;
    seen = 0;
    dropping = false;
    return item;
  };
  for await (const raw of input) {
    const chunk: Buffer = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : (raw as Buffer);
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(NL, start);
      const end = nl === -1 ? chunk.length : nl;
      const piece = chunk.subarray(start, end);
      seen += piece.length;
      if (!dropping) {
        if (held + piece.length > maxLineBytes) {
          dropping = true;
          parts = [];
          held = 0;
        } else if (piece.length > 0) {
          // Copy: the stream may reuse its buffer.
          parts.push(Buffer.from(piece));
          held += piece.length;
        }
      }
      if (nl === -1) break;
      yield finish();
      start = nl + 1;
    }
  }
  if (seen > 0 || held > 0) yield finish();
}

/**
 * Deepest nesting of arrays and objects in a JSON text, stopping as soon as `limit` is passed (strings are
 * skipped, so brackets inside them do not count). JSON.parse on very deep input can exhaust the stack; checking
 * first keeps that out of the server.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}
