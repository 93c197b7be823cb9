// The settings of an OpenAI-compatible chat endpoint: its options, defaults, the API key from the environment and
// the chat-completions URL built from an API root. Errors keep the client's prefix `openai-chat:`, which the CLI
// strips to show them as user errors.
import { displayUrl } from './chat-errors';

/** Settings of an OpenAI-compatible endpoint. */
export interface OpenAIChatOptions {
  /** API root such as `http://localhost:11434/v1` (a bare origin gets `/v1`; a full `/chat/completions` URL is kept). */
  baseUrl: string;
  model: string;
  /** Sent as `Authorization: Bearer …`; never logged or put in a message. */
  apiKey?: string | undefined;
  /** Longest wait for the server's next bytes (connect, first byte, or between stream chunks); default 120 s. */
  timeoutMs?: number | undefined;
  /** Stream the answer with SSE (default true). */
  stream?: boolean | undefined;
  /** Sampling temperature; the server's default when unset (some hosted models accept only their default). */
  temperature?: number | undefined;
  /** Upper bound on answer tokens (`max_tokens`); the server's default when unset. */
  maxTokens?: number | undefined;
  /** The HTTP call (default the global fetch; the plugin's worker passes one through Obsidian's requestUrl). */
  fetch?: typeof fetch | undefined;
}

/** Default idle timeout: a local model may need a minute to load before its first token. */
export const DEFAULT_TIMEOUT_MS = 120_000;

/** The endpoint most users have: Ollama's OpenAI-compatible API. */
export const DEFAULT_LLM_URL = 'http://localhost:11434/v1';

/** The API key from the environment: OVERLAY_LLM_API_KEY, then OPENAI_API_KEY; undefined when unset or blank. */
export function apiKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const name of ['OVERLAY_LLM_API_KEY', 'OPENAI_API_KEY']) {
    const v = env[name]?.trim();
    if (v) return v;
  }
  return undefined;
}

/** The chat-completions URL for an API root; throws on a URL that is not http(s). */
export function chatCompletionsUrl(baseUrl: string): string {
  let u: URL;
  try {
    u = new URL(baseUrl.trim());
  } catch {
    throw new Error(`openai-chat: "${baseUrl}" is not a URL; expected e.g. ${DEFAULT_LLM_URL}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new Error(`openai-chat: "${displayUrl(baseUrl)}" must start with http:// or https://`);
  }
  let path = u.pathname.replace(/\/+$/, '');
  if (!path.endsWith('/chat/completions')) path = `${path === '' ? '/v1' : path}/chat/completions`;
  u.pathname = path;
  return u.toString();
}
