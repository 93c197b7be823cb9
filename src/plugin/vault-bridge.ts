// Answers the engine worker's calls on the UI thread: the vault's notes through Obsidian's vault and its adapter
// (the same API on desktop and mobile), and HTTP for the LLM through requestUrl. Each answer is one short async
// step, so the UI thread never blocks on the engine's behalf.
import { TFile, requestUrl, type App } from 'obsidian';
import type { NoteFileInfo } from '../core/types';
import type { HostCall, HostResults } from '../engine/worker/worker-protocol';

const isNote = (p: string): boolean => p.toLowerCase().endsWith('.md');
/** Dot-folders (.obsidian, .trash, .git) hold no notes of the vault. */
const hidden = (p: string): boolean => p.split('/').some((s) => s.startsWith('.'));

/** Serves HostCalls from the app's vault. */
export class VaultBridge {
  constructor(private readonly app: App) {}

  /** Runs one call; rejects with an Error carrying `code` ('ENOENT' for a note that is gone). */
  async handle(call: HostCall): Promise<HostResults[HostCall['op']]> {
    switch (call.op) {
      case 'list':
        return this.app.vault
          .getMarkdownFiles()
          .filter((f) => !hidden(f.path))
          .map((f) => info(f))
          .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      case 'stat': {
        const f = this.app.vault.getAbstractFileByPath(call.path);
        return f instanceof TFile && isNote(f.path) && !hidden(f.path) ? info(f) : null;
      }
      case 'read': {
        const f = this.app.vault.getAbstractFileByPath(call.path);
        if (!(f instanceof TFile)) throw Object.assign(new Error(`no note ${call.path}`), { code: 'ENOENT' });
        return await this.app.vault.adapter.readBinary(f.path);
      }
      case 'http': {
        const r = await requestUrl({
          url: call.url,
          method: call.method,
          headers: call.headers,
          ...(call.body !== undefined ? { body: call.body } : {}),
          throw: false,
        });
        return { status: r.status, headers: r.headers, text: r.text };
      }
    }
  }
}

function info(f: TFile): NoteFileInfo {
  return { path: f.path, mtimeMs: f.stat.mtime, size: f.stat.size };
}
