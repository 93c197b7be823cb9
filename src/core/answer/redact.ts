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

// How credential-shaped tokens begin; a stream holds back text that may still grow into one of them.
const TOKEN_STARTS = ['sk-', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'github_pat_', 'hf_', 'AKIA', 'Bearer'];

/**
 * Redacts a text that arrives in pieces. A secret can be split across pieces, so the end of what arrived is held
 * back while it may still become a secret: a tail that is the beginning of the key or of a token shape, a token
 * shape still growing, or the word after "Bearer". Ordinary text is passed on as soon as it arrives.
 */
export class StreamRedactor {
  private received = '';
  private emitted = 0;
  private readonly triggers: string[];

  constructor(private readonly secrets: readonly (string | undefined)[] = []) {
    this.triggers = [...TOKEN_STARTS, ...secrets.filter((x): x is string => !!x && x.length >= 4)];
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
    const stable = final ? safe.length : holdFrom(safe, this.triggers);
    if (stable <= this.emitted) return '';
    const out = safe.slice(this.emitted, stable);
    this.emitted = stable;
    return out;
  }
}

/** Where the part of `text` that may still turn into a secret begins (text.length when nothing need wait). */
function holdFrom(text: string, triggers: readonly string[]): number {
  // Keys and tokens hold no whitespace: only the last whitespace-free run (up to 4 KB) can still change.
  const run = /\S{0,4096}$/.exec(text)![0];
  const start = text.length - run.length;
  if (run === '') return start;
  // The word after "Bearer" is a token whatever it looks like.
  if (/\bBearer\s+$/i.test(text.slice(Math.max(0, start - 20), start))) return start;
  for (let i = 0; i < run.length; i++) {
    const tail = run.slice(i);
    for (const t of triggers) {
      if (t.startsWith(tail) || tail.startsWith(t)) return start + i;
    }
  }
  return text.length;
}
