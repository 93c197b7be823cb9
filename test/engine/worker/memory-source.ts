// A vault folder served as the plugin's UI thread serves it to the worker (list, stat, read), with edits in memory.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { NoteFileInfo } from '../../../src/core/types';
import type { SyncSource } from '../../../src/engine/sync';

/** The `.md` notes of a folder, read once into memory. */
export class MemorySource implements SyncSource {
  readonly files = new Map<string, { bytes: Uint8Array; mtimeMs: number }>();
  constructor(root: string) {
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.name.startsWith('.')) continue;
        const abs = join(dir, e.name);
        if (e.isDirectory()) walk(abs);
        else if (e.name.endsWith('.md'))
          this.files.set(relative(root, abs).split(sep).join('/'), {
            bytes: readFileSync(abs),
            mtimeMs: statSync(abs).mtimeMs,
          });
      }
    };
    walk(root);
  }
  async list(): Promise<NoteFileInfo[]> {
    return [...this.files]
      .map(([path, f]) => ({ path, mtimeMs: f.mtimeMs, size: f.bytes.byteLength }))
      .sort((a, b) => (a.path < b.path ? -1 : 1));
  }
  async stat(path: string): Promise<NoteFileInfo | null> {
    const f = this.files.get(path);
    return f ? { path, mtimeMs: f.mtimeMs, size: f.bytes.byteLength } : null;
  }
  async read(path: string): Promise<Buffer> {
    const f = this.files.get(path);
    if (!f) throw Object.assign(new Error('gone'), { code: 'ENOENT' });
    return f.bytes as Buffer;
  }
}
