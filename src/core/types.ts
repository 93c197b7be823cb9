// Shared data shapes of the core: parsed notes, chunks, and the small service interfaces
// (Embedder, VectorIndex, LexicalIndex, NoteSource) that the engine receives through constructors.

/** A link found in a note, in any of Obsidian's forms. */
export interface NoteLink {
  /** Link path as written, without the #heading / #^block part and without a trailing .md (may be ''). */
  target: string;
  /** Heading part of `[[Note#Heading]]` (nested `#A#B` kept as 'A#B'). */
  heading?: string;
  /** Block id of `[[Note#^block]]`, without the caret. */
  block?: string;
  /** Display text of `[[Note|alias]]` or `[text](Note.md)`. */
  display?: string;
  /** True for `![[embed]]` and `![](file)`. */
  embed: boolean;
  /** Wikilink `[[...]]` or markdown link `[..](..)`. */
  form: 'wikilink' | 'markdown';
  /** 0-based line in the whole file. */
  line: number;
}

/** A markdown heading. */
export interface NoteHeading {
  level: number;
  text: string;
  /** 0-based line in the whole file. */
  line: number;
}

/** Everything the indexer learns from one note's text. */
export interface ParsedNote {
  /** Vault-relative path with forward slashes, including `.md`. */
  path: string;
  /** File name without folder and `.md`. */
  basename: string;
  /** Title as the note is shown: front matter `title` when set, else the basename. */
  title: string;
  frontmatter: Record<string, unknown> | null;
  /** Set when the frontmatter block exists but is not valid YAML (reported, not fatal). */
  frontmatterError: string | null;
  aliases: string[];
  /** Tags without '#', from frontmatter and inline, de-duplicated. */
  tags: string[];
  headings: NoteHeading[];
  links: NoteLink[];
  /** Block ids (`^id` at a line end), without the caret. */
  blockIds: string[];
  /** Text after the frontmatter. */
  body: string;
  /** 0-based line where `body` starts in the file. */
  bodyStartLine: number;
}

/** A heading-aware, token-bounded piece of a note: the unit that is embedded, searched and packed. */
export interface Chunk {
  /** Stable id: hash of note path + chunk text, so an unchanged chunk keeps its id and vector. */
  id: string;
  /** Note path (vault-relative, with .md). */
  note: string;
  /** Note basename (the link target). */
  title: string;
  /** Front matter `title` when it differs from the basename: shown in citations, searched, embedded. */
  displayTitle?: string;
  /** Heading path from the top, e.g. ['Setup', 'Install']; [] before the first heading. */
  headingPath: string[];
  /** Text to embed and show: the heading path line prepended to the body text. */
  text: string;
  /** Token count of `text` (gpt-tokenizer, o200k_base). */
  tokens: number;
  /** 0-based position of the chunk in its note (reading order). */
  order: number;
  startLine: number;
  endLine: number;
}

/** Progress of a long operation, for a TTY bar, a status bar item or a JSON-RPC notification. */
export interface Progress {
  phase: 'scan' | 'parse' | 'embed' | 'index' | 'save' | 'download' | 'load';
  done: number;
  total: number;
  message?: string;
}

/** Callback receiving progress. */
export type ProgressFn = (p: Progress) => void;

/** Identity of an embedding space: vectors from different fingerprints are never mixed. */
export interface EmbedderFingerprint {
  model: string;
  dims: number;
  pooling: string;
  normalized: boolean;
  /** Bumped when the embedder's own algorithm changes. */
  version: number;
}

/** Turns texts into unit-length vectors. */
export interface Embedder {
  readonly fingerprint: EmbedderFingerprint;
  /**
   * True when query vectors have few non-zero dimensions (hashed features): an exact column scan over those
   * dimensions then beats an approximate graph, so the engine keeps no HNSW graph for this embedder.
   */
  readonly sparseQueries?: boolean;
  /** Loads models or data once (may download, with progress). Safe to call twice. */
  init(onProgress?: ProgressFn): Promise<void>;
  /** Embeds texts; `mode` lets asymmetric models prefix queries and passages differently. */
  embed(texts: string[], mode: 'query' | 'passage'): Promise<Float32Array[]>;
  /** Frees native resources. */
  dispose?(): Promise<void>;
}

/** One hit of a vector search; score is cosine similarity (higher is closer). */
export interface VectorHit {
  label: number;
  score: number;
}

/** A nearest-neighbour index over unit vectors addressed by integer labels. */
export interface VectorIndex {
  readonly dims: number;
  /** Number of live (not deleted) vectors. */
  size(): number;
  /** Adds or replaces the vector under `label`. */
  upsert(label: number, vector: Float32Array): void;
  /** Removes `label` if present. */
  remove(label: number): void;
  has(label: number): boolean;
  /** The k nearest live vectors, best first; `filter` restricts the labels considered. */
  search(query: Float32Array, k: number, filter?: (label: number) => boolean): VectorHit[];
}

