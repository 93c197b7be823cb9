// Conversations on disk: `<dataDir>/conversations/<id>.json`, written atomically with a checksum of the body.
// A file that cannot be read back (torn, edited, corrupt) is moved aside and reported, and a new conversation
// starts; a file from a newer version is left alone and refused, so nothing is ever lost.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { ConversationMemory } from '../core/memory/conversation-memory';
import type { MemoryOptions } from '../core/memory/memory-options';
import { removeStaleTemps, sha256, writeFileAtomic } from './atomic-file';
import { EngineError } from './errors';
import { conversationIdProblem } from './conversation-id';

export { conversationIdProblem } from './conversation-id';

/** Format tag of the file envelope. */
const FILE_FORMAT = 'overlay-conversation-file';
const FILE_VERSION = 1;
/** Folder of the conversations inside the data folder. */
export const CONVERSATIONS_DIR = 'conversations';
/** A conversation read from the store. */
export interface LoadedConversation {
  memory: ConversationMemory;
  /** True when no stored conversation existed (or an unreadable one was moved aside). */
  created: boolean;
  /** Why a stored file was unreadable and where it went. */
  warning?: string;
}

/** Reads and writes conversations of one data folder. */
export class ConversationStore {
  /** The folder holding the files. */
  readonly dir: string;
  /** Temp files a crash left behind are removed once, before the first write of this process. */
  private cleaned: Promise<void> | null = null;

  constructor(
    dataDir: string,
    private readonly options: Partial<MemoryOptions> = {},
  ) {
    this.dir = join(dataDir, CONVERSATIONS_DIR);
  }

  /** Path of a conversation's file; throws EngineError('bad-config') for an id that is not a safe file name. */
  pathOf(id: string): string {
    const problem = conversationIdProblem(id);
    if (problem) throw new EngineError('bad-config', problem);
    return join(this.dir, `${id}.json`);
  }

  /** Ids of the stored conversations, sorted. */
  async list(): Promise<string[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return [];
    }
    return names
      .filter((n) => n.endsWith('.json') && conversationIdProblem(n.slice(0, -5)) === null)
      .map((n) => n.slice(0, -5))
      .sort();
  }

  /** The stored conversation `id`, or a new one; an unreadable file is moved aside with a warning. */
  async load(id: string): Promise<LoadedConversation> {
    const file = this.pathOf(id);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT')
        return { memory: new ConversationMemory(id, this.options), created: true };
      throw e;
    }
    const read = this.decode(text, id);
    if (read.ok) return { memory: read.memory, created: false };
    if (read.newer) {
      throw new EngineError(
        'bad-config',
        `conversation "${id}" (${file}) was written by a newer version: ${read.error}; it was left unchanged — update Overlay Memory or use another conversation id`,
      );
    }
    const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await fs.rename(file, aside);
    return {
      memory: new ConversationMemory(id, this.options),
      created: true,
      warning: `conversation "${id}" could not be read (${read.error}); the file was moved to ${aside} and a new conversation started`,
    };
  }

  /** Writes a conversation atomically (temp file, fsync, rename). */
  async save(memory: ConversationMemory): Promise<void> {
    const file = this.pathOf(memory.id);
    await fs.mkdir(this.dir, { recursive: true });
    this.cleaned ??= removeStaleTemps(this.dir).catch(() => undefined);
    await this.cleaned;
    const body = JSON.stringify(memory.toJSON());
    const envelope = `{"format":"${FILE_FORMAT}","version":${FILE_VERSION},"sha256":"${sha256(body)}","conversation":${body}}\n`;
    await writeFileAtomic(file, envelope);
  }

  private decode(
    text: string,
    id: string,
  ): { ok: true; memory: ConversationMemory } | { ok: false; error: string; newer?: boolean } {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      return { ok: false, error: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
    }
    if (typeof data !== 'object' || data === null || (data as { format?: unknown }).format !== FILE_FORMAT) {
      return { ok: false, error: 'not a conversation file' };
    }
    const env = data as { version?: unknown; sha256?: unknown; conversation?: unknown };
    if (typeof env.version === 'number' && env.version > FILE_VERSION) {
      return { ok: false, error: `file version ${env.version}`, newer: true };
    }
    if (env.version !== FILE_VERSION) return { ok: false, error: `file version ${String(env.version)}` };
    // The checksum is over the body exactly as written; re-serialising parsed JSON gives the same text.
    if (typeof env.sha256 !== 'string' || sha256(JSON.stringify(env.conversation)) !== env.sha256) {
      return { ok: false, error: 'checksum mismatch' };
    }
    const parsed = ConversationMemory.fromJSON(env.conversation, this.options);
    if (!parsed.ok)
      return parsed.newer ? { ok: false, error: parsed.error, newer: true } : { ok: false, error: parsed.error };
    if (parsed.value.id !== id) return { ok: false, error: `the file holds conversation "${parsed.value.id}"` };
    return { ok: true, memory: parsed.value };
  }
}

/** Conversations kept in memory between requests (the least recently used beyond this are reloaded from disk). */
const CACHED_CONVERSATIONS = 16;

/**
 * The conversations of a long-running engine (`overlay serve`): loaded once and kept warm (their turn vectors
 * need not be recomputed), used one request at a time per id so two concurrent asks cannot interleave their
 * turns, and saved after each turn.
 */
export class ConversationSessions {
  private readonly cache = new Map<string, ConversationMemory>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly stores = new Map<string, ConversationStore>();

  constructor(private readonly options: Partial<MemoryOptions> = {}) {}

  /** Runs `fn` with conversation `id` of `dataDir` (loaded or new), then saves it; `warning` tells of an unreadable file. */
  run<T>(dataDir: string, id: string, fn: (memory: ConversationMemory, warning?: string) => Promise<T>): Promise<T> {
    const key = join(dataDir, id);
    const prev = this.queues.get(key) ?? Promise.resolve();
    const next = prev
      .catch(() => undefined)
      .then(async () => {
        let store = this.stores.get(dataDir);
        if (!store) this.stores.set(dataDir, (store = new ConversationStore(dataDir, this.options)));
        let memory = this.cache.get(key);
        let warning: string | undefined;
        if (!memory) {
          const loaded = await store.load(id);
          memory = loaded.memory;
          warning = loaded.warning;
        }
        this.cache.delete(key);
        this.cache.set(key, memory);
        for (const old of this.cache.keys()) {
          if (this.cache.size <= CACHED_CONVERSATIONS) break;
          this.cache.delete(old);
        }
        const out = await fn(memory, warning);
        await store.save(memory);
        return out;
      });
    this.queues.set(key, next);
    const clear = (): void => {
      if (this.queues.get(key) === next) this.queues.delete(key);
    };
    next.then(clear, clear);
    return next;
  }
}
