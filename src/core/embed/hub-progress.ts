// Progress of a transformers.js model load: the library reports per-file hub events (bytes of each download, a
// file done); the app wants one stream of download bytes, then files loaded.
import type { ProgressFn } from '../types';

/** The part of the library's progress_callback event that we read. */
export interface HubEvent {
  status: string;
  file?: string;
  loaded?: number;
  total?: number;
}

/** Reports one model load: start(), the library's events, finish(). */
export interface HubProgress {
  start(): void;
  event(e: HubEvent): void;
  finish(): void;
}

/** Turns the library's per-file hub events into our Progress: download bytes, then files loaded. */
export function progressReporter(
  model: string,
  localFiles: Set<string>,
  fileCount: number,
  onProgress?: ProgressFn,
): HubProgress {
  const bytes = new Map<string, { loaded: number; total: number }>();
  const done = new Set<string>();
  const emit = onProgress ?? (() => undefined);
  const total = (): number => Math.max(fileCount, done.size);
  return {
    start(): void {
      emit({ phase: 'load', done: 0, total: fileCount, message: `loading ${model}` });
    },
    event(e: HubEvent): void {
      const file = e.file ?? '';
      // Local and cached files are "read", not downloaded, although the library reports their bytes as well.
      if (e.status === 'progress' && !localFiles.has(file)) {
        bytes.set(file, { loaded: e.loaded ?? 0, total: e.total ?? 0 });
        let loaded = 0;
        let size = 0;
        for (const b of bytes.values()) {
          loaded += b.loaded;
          size += Math.max(b.total, b.loaded);
        }
        emit({ phase: 'download', done: loaded, total: size, message: `downloading ${model}: ${file}` });
      } else if (e.status === 'done' && !done.has(file)) {
        done.add(file);
        emit({ phase: 'load', done: done.size, total: total(), message: `loaded ${file}` });
      }
    },
    finish(): void {
      emit({ phase: 'load', done: total(), total: total(), message: `${model} ready` });
    },
  };
}
