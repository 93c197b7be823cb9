// Starts the engine process and keeps it running. First choice is Obsidian's own runtime
// (process.execPath with ELECTRON_RUN_AS_NODE=1), so no separate Node install is needed; an Electron
// build with the RunAsNode fuse switched off ignores that variable and starts the app instead, so a
// runtime only counts once the engine answers the `initialize` handshake with its name. Otherwise the
// child is stopped and the next runtime (node on PATH, or a path from settings) is tried. An engine
// that exits is restarted with backoff; after a few quick crashes in a row the launcher gives up and
// reports why, so a broken install does not spin forever.
import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { ENGINE_NAME, PROTOCOL_VERSION } from '../engine/protocol';
import { EngineClient, EngineError } from './engine-client';
import { ProcessTransport } from './process-transport';

/** Which runtime runs the engine. */
export type RuntimeMode = 'electron' | 'node';

/** One way to start the engine. */
export interface RuntimeCandidate {
  mode: RuntimeMode;
  /** Executable to run with `[enginePath, 'serve', '--stdio', ...]`. */
  command: string;
  /** Extra environment variables. */
  env?: Record<string, string>;
}

/** child_process.spawn, injectable for tests. */
export type SpawnFn = (command: string, args: string[], options: SpawnOptions) => ChildProcess;

/** What the launcher needs to know. */
export interface LauncherOptions {
  /** The bundled engine (`overlay.mjs`). */
  enginePath: string;
  vaultPath: string;
  dataDir: string;
  /** Runtimes to try, in order (a function is read at each start, so a changed Node path applies). */
  candidates: RuntimeCandidate[] | (() => RuntimeCandidate[]);
  /** Extra `serve` arguments, read at each start (e.g. `--embedder <spec>` from the settings). */
  extraArgs?: () => string[];
  /** Time allowed for the `initialize` answer. */
  handshakeTimeoutMs?: number;
  /** Waits before restart attempts 1, 2, 3, ...; the last value repeats. */
  restartDelaysMs?: number[];
  /** Give up after this many quick crashes in a row. */
  maxQuickCrashes?: number;
  /** An engine that dies within this long after starting counts as a quick crash. */
  quickCrashMs?: number;
  spawn?: SpawnFn;
}

/** Lifecycle state, shown in the settings tab and status bar. */
export interface LauncherState {
  status: 'stopped' | 'starting' | 'running' | 'restarting' | 'failed';
  mode: RuntimeMode | null;
  /** Why this mode runs (e.g. why the Electron runtime was skipped), or why starting failed. */
  reason: string;
  pid: number | null;
  /** Engine version from the handshake. */
  version: string | null;
  /** Automatic restarts since the plugin loaded. */
  restarts: number;
}

/** The two default runtimes: Obsidian's own, then a separate Node. */
export function defaultCandidates(nodePath: string, execPath: string = process.execPath): RuntimeCandidate[] {
  return [
    { mode: 'electron', command: execPath, env: { ELECTRON_RUN_AS_NODE: '1' } },
    { mode: 'node', command: nodePath.trim() === '' ? 'node' : nodePath.trim() },
  ];
}

type Attempt = { ok: true; client: EngineClient; child: ChildProcess; version: string } | { ok: false; reason: string };

/** Spawns, supervises and restarts the engine process. */
export class EngineLauncher {
  private state: LauncherState = { status: 'stopped', mode: null, reason: '', pid: null, version: null, restarts: 0 };
  private current: { client: EngineClient; child: ChildProcess; startedAt: number } | null = null;
  private stateListeners = new Set<(s: LauncherState) => void>();
  private clientListeners = new Set<(c: EngineClient) => void>();
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private quickCrashes = 0;
  private stopping = false;
  private starting: Promise<EngineClient | null> | null = null;
  /** Index of the candidate that last worked, tried first next time. */
  private preferred = 0;
  private readonly spawnFn: SpawnFn;

  constructor(private readonly opts: LauncherOptions) {
    this.spawnFn = opts.spawn ?? nodeSpawn;
  }

  /** Current state (a copy). */
  getState(): LauncherState {
    return { ...this.state };
  }

