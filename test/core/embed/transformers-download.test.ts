// The download path, against a hub stand-in served on 127.0.0.1 (never the real hub): files are fetched once
// with byte progress, written to the cache dir, and read from there afterwards with downloads off.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Progress } from '../../../src/core/types';
import { writeTinyModel } from './fixtures/tiny-model';
import { TransformersEmbedder, TransformersEmbedderError } from '../../../src/core/embed/transformers-embedder';

const MODEL = 'Hub/tiny-remote';
const FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx'];
let root = '';
let hubDir = '';
let server: Server;
let host = '';
const requests: string[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'overlay-hub-'));
  hubDir = join(root, 'hub');
  await writeTinyModel(hubDir, { dims: 16, modelId: MODEL });
  // Hub repos of Xenova models carry both weights; the default download is the quantized one.
  const onnx = join(hubDir, 'Hub', 'tiny-remote', 'onnx');
  await copyFile(join(onnx, 'model.onnx'), join(onnx, 'model_quantized.onnx'));
  server = createServer((req, res) => {
    const url = req.url ?? '';
    requests.push(url);
    // The library asks for <host>/<model>/resolve/<revision>/<file>.
    const prefix = `/${MODEL}/resolve/main/`;
    if (!url.startsWith(prefix) || url.includes('..')) {
      res.writeHead(404).end();
      return;
    }
    readFile(join(hubDir, ...MODEL.split('/'), ...url.slice(prefix.length).split('/'))).then(
      (body) =>
        res.writeHead(200, { 'content-length': body.length, 'content-type': 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(root, { recursive: true, force: true });
});

describe('TransformersEmbedder download and cache', () => {
  it('downloads once with byte progress into <cacheDir>/<model>/, then works offline from the cache', async () => {
    const cacheDir = join(root, 'cache');
    const progress: Progress[] = [];
    const online = new TransformersEmbedder({ model: MODEL, cacheDir, allowRemote: true, remoteHost: host });
    await online.init((p) => progress.push(p));
    const [first] = await online.embed(['cat in the garden'], 'passage');
    await online.dispose();

    expect(requests.filter((r) => r.startsWith(`/${MODEL}/`)).sort()).toEqual(
      FILES.map((f) => `/${MODEL}/resolve/main/${f}`).sort(),
    );
    let totalBytes = 0;
    for (const f of FILES) {
      const cached = join(cacheDir, ...MODEL.split('/'), ...f.split('/'));
      expect(existsSync(cached), f).toBe(true);
      totalBytes += (await stat(cached)).size;
    }
    expect(existsSync(join(cacheDir, 'Hub', 'tiny-remote', 'onnx', 'model.onnx'))).toBe(false);

    const downloads = progress.filter((p) => p.phase === 'download');
    expect(downloads.length).toBeGreaterThanOrEqual(FILES.length);
    expect(downloads.at(-1)).toMatchObject({ done: totalBytes, total: totalBytes });
    expect(downloads.every((p) => p.done <= p.total)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ phase: 'load', done: 4, total: 4 });

    const before = requests.length;
    const offline = new TransformersEmbedder({ model: MODEL, cacheDir, allowRemote: false, remoteHost: host });
    const offlineProgress: Progress[] = [];
    await offline.init((p) => offlineProgress.push(p));
    const [again] = await offline.embed(['cat in the garden'], 'passage');
    await offline.dispose();
    expect(requests.length).toBe(before);
    expect(offlineProgress.some((p) => p.phase === 'download')).toBe(false);
    expect(Array.from(again!)).toEqual(Array.from(first!));
  });

  it('turns a model the hub does not have into a typed load error', async () => {
    const e = new TransformersEmbedder({
      model: 'Hub/absent',
      cacheDir: join(root, 'cache2'),
      allowRemote: true,
      remoteHost: host,
    });
    const err = await e.init().then(
      () => null,
      (x: unknown) => x,
    );
    expect(err).toBeInstanceOf(TransformersEmbedderError);
    expect((err as TransformersEmbedderError).code).toBe('load-failed');
    expect((err as Error).message).toMatch(/^transformers-embedder: could not load model "Hub\/absent"/);
    expect((err as Error).message).toContain('Could not locate file');
  });
});
