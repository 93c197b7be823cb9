// The CLI's view of the terminal, passed into every command so tests can capture output.

/** Output streams of a CLI run. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stderr is a terminal (progress bars are drawn only then). */
  isTTY: boolean;
}

/** Parsed command line: positionals and `--flag value` / `--flag` pairs. */
export interface ParsedArgs {
  positional: string[];
  flags: Record<string, string | boolean>;
}

/** A CLI command: returns the process exit code. */
export type CommandFn = (args: ParsedArgs, io: CliIO) => Promise<number>;

/** An expected failure with a message for the user (printed without a stack trace). */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** The real process streams. */
export function processIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stderr.isTTY),
  };
}

/**
 * A usage mistake (a missing or extra argument): the problem, the command's usage line and where to find every
 * option — not the whole help text, which would bury the one line that matters.
 */
export function usageError(problem: string, help: string): UserError {
  const usage = help.split('\n')[0] ?? '';
  const name = /^Usage: overlay (\S+)/.exec(usage)?.[1];
  return new UserError(`${problem}\n${usage}${name ? `\nRun "overlay ${name} --help" for every option.` : ''}`);
}
