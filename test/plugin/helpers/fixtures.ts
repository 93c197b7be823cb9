// Small hand-written engine answers for view tests (the real engine's answers are used in real-engine.test.ts).
import type { AskResult, ContextChunk } from '../../../src/engine/protocol';
import { askSaving } from '../../../src/core/cost/ask-saving';

/** A context chunk of `note` under `heading`. */
export function chunk(note: string, heading: string, text: string, tokens = 120): ContextChunk {
  const title = note.split('/').pop()!.replace(/\.md$/, '');
  return {
    id: `${note}#${heading}`,
    note,
    heading,
    label: heading ? `[[${title}#${heading}]]` : `[[${title}]]`,
    tokens,
    score: 0.5,
    text: `${[title, heading].filter(Boolean).join(' > ')}\n${text}`,
    trace: { fused: 0.5 },
  };
}

/** An answer with two chunks from two notes, a saving, and optionally an LLM answer. */
export function askResult(
  question: string,
  opts: { answer?: string; full?: number; context?: number } = {},
): AskResult {
  const chunks = [
    chunk(
      'Energy/Prefill.md',
      'Quadratic attention',
      'Prefill cost grows with the square of the context length because every token attends to every earlier one.',
    ),
    chunk('Overlay/Budget.md', '', 'A bounded context keeps each prompt under a fixed token budget.'),
  ];
  const context = opts.context ?? 240;
  const full = opts.full ?? 24_000;
  return {
    question,
    budget: 3000,
    context: { tokens: context, chunks, text: chunks.map((c) => `${c.label}\n${c.text}`).join('\n\n') },
    full: { tokens: full },
    // The full detail the engine sends, with the headline figures these tests read set by hand.
    saving: {
      ...askSaving({ promptTokens: context, fullTokens: full, outputTokens: 40, contextTokens: context }),
      tokens: full - context,
      ratio: full / context,
      energyWh: { full: 0.5, bounded: 0.005 },
      model: 'llama-3.1-8b',
      hardware: 'h100',
    },
    ...(opts.answer !== undefined
      ? {
          answer: {
            text: opts.answer,
            citations: ['[[Prefill#Quadratic attention]]'],
            mode: 'llm' as const,
            promptTokens: 300,
            completionTokens: 40,
          },
        }
      : {}),
  };
}

/** An earlier turn as the engine puts it in a conversation's context (id `turn:N`, label `[[turn N]]`). */
export function turnChunk(turn: number, question: string, answer: string, tokens = 60): ContextChunk {
  return {
    id: `turn:${turn}`,
    note: `turn ${turn}`,
    heading: '',
    label: `[[turn ${turn}]]`,
    tokens,
    score: 0.4,
    text: `Q: ${question}\nA: ${answer}`,
    trace: { fused: 0.4 },
  };
}
