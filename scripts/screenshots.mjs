#!/usr/bin/env node
// `npm run screenshots`: runs the real engine on a temp copy of examples/vault, records its answers (a few
// questions, related notes, the conversation curve), renders the plugin's real views with them in headless
// Chromium (styles.css plus a stand-in of Obsidian's theme variables), and writes
// docs/screenshots/{modal,hover,sidebar}-{light,dark}.png.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'docs/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const QUESTION = 'Why does the cost of attention grow with the length of the context?';
// HISTORY and then QUESTION are asked as one conversation; the modal shows QUESTION as the follow-up of the last one.
const CONVERSATION = 'screenshots';
const HISTORY = [
  'How much energy does one output token take?',
  'What is a KV cache and why does it grow?',
  'How does prefix caching change the cost of a long chat?',
  'What does reciprocal rank fusion do?',
  'How are chunks packed into the token budget?',
];
const HOVER = { linktext: 'KV cache', source: 'Energy/Prefill and decode.md' };
const ACTIVE_NOTE = 'Overlay/Token budget packing.md';

function fail(message) {
  process.stderr.write(`screenshots: ${message}\n`);
  process.exit(1);
}

/** A minimal JSON-RPC client for the engine process. */
function startEngine(vault, dataDir) {
  const child = spawn(process.execPath, [join(ROOT, 'dist/overlay.mjs'), 'serve', '--stdio', vault, '--data-dir', dataDir], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const pending = new Map();
  const waiters = new Map();
  let nextId = 1;
  createInterface({ input: child.stdout }).on('line', (line) => {
    const m = JSON.parse(line);
    if (m.id !== undefined && pending.has(m.id)) {
      const { resolve, reject } = pending.get(m.id);
      pending.delete(m.id);
      if (m.error) reject(new Error(`${m.error.message}`));
      else resolve(m.result);
    } else if (m.method && waiters.has(m.method)) {
      waiters.get(m.method)(m.params);
      waiters.delete(m.method);
    }
  });
  child.on('exit', (code) => {
    for (const { reject } of pending.values()) reject(new Error(`engine exited with code ${code}`));
  });
  return {
    request: (method, params = {}) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
      }),
    next: (method) => new Promise((resolve) => waiters.set(method, resolve)),
    child,
  };
}

/** Title and first paragraphs of a note, as plain text, for the page-preview stand-in. */
function preview(vault, path) {
  const text = readFileSync(join(vault, path), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '' && !p.startsWith('#') && !p.startsWith('```') && !p.startsWith('|') && !p.startsWith('- '))
    .map((p) => p.replace(/\[\[([^\]|]+)\|([^\]]+)\]\]/g, '$2').replace(/\[\[([^\]#]+)(#[^\]]*)?\]\]/g, '$1').replace(/[*_`]/g, '').replace(/\s+/g, ' '))
    .slice(0, 2);
  return { title: path.split('/').pop().replace(/\.md$/, ''), paragraphs };
}

async function record(vault, dataDir) {
  const engine = startEngine(vault, dataDir);
  try {
    const ready = engine.next('ready');
    const hello = await engine.request('initialize', { client: 'screenshots' });
    if (hello.name !== 'overlay-memory-engine') fail(`unexpected engine ${hello.name}`);
    await ready;
    const history = [];
    for (const q of HISTORY) history.push(await engine.request('ask', { question: q, budget: 3000, conversation: CONVERSATION }));
    const ask = await engine.request('ask', { question: QUESTION, budget: 3000, conversation: CONVERSATION });
    const hoverNote = `Energy/${HOVER.linktext}.md`;
    if (!existsSync(join(vault, hoverNote))) fail(`${hoverNote} is not in examples/vault`);
    const related = {
      [hoverNote]: await engine.request('related', { note: hoverNote, k: 5 }),
      [ACTIVE_NOTE]: await engine.request('related', { note: ACTIVE_NOTE, k: 5 }),
    };
    const savings = await engine.request('savings', { model: 'llama-3.1-70b', hardware: 'h100', minutes: [5, 55, 205, 305, 505], budget: 3000 });
    await engine.request('shutdown').catch(() => undefined);
    return { history, ask, related, savings, hoverNote };
  } catch (err) {
    engine.child.kill();
    throw err;
  }
}

async function main() {
  if (!existsSync(join(ROOT, 'dist/overlay.mjs'))) fail('dist/overlay.mjs is missing; run `npm run build` first');
  if (!existsSync(CHROMIUM)) fail(`${CHROMIUM} not found; install Chromium (apt-get install -y chromium) or set CHROMIUM_PATH`);
  const tmp = mkdtempSync(join(tmpdir(), 'overlay-screenshots-'));
  try {
    const vault = join(tmp, 'vault');
    cpSync(join(ROOT, 'examples/vault'), vault, { recursive: true, filter: (src) => !/[\\/]\.overlay([\\/]|$)/.test(src) });
    const rec = await record(vault, join(tmp, 'index'));
    const notes = [...new Set([rec.hoverNote, ACTIVE_NOTE, HOVER.source, ...Object.values(rec.related).flat().map((r) => r.note), ...rec.ask.context.chunks.filter((c) => !c.id.startsWith('turn:')).map((c) => c.note)])];
    const data = {
      question: QUESTION,
      ask: rec.ask,
      first: rec.history.at(-1),
      history: rec.history,
      related: rec.related,
      savings: rec.savings,
      hover: { ...HOVER, preview: preview(vault, rec.hoverNote) },
      activeNote: ACTIVE_NOTE,
      notes,
    };

    await build({
      entryPoints: [join(ROOT, 'scripts/screenshot-page.ts')],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'chrome120',
      outfile: join(tmp, 'page.js'),
      alias: { obsidian: join(ROOT, 'test/__mocks__/obsidian.ts') },
      logLevel: 'warning',
    });
    const css = (f) => pathToFileURL(join(ROOT, f)).href;
    writeFileSync(
      join(tmp, 'index.html'),
      `<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="${css('scripts/screenshot-theme.css')}"><link rel="stylesheet" href="${css('styles.css')}">
</head><body class="theme-light"><div class="scene" id="scene-modal"></div><div class="scene" id="scene-hover"></div>
<div class="scene" id="scene-sidebar"></div><script src="page.js"></script></body></html>`,
    );

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      mkdirSync(OUT, { recursive: true });
      const page = await browser.newPage({ viewport: { width: 900, height: 900 }, deviceScaleFactor: 2 });
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      for (const theme of ['light', 'dark']) {
        await page.goto(pathToFileURL(join(tmp, 'index.html')).href);
        await page.evaluate((t) => (document.body.className = `theme-${t}`), theme);
        await page.evaluate((d) => window.renderScenes(d), data);
        if (errors.length > 0) fail(`page errors: ${errors.join('; ')}`);
        for (const scene of ['modal', 'hover', 'sidebar']) {
          const file = join(OUT, `${scene}-${theme}.png`);
          await page.locator(`#scene-${scene}`).screenshot({ path: file });
          process.stdout.write(`wrote ${file.slice(ROOT.length + 1)}\n`);
        }
      }
    } finally {
      await browser.close();
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => fail(err instanceof Error ? err.stack ?? err.message : String(err)));
