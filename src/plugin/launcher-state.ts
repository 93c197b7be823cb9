// The engine's lifecycle as the status bar and settings tab show it.

/** Lifecycle state of the engine worker. */
export interface LauncherState {
  status: 'stopped' | 'starting' | 'running' | 'restarting' | 'failed';
  /** Why starting failed, or what runs. */
  reason: string;
  /** Engine version from the handshake. */
  version: string | null;
  /** Automatic restarts since the plugin loaded. */
  restarts: number;
}