  /** The connected client, or null while the engine is not running. */
  get client(): EngineClient | null {
    return this.current && !this.current.client.closed ? this.current.client : null;
  }

  /** Subscribes to state changes; returns the unsubscribe function. */
  onState(listener: (s: LauncherState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Called with each new client after a (re)start completed its handshake. */
  onClient(listener: (c: EngineClient) => void): () => void {
    this.clientListeners.add(listener);
    return () => this.clientListeners.delete(listener);
  }

  /** Starts the engine if it is not running; resolves with the client, or null when no runtime works. */
  start(): Promise<EngineClient | null> {
    if (this.client) return Promise.resolve(this.client);
    if (!this.starting) {
      this.stopping = false;
      this.starting = this.launch().finally(() => (this.starting = null));
    }
    return this.starting;
  }

  /** Manual restart (command or settings button): forgets earlier crashes. */
  async restart(): Promise<EngineClient | null> {
    await this.stop();
    this.quickCrashes = 0;
    return this.start();
  }

  /** Stops the engine: asks it to shut down, then terminates it if it lingers. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    if (this.starting) await this.starting;
    const cur = this.current;
    this.current = null;
    if (cur) {
      const exited = waitForExit(cur.child);
      try {
        await cur.client.request('shutdown', {}, { timeoutMs: 2000 });
      } catch {
        // Already gone or unresponsive: the kill below handles both.
      }
      cur.client.close();
      if (!(await withTimeout(exited, 2000))) {
        cur.child.kill('SIGTERM');
        if (!(await withTimeout(exited, 2000))) cur.child.kill('SIGKILL');
      }
    }
    this.setState({ status: 'stopped', pid: null });
  }

  private async launch(): Promise<EngineClient | null> {
    this.setState({ status: this.state.status === 'restarting' ? 'restarting' : 'starting' });
    const reasons: string[] = [];
    const candidates = typeof this.opts.candidates === 'function' ? this.opts.candidates() : this.opts.candidates;
    if (candidates.length === 0) throw new Error('engine-launcher: no runtime candidates');
    if (this.preferred >= candidates.length) this.preferred = 0;
    const order = [...candidates.keys()];
    // Try the runtime that worked last time first, keeping the others as fallbacks in their order.
    order.sort((a, b) => (a === this.preferred ? -1 : b === this.preferred ? 1 : a - b));
    for (const index of order) {
      if (this.stopping) break;
      const candidate = candidates[index]!;
      const attempt = await this.attempt(candidate);
      if (attempt.ok) {
        if (this.stopping) {
          attempt.child.kill('SIGKILL');
          break;
        }
        this.preferred = index;
        this.current = { client: attempt.client, child: attempt.child, startedAt: Date.now() };
        const why = reasons.length > 0 ? reasons.join(' ') : describeMode(candidate.mode);
        this.setState({ status: 'running', mode: candidate.mode, reason: why, pid: attempt.child.pid ?? null, version: attempt.version });
        attempt.child.once('close', () => this.onExit(attempt.child));
        if (attempt.client.closed) {
          // It died right after the handshake, before the listener above existed.
          this.onExit(attempt.child);
          return null;
        }
        for (const fn of [...this.clientListeners]) fn(attempt.client);
        return attempt.client;
      }
      reasons.push(`${runtimeLabel(candidate)}: ${attempt.reason}`);
    }
    if (this.stopping) return null;
    this.setState({ status: 'failed', mode: null, pid: null, reason: `The engine could not start. ${reasons.join(' ')}` });
    return null;
  }

  private async attempt(candidate: RuntimeCandidate): Promise<Attempt> {
    const args = [this.opts.enginePath, 'serve', '--stdio', this.opts.vaultPath, '--data-dir', this.opts.dataDir, ...(this.opts.extraArgs?.() ?? [])];
    let child: ChildProcess;
    try {
      child = this.spawnFn(candidate.command, args, {
        env: { ...process.env, ...candidate.env },
        stdio: ['pipe', 'pipe', 'pipe'],
        windowsHide: true,
      });
    } catch (err: unknown) {
      return { ok: false, reason: `could not run it (${err instanceof Error ? err.message : String(err)}).` };
    }
    const transport = new ProcessTransport(child);
    // A holder object: TypeScript does not track assignments made inside the callback.
    const exit: { reason: string | null } = { reason: null };
    transport.onClose((r) => (exit.reason = r));
    const client = new EngineClient(transport);
    const timeoutMs = this.opts.handshakeTimeoutMs ?? 8000;
    try {
      const hello = await client.request('initialize', { client: 'obsidian-plugin' }, { timeoutMs });
      if (hello?.name !== ENGINE_NAME) throw new EngineError('remote', `it answered as "${String(hello?.name)}", not as the engine`);
      if (hello.protocol !== PROTOCOL_VERSION) {
        throw new EngineError('remote', `engine protocol ${hello.protocol}, the plugin speaks ${PROTOCOL_VERSION}; reinstall both together`);
      }
      return { ok: true, client, child, version: hello.version };
    } catch (err: unknown) {
      client.close();
      child.kill('SIGKILL');
      let why: string;
      if (exit.reason !== null && exit.reason.startsWith('could not run it')) why = exit.reason;
      else if (exit.reason !== null) why = `it ${exit.reason} before the handshake`;
      else if (err instanceof EngineError && err.kind === 'timeout') {
        why = `no handshake within ${Math.round(timeoutMs / 1000)} s${candidate.mode === 'electron' ? ' (this Obsidian build may ignore ELECTRON_RUN_AS_NODE)' : ''}`;
      } else why = err instanceof Error ? err.message : String(err);
      const said = errorLine(transport.stderrTail());
      return { ok: false, reason: `${why}.${said ? ` Engine output: ${said}` : ''}` };
    }
  }

  private onExit(child: ChildProcess): void {
    const cur = this.current;
    if (!cur || cur.child !== child) return; // a stopped or replaced engine
    this.current = null;
    if (this.stopping) return;
    const uptime = Date.now() - cur.startedAt;
    this.quickCrashes = uptime < (this.opts.quickCrashMs ?? 30_000) ? this.quickCrashes + 1 : 1;
    const exit = child.signalCode ? `killed by ${child.signalCode}` : `exited with code ${String(child.exitCode)}`;
    const max = this.opts.maxQuickCrashes ?? 4;
    if (this.quickCrashes >= max) {
      this.setState({
        status: 'failed',
        pid: null,
        reason: `The engine stopped ${this.quickCrashes} times in a row shortly after starting (last: ${exit}). Use "Restart engine" after fixing the cause.`,
      });
      return;
    }
    const delays = this.opts.restartDelaysMs ?? [500, 2000, 5000, 15_000];
    const delay = delays[Math.min(this.quickCrashes - 1, delays.length - 1)] ?? 1000;
    this.setState({ status: 'restarting', pid: null, reason: `The engine ${exit}; restarting in ${Math.round(delay / 100) / 10} s.`, restarts: this.state.restarts + 1 });
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      void this.start();
    }, delay);
  }

  private setState(patch: Partial<LauncherState>): void {
    this.state = { ...this.state, ...patch };
    const snapshot = this.getState();
    for (const fn of [...this.stateListeners]) fn(snapshot);
  }
}

function describeMode(mode: RuntimeMode): string {
  return mode === 'electron' ? "Runs on Obsidian's own runtime (ELECTRON_RUN_AS_NODE)." : 'Runs on a separate Node.js.';
}

function runtimeLabel(c: RuntimeCandidate): string {
  return c.mode === 'electron' ? "Obsidian's runtime" : `Node.js (${c.command})`;
}

/** The line of a crash dump that says what went wrong (Node prints the stack and its version after it). */
function errorLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const err = lines.find((l) => /^\w*Error\b/.test(l)) ?? lines.find((l) => /\berror\b/i.test(l));
  return (err ?? lines[lines.length - 1] ?? '').slice(0, 300);
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function withTimeout(p: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    void p.then(() => {
      clearTimeout(t);
      resolve(true);
    });
  });
}