/** A lexical hit on a chunk. */
export interface LexicalHit {
  id: string;
  score: number;
  /** Query terms that matched, for the trace. */
  terms: string[];
}

/** Document fields the lexical index sees for one chunk. */
export interface LexicalDoc {
  id: string;
  /** The note's display title and file name. */
  title: string;
  aliases: string;
  headings: string;
  /** The note's folders, e.g. "Plugins User interface" (none for conversation turns). */
  path?: string;
  text: string;
}

/** Where notes come from: a folder on disk, or a fake in tests. */
export interface NoteSource {
  /** Every markdown note, vault-relative with forward slashes. */
  list(): Promise<NoteFileInfo[]>;
  read(path: string): Promise<Buffer>;
}

/** A note file as listed by a NoteSource. */
export interface NoteFileInfo {
  path: string;
  mtimeMs: number;
  size: number;
}

// Retrieval and answer shapes (re-exported by src/engine/protocol.ts for the JSON-RPC API).

/** Why a chunk is in the bounded context. */
export interface ChunkTrace {
  /** Rank in dense search, if it was a dense candidate. */
  dense?: number;
  /** Rank in lexical search, if it was a lexical candidate. */
  lexical?: number;
  /** Matched query terms in lexical search. */
  terms?: string[];
  /** Title/alias/heading match. */
  titleMatch?: boolean;
  /** Link-graph boost received, and from which notes. */
  graph?: { boost: number; via: string[] };
  /** Pulled in as a linked neighbour of a top note. */
  neighbourOf?: string;
  /** Conversation-memory weight, when asked within a conversation. */
  memory?: number;
  /** Fused score before diversity. */
  fused: number;
}

/** A chunk in the bounded context. */
export interface ContextChunk {
  id: string;
  note: string;
  /** Last heading of the chunk's heading path ('' before the first heading). */
  heading: string;
  /** Citation label, `[[Note#Heading]]` (or `[[Note]]`). */
  label: string;
  tokens: number;
  score: number;
  text: string;
  trace: ChunkTrace;
}

/** The bounded context for one question. */
export interface BoundedContext {
  /** Exact tokens of the rendered context text (what is sent). */
  tokens: number;
  /** Chunks grouped by note, in reading order within a note. */
  chunks: ContextChunk[];
  /** The context as sent to an LLM: labelled chunks. */
  text: string;
}

/** What a bounded prompt is compared with (docs/cost-model.md, "Honest baselines"). */
export type SavingBaselineId = 'whole-vault' | 'vault-in-window' | 'cached-history';

/** One baseline of a saving: what the user would otherwise send, and what it would cost. */
export interface SavingBaseline {
  id: SavingBaselineId;
  /** Words naming the baseline in a sentence, e.g. "the whole vault". */
  label: string;
  /** Prompt tokens of the baseline (for the cached history: history + the new question). */
  tokens: number;
  /** Of those, tokens prefilled this turn (the rest come from a cache). */
  prefilledTokens: number;
  /** Calls of at most one window it takes (whole vault beyond the window), else 1. */
  calls: number;
  /** Facility energy of the baseline, answer included, Wh. */
  energyWh: number;
  /** Baseline tokens − bounded prompt tokens (≤ 0: no token saving). */
  savedTokens: number;
  /** Baseline energy − bounded energy, Wh (≤ 0: no energy saving). */
  savedWh: number;
}

/** Token and energy saving of one question. */
export interface AskSaving {
  /** Against the whole vault: tokens saved and how many times larger the whole-vault prompt is. */
  tokens: number;
  ratio: number;
  energyWh: { full: number; bounded: number };
  model: string;
  hardware: string;
  /** False when no saving may be claimed (empty context, or no baseline larger than the bounded prompt). */
  claimed?: boolean;
  /** Why no saving is claimed, in words. */
  noClaimReason?: string;
  /** Every baseline the bounded prompt is compared with, the whole vault first. */
  baselines?: SavingBaseline[];
  /** Tokens of the bounded prompt actually sent (the baselines' token counts are prompt tokens too). */
  promptTokens?: number;
}

/** Answer to one question. */
export interface AskAnswer {
  text: string;
  citations: string[];
  mode: 'llm' | 'extractive';
  /** Ids of the context chunks the answer cites, most useful (or first cited) first. */
  sources?: string[];
  promptTokens: number;
  completionTokens: number;
  /** Set when a stream was cut or the LLM failed and the answer fell back. */
  error?: string;
}
