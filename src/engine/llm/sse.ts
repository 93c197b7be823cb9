// Server-Sent Events decoding for streamed chat completions: bytes arrive in arbitrary pieces (a line, a JSON
// object or even a UTF-8 character can be split between network chunks), so text is buffered until a line
// ends and an event is dispatched on the blank line that closes it (WHATWG HTML, "Server-sent events").

/** Incremental SSE decoder yielding the `data` payload of each complete event. */
export class SseDecoder {
  private readonly utf8 = new TextDecoder('utf-8');
  private buffer = '';
  private data: string[] = [];
  private sawCR = false;

  /** Feeds raw bytes (or already-decoded text); returns the data of events completed by them. */
  push(chunk: Uint8Array | string): string[] {
    const text = typeof chunk === 'string' ? chunk : this.utf8.decode(chunk, { stream: true });
    return this.consume(text);
  }

  /** Ends the stream: a last event without its closing blank line is still delivered (servers often omit it). */
  end(): string[] {
    const out = this.consume(this.utf8.decode());
    if (this.buffer.length > 0) {
      this.line(this.buffer, out);
      this.buffer = '';
    }
    if (this.data.length > 0) out.push(this.data.join('\n'));
    this.data = [];
    return out;
  }

  private consume(text: string): string[] {
    const out: string[] = [];
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 10 /* \n */) {
        // "\r\n" split across chunks: the "\r" already ended the line.
        if (this.sawCR && i === start && this.buffer.length === 0) {
          this.sawCR = false;
          start = i + 1;
          continue;
        }
        this.line(this.buffer + text.slice(start, i), out);
        this.buffer = '';
        start = i + 1;
        this.sawCR = false;
      } else if (ch === 13 /* \r */) {
        this.line(this.buffer + text.slice(start, i), out);
        this.buffer = '';
        if (text.charCodeAt(i + 1) === 10) i++;
        else this.sawCR = i + 1 === text.length;
        start = i + 1;
      } else {
        this.sawCR = false;
      }
    }
    this.buffer += text.slice(start);
    return out;
  }

  private line(line: string, out: string[]): void {
    if (line === '') {
      if (this.data.length > 0) out.push(this.data.join('\n'));
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return; // comment / keep-alive
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    // `event`, `id` and `retry` carry nothing a chat completion needs.
  }
}
