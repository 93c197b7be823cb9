// EngineTransport over a child process: newline-delimited JSON on stdin/stdout. The engine's stderr
// is kept as a short tail so a failed start or a crash can be reported with the engine's own words.
import type { ChildProcess } from 'node:child_process';
import type { EngineTransport } from './engine-client';

/** Bytes of stderr kept for error messages. */
const STDERR_TAIL = 4000;

/** Line transport over a spawned engine process. */
export class ProcessTransport implements EngineTransport {
  private buffer = '';
  private lineListeners: ((line: string) => void)[] = [];
  private closeListeners: ((reason: string) => void)[] = [];
  private closeReason: string | null = null;
  private stderr = '';

  constructor(private readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => this.onData(chunk));
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-STDERR_TAIL);
    });
    // Writing to a process that just died raises EPIPE on stdin; the exit event reports it instead.
    child.stdin?.on('error', () => {});
    child.on('error', (err) => this.finish(`could not run it: ${err.message}`));
    // 'close' (not 'exit') so every line the engine wrote before dying is delivered first.
    child.on('close', (code, signal) => this.finish(signal ? `killed by ${signal}` : `exited with code ${String(code)}`));
  }

  /** Last lines the engine wrote to stderr. */
  stderrTail(): string {
    return this.stderr.trim();
  }

  send(line: string): void {
    if (this.closeReason !== null || !this.child.stdin || this.child.stdin.destroyed) {
      throw new Error(`process-transport: engine is gone (${this.closeReason ?? 'stdin closed'})`);
    }
    this.child.stdin.write(`${line}\n`);
  }

  onLine(listener: (line: string) => void): void {
    this.lineListeners.push(listener);
  }

  onClose(listener: (reason: string) => void): void {
    if (this.closeReason !== null) listener(this.closeReason);
    else this.closeListeners.push(listener);
  }

  close(): void {
    this.child.stdin?.end();
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let nl = this.buffer.indexOf('\n');
    while (nl >= 0) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      for (const fn of this.lineListeners) fn(line);
      nl = this.buffer.indexOf('\n');
    }
  }

  private finish(reason: string): void {
    if (this.closeReason !== null) return;
    this.closeReason = reason;
    for (const fn of this.closeListeners.splice(0)) fn(reason);
  }
}
