// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { App } from '../__mocks__/obsidian';
import type { App as ObsidianApp } from 'obsidian';
import { AskModal } from '../../src/plugin/ask-modal';
import { SavingsStore, emptySavings } from '../../src/plugin/savings-store';
import { defaultSettings } from '../../src/plugin/settings';
import { askResult } from './helpers/fixtures';
import { fakeClient, fixedHandle, type FakeHandler } from './helpers/fake-engine';
import { waitFor } from './helpers/wait';

function setup(handler: FakeHandler) {
  const app = new App('/vault');
  const { client, transport } = fakeClient(handler);
  const store = new SavingsStore(emptySavings(), async () => {});
  const settings = defaultSettings();
  settings.budget = 1234;
  const modal = new AskModal(app as unknown as ObsidianApp, {
    engine: fixedHandle(client),
    store,
    settings: () => settings,
  });
  modal.open();
  return { app, modal, store, transport };
}

function submit(modal: AskModal, question: string): void {
  const input = modal.contentEl.querySelector<HTMLInputElement>('.overlay-memory-ask-input')!;
  input.value = question;
  modal.contentEl.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
}

const texts = (root: HTMLElement, sel: string) => [...root.querySelectorAll(sel)].map((e) => e.textContent);

describe('AskModal', () => {
  it('asks with the configured budget and shows cited chunks, the saving line, and records the question', async () => {
    const { modal, store, transport } = setup((method, params) => askResult((params as { question: string }).question));
    submit(modal, '  Why does prefill grow quadratically?  ');
    await waitFor(() => modal.contentEl.querySelectorAll('.overlay-memory-chunk').length > 0);
    expect(transport.sent.find((m) => m.method === 'ask')?.params).toEqual({
      question: 'Why does prefill grow quadratically?',
      budget: 1234,
      energyModel: 'llama-3.1-70b',
      hardware: 'h100',
      conversation: expect.stringMatching(/^obsidian-\d+-[0-9a-z]{6}$/),
    });
    expect(texts(modal.contentEl, '.overlay-memory-chunk-label')).toEqual([
      '[[Prefill#Quadratic attention]]',
      '[[Budget]]',
    ]);
    expect(modal.contentEl.querySelector('.overlay-memory-chunk-text')!.textContent).toMatch(/^Prefill cost grows/);
    const saving = modal.contentEl.querySelector('.overlay-memory-saving')!.textContent!;
    expect(saving).toContain('240 context tokens vs 24,000 for the whole vault');
    expect(saving).toContain('whole vault · 99% saved');
    expect(saving).toContain('Energy ≈ 0.005 Wh vs 0.5 Wh');
    expect(saving).toContain('Llama-3.1-8B on NVIDIA H100 SXM 80GB');
    expect(modal.contentEl.querySelector<HTMLElement>('.overlay-memory-answer')!.style.display).toBe('none');
    await waitFor(() => store.totals.questions === 1);
    expect(store.recent[0]!.question).toBe('Why does prefill grow quadratically?');
  });

  it('streams answer text while it arrives, then shows the final answer with clickable citations', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { modal, app } = setup(async (method, params, ctx) => {
      ctx.notify('answerDelta', { requestId: ctx.id, text: 'Because every token ' });
      ctx.notify('answerDelta', { requestId: ctx.id, text: 'attends to all earlier ones' });
      await gate;
      return askResult('q', {
        answer: 'Because every token attends to all earlier ones [[Prefill#Quadratic attention]].',
      });
    });
    submit(modal, 'q');
    await waitFor(
      () =>
        modal.contentEl.querySelector('.overlay-memory-answer-text.is-streaming')?.textContent ===
        'Because every token attends to all earlier ones',
    );
    expect(modal.contentEl.querySelector('.overlay-memory-status')!.textContent).toBe('Writing the answer…');
    release();
    await waitFor(() => modal.contentEl.querySelector('.overlay-memory-citation') !== null);
    const link = modal.contentEl.querySelector<HTMLElement>('.overlay-memory-citation')!;
    expect(link.textContent).toBe('Prefill#Quadratic attention');
    expect(modal.contentEl.querySelector('.overlay-memory-answer-meta')!.textContent).toContain('LLM');
    link.click();
    expect(app.workspace.opened).toEqual([{ linktext: 'Prefill#Quadratic attention', sourcePath: '', newLeaf: false }]);
    expect(modal.containerEl.isConnected).toBe(false);
  });

  it('opens the note at the heading when a cited chunk is clicked (new tab with the modifier)', async () => {
    const { modal, app } = setup(() => askResult('q'));
    submit(modal, 'q');
    await waitFor(() => modal.contentEl.querySelectorAll('.overlay-memory-chunk').length === 2);
    modal.contentEl
      .querySelector<HTMLElement>('.overlay-memory-chunk')!
      .dispatchEvent(new MouseEvent('click', { ctrlKey: true, bubbles: true }));
    expect(app.workspace.opened[0]).toEqual({
      linktext: 'Energy/Prefill#Quadratic attention',
      sourcePath: '',
      newLeaf: true,
    });
  });

  it('shows an engine error without recording anything, and refuses an empty question', async () => {
    const { modal, store, transport } = setup(() => {
      throw { code: -32000, message: 'index is still being built' };
    });
    submit(modal, '   ');
    expect(modal.contentEl.querySelector('.overlay-memory-status')!.textContent).toBe('Type a question first.');
    expect(transport.sent).toHaveLength(0);
    submit(modal, 'anything');
    await waitFor(() => modal.contentEl.querySelector('.overlay-memory-status.mod-error') !== null);
    expect(modal.contentEl.querySelector('.overlay-memory-status')!.textContent).toBe('index is still being built');
    expect(store.totals.questions).toBe(0);
    expect(modal.contentEl.querySelector<HTMLButtonElement>('button')!.disabled).toBe(false);
  });
});
