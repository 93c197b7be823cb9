// A small in-memory vault for conversation-memory tests: real parsing, chunking, BM25 and the zero-download local
// embedder (no files, no downloads), plus a helper that plays one turn the way askVault does.
import { LocalEmbedder } from '../../../src/core/embed/local-embedder';
import { buildMemorySource } from '../../../src/core/retrieval/memory-source';
import type { RetrievalSource } from '../../../src/core/retrieval/source';
import { extractiveAnswer } from '../../../src/core/answer/extractive';
import type { ConversationMemory } from '../../../src/core/memory/conversation-memory';
import { retrieveInConversation, type ConversationRetrieval } from '../../../src/core/memory/memory-retrieval';

/** Notes on distinct topics, several sections each, linked a little. */
export const TOPIC_NOTES: Record<string, string> = {
  'Garden/Tomatoes.md': `# Tomatoes
Tomatoes need full sun for eight hours a day and deep watering twice a week.

## Pests
Aphids and hornworms attack tomato leaves in midsummer; pick hornworms by hand and wash aphids off with water.

## Harvest
Pick tomatoes when fully coloured but firm; keep them at room temperature, never in the fridge.

See [[Compost]].`,
  'Garden/Compost.md': `# Compost
A compost heap turns kitchen scraps and leaves into soil. Turn the heap weekly and keep it moist.

## Ratio
Mix about three parts brown material (dry leaves, cardboard) with one part green material (scraps, grass).`,
  'Code/Rust ownership.md': `# Rust ownership
Every value in Rust has exactly one owner; when the owner goes out of scope the value is dropped.

## Borrowing
A reference borrows a value without moving it; the borrow checker enforces that references never outlive it.

See [[Rust traits]].`,
  'Code/Rust traits.md': `# Rust traits
Traits define shared behaviour; generic functions take trait bounds and the compiler monomorphises them.

## Trait objects
A dyn Trait value dispatches through a vtable at run time, trading speed for flexibility.`,
  'Travel/Kyoto.md': `# Kyoto
Kyoto has many temples, gardens and a famous bamboo forest at Arashiyama.

## Getting there
Take the shinkansen from Tokyo in about two hours and fifteen minutes, or a local train from Osaka.`,
  'Travel/Lisbon.md': `# Lisbon
Lisbon is a hilly city on the Tagus river, known for its yellow trams and tiled facades.

## Food
Pastel de nata is a custard tart; grilled sardines are served in June during the festivals.`,
  'Astronomy/Mars.md': `# Mars
Mars is the fourth planet; its red colour comes from iron oxide dust on the surface.

## Moons
Mars has two small moons, Phobos and Deimos, probably captured asteroids.`,
  'Astronomy/Jupiter.md': `# Jupiter
Jupiter is the largest planet, a gas giant with a Great Red Spot storm larger than Earth.

## Moons
Jupiter has dozens of moons; the four Galilean moons are Io, Europa, Ganymede and Callisto.`,
};

/** Notes that answer one question almost equally well: rotation has real alternatives to choose from. */
export const LIGHTHOUSE_NOTES: Record<string, string> = Object.fromEntries(
  ['North', 'South', 'East', 'West', 'Harbour', 'Island'].map((name) => [
    `Lighthouses/${name} light.md`,
    `# ${name} light\nThe ${name.toLowerCase()} lighthouse keeper writes the lamp hours and the weather in the logbook every evening at dusk.`,
  ]),
);

let embedder: LocalEmbedder | null = null;

/** One shared local embedder (WordNet loads once per test file). */
export function localEmbedder(): LocalEmbedder {
  embedder ??= new LocalEmbedder();
  return embedder;
}

/** An in-memory retrieval source over `notes`. */
export function memorySource(notes: Record<string, string>): Promise<RetrievalSource & { fullTokens: number }> {
  return buildMemorySource(
    Object.entries(notes).map(([path, text]) => ({ path, text })),
    localEmbedder(),
  );
}

/** One conversation turn as askVault plays it without an LLM: retrieve, answer extractively, record. */
export async function playTurn(
  question: string,
  src: RetrievalSource,
  memory: ConversationMemory,
  budget: number,
): Promise<ConversationRetrieval & { answer: string; fullHistoryTokens: number }> {
  const r = await retrieveInConversation(question, src, memory, { budget });
  const answer = extractiveAnswer(question, r.notesContext).text;
  const fullHistoryTokens = memory.fullHistoryTokens();
  memory.recordTurn({
    question,
    answer,
    sent: r.notesContext.chunks.map((c) => c.id),
    notes: r.notes,
    recalled: r.recalled.map((t) => t.turn),
  });
  return { ...r, answer, fullHistoryTokens };
}
