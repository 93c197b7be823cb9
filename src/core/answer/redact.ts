// Keeps credentials out of what a person sees and what is stored: an endpoint may echo the API key (a debug
// server, a prompt-injection in a note, a proxy's error page), and that text would otherwise be printed and
// written into a conversation file. Applied to every answer, streamed or whole, and to every error message.

/** What replaces a secret. */
export const REDACTED = '[redacted]';

// Credential shapes worth hiding even when they are not the configured key: a bearer header value, OpenAI-,
// Anthropic- and similar `sk-…` keys, GitHub and Hugging Face tokens, AWS access key ids.
const TOKEN_PATTERNS: RegExp[] = [
  /(?<=\bBearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  /\bsk-[A-Za-z0-9_-]{16,}/g,
  /\b(?:ghp|gho|ghu|ghs|github_pat|hf)_[A-Za-z0-9_]{20,}/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
];

/** `text` with each secret (4+ characters) and anything shaped like a bearer token or API key replaced. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join(REDACTED);
  for (const re of TOKEN_PATTERNS) out = out.replace(re, REDACTED);
  return out;
}

/**
 * Redacts a text that arrives in pieces. A secret can be split across pieces, so the end of what arrived — the
 * last run without whitespace (keys and tokens have none) and at least the longest secret's length — is held
 * back until the next piece or end() shows it whole.
 */
export class StreamRedactor {
  private received = '';
  private emitted = 0;
  private readonly hold: number;

  constructor(private readonly secrets: readonly (string | undefined)[] = []) {
    this.hold = Math.max(0, ...secrets.map((s) => s?.length ?? 0));
  }

  /** Adds a piece; returns the redacted text now safe to show (possibly empty). */
  push(piece: string): string {
    this.received += piece;
    return this.take(false);
  }

  /** Ends the stream; returns the rest, redacted. */
  end(): string {
    return this.take(true);
  }

  private take(final: boolean): string {
    const safe = redactSecrets(this.received, this.secrets);
    let stable = safe.length;
    if (!final) {
      // A token can still grow at the end: hold the trailing whitespace-free run (up to 4 KB) and the key length.
      const run = /\S*$/.exec(safe)![0].length;
      stable = Math.max(0, safe.length - Math.max(Math.min(run, 4096), this.hold));
    }
    if (stable <= this.emitted) return '';
    const out = safe.slice(this.emitted, stable);
    this.emitted = stable;
    return out;
  }
}
