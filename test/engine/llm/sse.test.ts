import { describe, expect, it } from 'vitest';
import { SseDecoder } from '../../../src/engine/llm/sse';

const enc = new TextEncoder();

/** Decodes `bytes` fed in two pieces split at `at`. */
function decodeSplit(bytes: Uint8Array, at: number): string[] {
  const d = new SseDecoder();
  return [...d.push(bytes.slice(0, at)), ...d.push(bytes.slice(at)), ...d.end()];
}

describe('SseDecoder', () => {
  const stream =
    ': keep-alive\r\n' +
    'event: message\r\n' +
    'data: {"choices":[{"delta":{"content":"Привет, 🌍"}}]}\r\n\r\n' +
    'data:{"a":1}\r\n' +
    'data: {"b":2}\n\n' +
    'id: 7\rdata: [DONE]\r\r';
  const expected = ['{"choices":[{"delta":{"content":"Привет, 🌍"}}]}', '{"a":1}\n{"b":2}', '[DONE]'];

  it('yields each event once whole', () => {
    const d = new SseDecoder();
    expect([...d.push(stream), ...d.end()]).toEqual(expected);
  });

  it('gives the same events for every split point, including inside CRLF and multi-byte characters', () => {
    const bytes = enc.encode(stream);
    for (let at = 0; at <= bytes.length; at++) expect(decodeSplit(bytes, at)).toEqual(expected);
  });

  it('gives the same events fed one byte at a time', () => {
    const d = new SseDecoder();
    const out: string[] = [];
    for (const b of enc.encode(stream)) out.push(...d.push(new Uint8Array([b])));
    expect([...out, ...d.end()]).toEqual(expected);
  });

  it('delivers a last event that lacks its closing blank line at the end', () => {
    const d = new SseDecoder();
    expect(d.push('data: one\n\ndata: two')).toEqual(['one']);
    expect(d.end()).toEqual(['two']);
  });

  it('ignores events without data', () => {
    const d = new SseDecoder();
    expect([...d.push('event: ping\n\n: comment\n\nretry: 5\n\n'), ...d.end()]).toEqual([]);
  });
});
