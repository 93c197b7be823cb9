// A real HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions protocol (streaming SSE and whole
// JSON, usage, /v1/models, API-key checks, unknown models), with switches that make it fail the ways real
// servers do: slow, cut mid-stream, stream without [DONE], server error. Tests start and stop it themselves.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the server received. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  raw: string;
  body: {
    model?: string;
    messages?: { role: string; content: string }[];
    stream?: boolean;
    stream_options?: { include_usage?: boolean };
    [k: string]: unknown;
  } | null;
}

/** How the server misbehaves on chat requests. */
export type Fault =
  | { type: 'none' }
  | { type: 'slow-headers'; ms: number }
  | { type: 'stall-after'; pieces: number }
  | { type: 'cut-after'; pieces: number }
  | { type: 'no-done' }
  | { type: 'error-after'; pieces: number }
  | { type: 'status'; status: number; body: string }
  | { type: 'reject-stream-options' }
  /** Accepts the request, then closes the connection before sending a byte. */
  | { type: 'close-at-once' };

/** Server settings. */
export interface FakeServerOptions {
  /** Model ids it serves; others get Ollama's 404 "not found, try pulling it first". */
  models?: string[];
  /** Bearer key it requires; a wrong one gets OpenAI's 401 body, which echoes the key. */
  apiKey?: string;
  /** The answer text for a request; default: cites the first label of the user message. */
  answer?: (req: ReceivedRequest) => string;
  /** Pieces the answer is streamed in; default: 6 characters each. */
  pieceChars?: number;
}

const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The default answer: names the first context label it was given, as a model asked to cite would. */
function citeFirstLabel(req: ReceivedRequest): string {
  const user = req.body?.messages?.find((m) => m.role === 'user')?.content ?? '';
  const label = /\[\[[^\]]+\]\]/.exec(user)?.[0] ?? '';
  return `The notes say so ${label}. Ещё: готово ✓`;
}

/** The chat-completions test server. */
export class FakeChatServer {
  readonly requests: ReceivedRequest[] = [];
  fault: Fault = { type: 'none' };
  private server: Server | null = null;
  private port = 0;

  constructor(private readonly opts: FakeServerOptions = {}) {}

  /** Starts on 127.0.0.1 at a free port; returns the API root (`http://127.0.0.1:PORT/v1`). */
  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this.baseUrl;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  /** Chat requests only (not /v1/models). */
  get chatRequests(): ReceivedRequest[] {
    return this.requests.filter((r) => r.url.endsWith('/chat/completions'));
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const c of req) raw += (c as Buffer).toString('utf8');
    let body: ReceivedRequest['body'] = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      body = null;
    }
    const r: ReceivedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, raw, body };
    this.requests.push(r);

    if (this.opts.apiKey !== undefined && req.headers.authorization !== `Bearer ${this.opts.apiKey}`) {
      const given = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      return json(res, 401, {
        error: {
          message: `Incorrect API key provided: ${given}.`,
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      });
    }
    if (req.method === 'GET' && r.url === '/v1/models') {
      return json(res, 200, { object: 'list', data: (this.opts.models ?? []).map((id) => ({ id, object: 'model' })) });
    }
    if (req.method !== 'POST' || r.url !== '/v1/chat/completions')
      return json(res, 404, { error: '404 page not found' });
    if (!body || !Array.isArray(body.messages)) return json(res, 400, { error: { message: 'messages is required' } });
    if (this.opts.models && !this.opts.models.includes(body.model ?? '')) {
      return json(res, 404, {
        error: {
          message: `model "${body.model}" not found, try pulling it first`,
          type: 'api_error',
          param: null,
          code: null,
        },
      });
    }
    const f = this.fault;
    if (f.type === 'close-at-once') return void req.socket.destroy();
    if (f.type === 'status') {
      res.writeHead(f.status, { 'content-type': 'application/json' });
      return void res.end(f.body);
    }
    if (f.type === 'reject-stream-options' && body.stream_options !== undefined) {
      return json(res, 400, { error: { message: 'Unrecognized request argument supplied: stream_options' } });
    }
    if (f.type === 'slow-headers') await wait(f.ms);
    if (res.destroyed) return;

    const text = (this.opts.answer ?? citeFirstLabel)(r);
    const promptTokens = body.messages.reduce((s, m) => s + m.content.length, 0);
    const usage = {
      prompt_tokens: promptTokens,
      completion_tokens: text.length,
      total_tokens: promptTokens + text.length,
    };
    const base = { id: 'chatcmpl-test', created: 1_700_000_000, model: body.model };
    if (!body.stream) {
      return json(res, 200, {
        ...base,
        object: 'chat.completion',
        choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
        usage,
      });
    }

    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    const step = this.opts.pieceChars ?? 6;
    const pieces: string[] = [];
    for (let i = 0; i < text.length; i += step) pieces.push(text.slice(i, i + step));
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): string =>
      `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices, ...extra })}\n\n`;
    await send(res, chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]));
    for (let i = 0; i < pieces.length; i++) {
      if (f.type === 'cut-after' && i === f.pieces) return void res.socket?.destroy();
      if (f.type === 'stall-after' && i === f.pieces) return; // never writes again; the client must time out
      if (f.type === 'error-after' && i === f.pieces) {
        await send(res, `data: ${JSON.stringify({ error: { message: 'model runner crashed' } })}\n\n`);
        return void res.end();
      }
      await send(res, chunk([{ index: 0, delta: { content: pieces[i] }, finish_reason: null }]));
    }
    if (f.type === 'no-done') return void res.end();
    await send(res, chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]));
    if (body.stream_options?.include_usage) await send(res, chunk([], { usage }));
    await send(res, 'data: [DONE]\n\n');
    res.end();
  }
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

/** Writes `text` in 5-byte pieces with a pause, so events and UTF-8 characters straddle network chunks. */
async function send(res: ServerResponse, text: string): Promise<void> {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += 5) {
    if (res.destroyed) return;
    res.write(bytes.subarray(i, i + 5));
    await new Promise((r) => setImmediate(r));
  }
}

/**
 * For a test file: `start(opts)` starts a fresh server (serving model 'tiny' unless told otherwise); it is
 * stopped after each test.
 */
export function useFakeChatServer(
  afterEachHook: (fn: () => Promise<void>) => void,
): (opts?: FakeServerOptions) => Promise<FakeChatServer> {
  let server: FakeChatServer | null = null;
  afterEachHook(async () => {
    await server?.stop();
    server = null;
  });
  return async (opts = {}) => {
    server = new FakeChatServer({ models: ['tiny'], ...opts });
    await server.start();
    return server;
  };
}
