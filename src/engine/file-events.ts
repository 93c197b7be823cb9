// Collects vault file events and turns them into the set of paths one incremental sync must look at.
import { EngineError } from './errors';
import type { FileEvent } from './protocol';

/** True for a vault-relative path of a markdown note. */
export function isNotePath(path: string): boolean {
  return /\.md$/i.test(path);
}

/** Paths touched by a batch of events; `full` when a folder changed and every note must be listed again. */
export interface EventBatch {
  paths: Set<string>;
  full: boolean;
}

/** Normalises a vault path from the plugin or a user: forward slashes, no leading './' or '/'. */
export function normalizeVaultPath(p: string): string {
  return p
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '');
}

/** True for a path that names something outside the vault (a '..' segment, a drive letter, NUL, over 4 KB). */
function escapesVault(p: string): boolean {
  if (p.length > 4096 || p.includes('\0') || /^[a-zA-Z]:/.test(p)) return true;
  return normalizeVaultPath(p).split('/').includes('..');
}

/** Checks an event's shape; returns a reason when it is not usable. */
export function fileEventProblem(e: unknown): string | null {
  if (typeof e !== 'object' || e === null) return 'a file event must be an object';
  const ev = e as Partial<FileEvent>;
  if (!['create', 'modify', 'delete', 'rename'].includes(String(ev.type))) {
    return 'type must be one of create, modify, delete, rename';
  }
  if (typeof ev.path !== 'string' || ev.path.trim() === '') return 'path must be a non-empty string';
  if (ev.type === 'rename' && (typeof ev.oldPath !== 'string' || ev.oldPath.trim() === '')) {
    return 'a rename needs oldPath';
  }
  for (const p of [ev.path, ev.oldPath]) {
    if (p !== undefined && escapesVault(p)) return 'path must be a vault-relative path inside the vault';
  }
  return null;
}

/** Accumulates events until the next sync takes them. */
export class EventQueue {
  private batch: EventBatch = { paths: new Set(), full: false };

  get empty(): boolean {
    return this.batch.paths.size === 0 && !this.batch.full;
  }

  add(e: FileEvent): void {
    for (const raw of [e.path, e.oldPath]) {
      if (raw === undefined) continue;
      const p = normalizeVaultPath(raw);
      if (isNotePath(p)) this.batch.paths.add(p);
      // No extension: most likely a folder (created, deleted or renamed with notes inside): list everything.
      else if (!/\.[^/]+$/.test(p)) this.batch.full = true;
      // Other files (attachments) do not affect the index.
    }
  }

  /** Takes the accumulated batch and starts a new one. */
  take(): EventBatch {
    const b = this.batch;
    this.batch = { paths: new Set(), full: false };
    return b;
  }
}

/**
 * An engine's intake of one event: throws EngineError('bad-config') for a malformed event, drops it when the engine
 * is closed, else queues it. True when the queue now holds work for a sync.
 */
export function queueFileEvent(queue: EventQueue, e: FileEvent, closed: boolean): boolean {
  const problem = fileEventProblem(e);
  if (problem) throw new EngineError('bad-config', `bad file event: ${problem}`);
  if (closed) return false;
  queue.add(e);
  return !queue.empty;
}
