// Ctrl-C (SIGINT) and SIGTERM during a vault command. Node's default is to die at once, which throws away every
// note embedded since the last checkpoint. Instead, while the index is being built, the first signal asks the
// engine to stop after its current group of notes and save them; a second signal quits at once. Outside that
// stage nothing is pending, so a signal quits at once. Either way the exit status is 130 and the data-dir lock
// is released (it is removed on process exit).
import type { CliIO } from './cli-io';

/** Exit status of a command stopped by a signal (128 + SIGINT), as shells report it. */
export const INTERRUPTED_EXIT = 130;

/** Where signals come from and how the process ends; tests pass fakes. */
export interface SignalHost {
  on(signal: 'SIGINT' | 'SIGTERM', fn: () => void): unknown;
  removeListener(signal: 'SIGINT' | 'SIGTERM', fn: () => void): unknown;
  exit(code: number): void;
}

/** The real process. */
export const processSignals: SignalHost = {
  on: (s, fn) => process.on(s, fn),
  removeListener: (s, fn) => process.removeListener(s, fn),
  exit: (code) => process.exit(code),
};

/** Handles signals for one command run: install() once, stopWith() while there is work worth saving. */
export class InterruptGuard {
  private stop: (() => void) | null = null;
  private signalled = false;
  private installed = false;
  private readonly handler = (): void => this.onSignal();

  constructor(
    private readonly io: CliIO,
    private readonly host: SignalHost = processSignals,
  ) {}

  /** True once a signal asked the command to stop gracefully. */
  get interrupted(): boolean {
    return this.signalled;
  }

  /** Starts handling SIGINT and SIGTERM. */
  install(): void {
    if (this.installed) return;
    this.installed = true;
    this.host.on('SIGINT', this.handler);
    this.host.on('SIGTERM', this.handler);
  }

  /** Restores the default handling. */
  uninstall(): void {
    if (!this.installed) return;
    this.installed = false;
    this.host.removeListener('SIGINT', this.handler);
    this.host.removeListener('SIGTERM', this.handler);
  }

  /**
   * While set, the first signal calls `stop` (which must make the running work end soon and save) instead of
   * quitting; null goes back to quitting at once.
   */
  stopWith(stop: (() => void) | null): void {
    this.stop = stop;
  }

  private onSignal(): void {
    if (this.signalled || !this.stop) {
      this.io.stderr(this.signalled ? '\noverlay: stopped without saving the last notes\n' : '\n');
      this.host.exit(INTERRUPTED_EXIT);
      return;
    }
    this.signalled = true;
    this.io.stderr('\noverlay: stopping after the current group of notes (press Ctrl-C again to quit at once)\n');
    this.stop();
  }
}
