// A one-line "the model is answering" status on stderr while an LLM streams its answer. The raw stream is not
// printed: the final answer differs from it (citations checked and turned into links, reasoning removed, an
// extractive fallback on failure), and printing both showed the answer twice — the first time before the context.
import type { CliIO } from './cli-io';

/** Receives streamed answer text; done() clears the line. Inert when stderr is not a terminal. */
export interface AnswerStatus {
  onDelta(text: string): void;
  done(): void;
}

/** Creates the status line for `model` on `io.stderr`, redrawn at most ~10 times a second. */
export function createAnswerStatus(
  io: CliIO,
  model: string,
  now: () => number = Date.now,
  doing = 'is answering',
): AnswerStatus {
  if (!io.isTTY) return { onDelta: () => undefined, done: () => undefined };
  let words = 0;
  let inWord = false;
  let last = 0;
  let shown = false;
  const draw = (): void => {
    io.stderr(`\r\x1b[2K${model} ${doing}… ${words} word${words === 1 ? '' : 's'}`);
    shown = true;
  };
  draw();
  return {
    onDelta(text) {
      for (const ch of text) {
        const space = /\s/u.test(ch);
        if (!space && !inWord) words++;
        inWord = !space;
      }
      const t = now();
      if (t - last < 100) return;
      last = t;
      draw();
    },
    done() {
      if (shown) io.stderr('\r\x1b[2K');
      shown = false;
    },
  };
}
