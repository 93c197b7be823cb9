// Messages between the plugin (UI thread) and its engine worker. Engine requests travel as JSON-RPC texts (the same
// protocol as `overlay serve`); the worker asks the UI thread for vault data and HTTP, which only it can reach
// (the vault adapter works on mobile too; requestUrl is Obsidian's CORS-free HTTP).
import type { NoteFileInfo } from '../../core/types';

/** Start-up parameters of the worker. */
export interface WorkerInit {
  kind: 'init';
  /** The vault's display name. */
  vault: string;
  /** Stable per-vault id: names this device's IndexedDB database. */
  vaultKey: string;
  embedder: string;
}

/** What the worker asks the UI thread for. */
export type HostCall =
  | { op: 'list' }
  | { op: 'stat'; path: string }
  | { op: 'read'; path: string }
  | { op: 'http'; url: string; method: string; headers: Record<string, string>; body?: string };

/** Results of HostCall by op. */
export interface HostResults {
  list: NoteFileInfo[];
  stat: NoteFileInfo | null;
  read: ArrayBuffer;
  http: { status: number; headers: Record<string, string>; text: string };
}

/** UI thread → worker. */
export type ToWorker =
  | WorkerInit
  | { kind: 'rpc'; text: string }
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; error: string; code?: string };

/** Worker → UI thread. */
export type FromWorker =
  { kind: 'rpc'; text: string } | { kind: 'call'; id: number; call: HostCall } | { kind: 'fatal'; message: string };

/** Name of this device's IndexedDB database for a vault. */
export function databaseName(vaultKey: string): string {
  return `overlay-memory/${vaultKey}`;
}
