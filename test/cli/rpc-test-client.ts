// A test client for `overlay serve --stdio`, shared by the serve tests.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { REPO } from './index-helpers';

/** A JSON-RPC message as the engine sends it. */
export interface Message {
  jsonrpc: string;
  id?: number | string | null;
  method?: string;
  params?: Record<string, unknown>;
  result?: unknown;
  error?: { code: number; message: string; data?: { code?: string } };
}

/** A test client for `overlay serve --stdio`: sends requests, matches replies by id, records notifications. */
export class Client {
  readonly notifications: Message[] = [];
  readonly lines: string[] = [];
  stderr = '';
  private nextId = 1;
  private readonly waiting = new Map<number, (m: Message) => void>();
  private readonly watchers: (() => void)[] = [];
  readonly exited: Promise<number | null>;

  constructor(readonly proc: ChildProcessWithoutNullStreams) {
    proc.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    createInterface({ input: proc.stdout }).on('line', (line) => {
      this.lines.push(line);
      const m = JSON.parse(line) as Message;
      if (typeof m.id === 'number' && this.waiting.has(m.id)) {
        this.waiting.get(m.id)!(m);
        this.waiting.delete(m.id);
      } else if (m.method) {
        this.notifications.push(m);
        this.watchers.splice(0).forEach((w) => w());
      }
    });
    this.exited = new Promise((r) => proc.on('exit', (code) => r(code)));
  }

  request(method: string, params?: unknown): Promise<Message> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.send({ jsonrpc: '2.0', id, method, ...(params !== undefined ? { params } : {}) });
    });
  }

  send(msg: unknown): void {
    this.proc.stdin.write(`${typeof msg === 'string' ? msg : JSON.stringify(msg)}\n`);
  }

  /** Resolves with the first notification (from index `from` on) matching. */
  async notification(method: string, from = 0, pred: (m: Message) => boolean = () => true): Promise<Message> {
    for (;;) {
      const hit = this.notifications.slice(from).find((m) => m.method === method && pred(m));
      if (hit) return hit;
      await new Promise<void>((r) => this.watchers.push(r));
    }
  }
}

/** Spawns the engine on a vault. */
export function start(vault: string, extraArgs: string[] = []): Client {
  const proc = spawn(process.execPath, [join(REPO, 'bin', 'overlay.mjs'), 'serve', '--stdio', vault, ...extraArgs], {
    cwd: REPO,
  });
  return new Client(proc);
}
