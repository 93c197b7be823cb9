// The engine's per-note and per-chunk records; defined in core (the plugin's worker stores the same ones).
export type { NoteRecord, StoredChunk } from '../core/storage/index-records';
