// Turns a note file's bytes into text, or says in plain words why it cannot be indexed.
import type { NoteFileInfo, NoteSource } from '../core/types';

/** Default largest note indexed (bytes): bigger files are almost always exports or logs, not notes. */
export const DEFAULT_MAX_NOTE_BYTES = 5 * 1024 * 1024;

/** Text of a note, or the reason it was skipped. */
export type NoteText =
  | { ok: true; text: string; bytes: Buffer }
  /** `vanished`: the file was deleted or renamed after it was listed, so there is nothing to report. */
  | { ok: false; reason: string; vanished?: true };

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes note bytes: a NUL byte means a binary file; invalid UTF-8 is refused rather than guessed. */
export function decodeNote(bytes: Buffer): NoteText {
  if (bytes.includes(0)) return { ok: false, reason: 'binary file' };
  try {
    return { ok: true, text: decoder.decode(bytes), bytes };
  } catch {
    return { ok: false, reason: 'not valid UTF-8' };
  }
}

/** Human size, e.g. "10.0 MB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** Reads and decodes one listed note, checking its size first so a huge file is never loaded. */
export async function readNote(source: NoteSource, info: NoteFileInfo, maxBytes: number): Promise<NoteText> {
  const tooLarge = (size: number): NoteText => ({
    ok: false,
    reason: `too large (${formatBytes(size)}, limit ${formatBytes(maxBytes)})`,
  });
  if (info.size > maxBytes) return tooLarge(info.size);
  let bytes: Buffer;
  try {
    bytes = await source.read(info.path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, reason: 'deleted while reading', vanished: true };
    return { ok: false, reason: `unreadable (${code ?? (e instanceof Error ? e.message : String(e))})` };
  }
  // The file may have grown since it was listed.
  if (bytes.length > maxBytes) return tooLarge(bytes.length);
  return decodeNote(bytes);
}
