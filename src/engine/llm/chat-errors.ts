// Turns what can go wrong talking to a chat endpoint into typed ChatErrors with messages a user can act on.
// The API key never appears in a message: it is removed from anything a server or the runtime says.
import type { ChatError } from '../../core/answer/chat-model';
import { redactSecrets } from '../../core/answer/redact';

/** The endpoint as shown to the user: no credentials in the authority, no query string (keys hide there too). */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`.replace(/\/$/, '');
  } catch {
    return '(invalid URL)';
  }
}

/** `text` with `secret` and anything shaped like a bearer token or API key replaced (see core/answer/redact). */
export function redact(text: string, secret: string | undefined): string {
  return redactSecrets(text, [secret]);
}

/** What to start, guessed from the well-known local ports of each server. */
function localServerHint(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return '';
  }
  const local = ['localhost', '127.0.0.1', '[::1]', '0.0.0.0'].includes(u.hostname);
  if (!local) return ' Check the URL and your network.';
  switch (u.port) {
    case '11434':
      return ' Is Ollama running? Start it with `ollama serve`.';
    case '1234':
      return " Is LM Studio's local server started?";
    case '8080':
      return ' Is llama.cpp `llama-server` (or another local server) running on this port?';
    case '8000':
      return ' Is vLLM (`vllm serve`) or another local server running on this port?';
    default:
      return ' Is the local model server running?';
  }
}

function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A failure of `fetch` itself (no HTTP response): connection refused, unknown host, reset, TLS. */
export function networkError(err: unknown, url: string, secret: string | undefined): ChatError {
  const code = errorCode(err);
  const where = displayUrl(url);
  const reason: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host name lookup failed',
    ECONNRESET: 'connection reset',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    ETIMEDOUT: 'connection timed out',
    UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
    UND_ERR_SOCKET: 'connection closed by the server',
  };
  const why = (code && reason[code]) ?? (code ? code : err instanceof Error ? err.message : String(err));
  return {
    kind: 'unreachable',
    message: redact(`Cannot reach the LLM endpoint ${where} (${why}).${localServerHint(url)}`, secret),
  };
}

/** The message of an OpenAI-style (`{error:{message}}`), Ollama (`{error:"..."}`) or vLLM (`{message}`) error body. */
export function serverMessage(body: string): string {
  try {
    const j = JSON.parse(body) as { error?: unknown; message?: unknown; detail?: unknown };
    if (typeof j.error === 'string') return j.error;
    if (j.error && typeof j.error === 'object') {
      const m = (j.error as { message?: unknown }).message;
      if (typeof m === 'string') return m;
    }
    if (typeof j.message === 'string') return j.message;
    if (typeof j.detail === 'string') return j.detail;
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** True when an error body says the requested model does not exist on the server. */
export function saysModelMissing(body: string): boolean {
  return (
    /model_not_found/i.test(body) ||
    (/model/i.test(body) &&
      /(not found|does not exist|not exist|no such|not available|try pulling|unknown model|not loaded)/i.test(body))
  );
}

/** An HTTP error status with its body, mapped to a ChatError. `available` lists the server's models, if known. */
export function httpError(
  status: number,
  body: string,
  ctx: { url: string; model: string; secret?: string; available?: string[] },
): ChatError {
  const where = displayUrl(ctx.url);
  const said = serverMessage(body);
  const detail = said ? `: ${said}` : '';
  const finish = (e: ChatError): ChatError => ({ ...e, message: redact(e.message, ctx.secret) });
  if (status === 401 || status === 403) {
    const advice = ctx.secret
      ? 'Check the API key in the settings, OVERLAY_LLM_API_KEY or OPENAI_API_KEY.'
      : 'It needs an API key: set one in the settings, or in OVERLAY_LLM_API_KEY or OPENAI_API_KEY.';
    const what = status === 401 ? 'refused the request (401 Unauthorized)' : 'refused access (403 Forbidden)';
    return finish({ kind: 'unauthorized', status, message: `The LLM endpoint ${where} ${what}${detail}. ${advice}` });
  }
  if ([400, 404, 422].includes(status) && saysModelMissing(body)) {
    const list =
      ctx.available && ctx.available.length > 0
        ? ` Models it has: ${ctx.available.slice(0, 12).join(', ')}${ctx.available.length > 12 ? ', …' : ''}.`
        : '';
    const pull = new URL(ctx.url).port === '11434' ? ` With Ollama, fetch it with \`ollama pull ${ctx.model}\`.` : '';
    return finish({
      kind: 'model-missing',
      status,
      message: `The model "${ctx.model}" is not available at ${where}${detail}.${list}${pull}`,
    });
  }
  if (status === 404) {
    return finish({
      kind: 'http',
      status,
      message: `${where} answered 404 Not Found${detail}. The URL should be the API root, e.g. http://localhost:11434/v1.`,
    });
  }
  if (status === 429) {
    return finish({
      kind: 'http',
      status,
      message: `The LLM endpoint ${where} is rate-limiting requests (429)${detail}.`,
    });
  }
  return finish({ kind: 'http', status, message: `The LLM endpoint ${where} answered HTTP ${status}${detail}.` });
}
