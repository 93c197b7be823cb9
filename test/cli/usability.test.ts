// What a new user meets at the command line: mistyped options, missing arguments, a budget too small, an LLM
// answer printed once and after its context, help texts that match what the commands take.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, runOverlay, runOverlayAsync, useIndexedVault } from './index-helpers';
import { FakeChatServer } from '../engine/llm/fake-chat-server';
import { COMMANDS } from '../../src/cli/commands';
import { savingLine } from '../../src/cli/ask-command';
import { createAnswerStatus } from '../../src/cli/answer-status';
import type { AskOutcome } from '../../src/engine/ask';

const fixture = useIndexedVault({ beforeAll, afterAll });
let vault = '';
let dataDir = '';
beforeAll(() => ({ vault, dataDir } = fixture));

describe('options', () => {
  it('refuses a mistyped option instead of silently ignoring it', () => {
    const r = runOverlay(['ask', vault, 'what is BM25?', '--data-dir', dataDir, '--bugdet', '500']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('overlay: unknown option --bugdet for "overlay ask" (see "overlay ask --help")\n');
  });

  it('refuses options a command does not take, e.g. --json for the demo or --k for index', () => {
    for (const [args, msg] of [
      [['demo', vault, '--data-dir', dataDir, '--json'], /unknown option --json for "overlay demo"/],
      [['index', vault, '--data-dir', dataDir, '--k', '3'], /unknown option --k for "overlay index"/],
      [
        ['related', vault, 'BM25', '--data-dir', dataDir, '--budget', '9', '--full'],
        /unknown options --budget, --full for "overlay related"/,
      ],
    ] as const) {
      const r = runOverlay([...args]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(msg);
    }
  });

  it('takes -h like --help', () => {
    const r = runOverlay(['index', '-h']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: overlay index <vault>/);
  });

  it('lists in every --help exactly the options the command accepts', () => {
    for (const [name, cmd] of Object.entries(COMMANDS)) {
      const listed = [...cmd.help.matchAll(/^ {2}--([a-z-]+)/gm)].map((m) => m[1]!).sort();
      if (cmd.checksOwnFlags) {
        // savings lists its options in the usage line and checks them itself (its tests cover them)
        for (const f of Object.keys(cmd.flags)) expect(cmd.help, `${name} --${f}`).toMatch(new RegExp(`--${f}\\b`));
        continue;
      }
      expect(listed, name).toEqual(Object.keys(cmd.flags).sort());
    }
  });
});

describe('usage mistakes', () => {
  it('name the problem with the usage line, not the whole help', () => {
    const r = runOverlay(['ask', vault]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'overlay: missing "<question>"\nUsage: overlay ask <vault> "<question>" [options]\nRun "overlay ask --help" for every option.\n',
    );
    const extra = runOverlay(['related', vault, 'BM25', 'extra']);
    expect(extra.code).toBe(2);
    expect(extra.stderr.split('\n').filter(Boolean)).toHaveLength(3);
    expect(hasStackTrace(extra.stderr)).toBe(false);
  });

  it('serve refuses a second vault argument', () => {
    const r = runOverlay(['serve', '--stdio', vault, 'other']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^overlay: unexpected argument "other"/);
  });

  it('serve --help lists the ask and savings methods and the answerDelta notification', () => {
    const help = runOverlay(['serve', '--help']).stdout;
    expect(help).toMatch(/Methods: initialize, index, ask, related, savings, status, fileEvent, configure, shutdown/);
    expect(help).toMatch(/answerDelta/);
  });
});

describe('overlay ask in text mode', () => {
  it('says when no passage fits the budget instead of pretending nothing matched', () => {
    const r = runOverlay(['ask', vault, 'What is BM25?', '--data-dir', dataDir, '--budget', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Bounded context: 0 of 1 tokens, 0 chunks from 0 notes\.$/m);
    expect(r.stderr).toMatch(/warning: no passage fits in a budget of 1 token; raise --budget/);
  });

  it('counts in the singular when there is one chunk', () => {
    const r = runOverlay(['ask', vault, 'What is BM25?', '--data-dir', dataDir, '--k', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^Bounded context: [\d,]+ of 3,000 tokens, 1 chunk from 1 note \(--show-context prints it\)\.$/m,
    );
  });

  describe('with an LLM', () => {
    const server = new FakeChatServer({
      models: ['tiny'],
      answer: () => 'BM25 ranks by term frequency and rarity, the distinctive answer.',
    });
    beforeAll(async () => {
      await server.start();
    });
    afterAll(async () => {
      await server.stop();
    });

    it('prints the answer once, first, and nothing of it on stderr', async () => {
      const r = await runOverlayAsync([
        'ask',
        vault,
        'What is BM25?',
        '--data-dir',
        dataDir,
        '--llm',
        server.baseUrl,
        '--model',
        'tiny',
        '--budget',
        '400',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const marker = 'the distinctive answer';
      expect(r.stdout.split(marker)).toHaveLength(2);
      expect(r.stderr).not.toContain(marker);
      expect(r.stdout.indexOf('Answer (llm):')).toBe(0);
      expect(r.stdout.indexOf(marker)).toBeLessThan(r.stdout.indexOf('Bounded context:'));
    });

    it('--show-prompt prints the prompt after the answer and the saving', async () => {
      const r = await runOverlayAsync([
        'ask',
        vault,
        'What is BM25?',
        '--data-dir',
        dataDir,
        '--llm',
        server.baseUrl,
        '--model',
        'tiny',
        '--budget',
        '300',
        '--show-prompt',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const question = r.stdout.lastIndexOf('What is BM25?');
      expect(question).toBeGreaterThan(r.stdout.indexOf('Saving:'));
      expect(r.stdout).toMatch(/──── user ────/);
    });
  });
});

describe('overlay demo', () => {
  it('stays short: the citations, two passages and how to read the rest', () => {
    const r = runOverlay(['demo', vault, '--data-dir', dataDir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/The first 2 passages as the model reads them:/);
    // The command to paste is the one that ran the demo (here: node bin/overlay.mjs from the repository).
    expect(r.stdout).toMatch(/… and \d+ more passages; to read them all:\n {3}node bin\/overlay\.mjs ask /);
    expect(r.stdout.split('\n').length).toBeLessThan(130);
  });
});

describe('the saving line', () => {
  const outcome = (window: { contextWindow: number; exceeds: boolean; windows: number }): AskOutcome => ({
    question: 'q',
    budget: 3000,
    context: { tokens: 2900, chunks: [], text: '' },
    full: { tokens: 298_077 },
    saving: {
      tokens: 297_700,
      ratio: 790.7,
      energyWh: { full: 51.35, bounded: 0.084 },
      model: 'llama-3.1-70b',
      hardware: 'h100',
      window,
    } as never,
    notes: [],
    prompt: { messages: [], tokens: 377 },
  });

  it('says when the whole vault would not fit the model window (its energy is then several calls)', () => {
    const line = savingLine(outcome({ contextWindow: 131_072, exceeds: true, windows: 3 }));
    expect(line).toMatch(/^Saving: 377 prompt tokens instead of 298,077 with the whole vault/);
    expect(line).toMatch(
      /The whole vault does not fit llama-3\.1-70b's 131,072-token window: it is priced as 3 calls of at most one window\.$/m,
    );
    expect(line).toMatch(/^Energy estimate: Llama-3\.1-70B on NVIDIA H100 SXM 80GB/m);
  });

  it('says nothing about the window when the vault fits', () => {
    expect(savingLine(outcome({ contextWindow: 131_072, exceeds: false, windows: 1 }))).not.toMatch(/window/);
  });
});

describe('the answer status line', () => {
  it('counts the streamed words on a terminal and clears its line when done', () => {
    let err = '';
    let t = 0;
    const status = createAnswerStatus(
      { isTTY: true, stdout: () => undefined, stderr: (x) => void (err += x) },
      'tiny',
      () => t,
    );
    expect(err).toBe('\r\x1b[2Ktiny is answering… 0 words');
    t = 1000;
    status.onDelta('Prefix cach');
    status.onDelta('ing keeps ');
    t = 2000;
    status.onDelta('the KV cache.');
    expect(err.endsWith('tiny is answering… 6 words')).toBe(true);
    status.done();
    expect(err.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('writes nothing when stderr is not a terminal', () => {
    let err = '';
    const status = createAnswerStatus(
      { isTTY: false, stdout: () => undefined, stderr: (x) => void (err += x) },
      'tiny',
    );
    status.onDelta('some words');
    status.done();
    expect(err).toBe('');
  });
});
