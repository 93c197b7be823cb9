// @vitest-environment happy-dom
// The Ask modal as a conversation: follow-ups share one engine conversation id, the title shows the turn,
// the saving box shows the history recalled instead of re-sent, earlier turns in the context are not links,
// "New conversation" starts afresh, and a shared thread continues across reopenings only for a while.
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../__mocks__/obsidian';
import type { App as ObsidianApp } from 'obsidian';
import type { AskParams } from '../../src/engine/protocol';
import { conversationIdProblem } from '../../src/engine/conversation-store';
import { AskModal } from '../../src/plugin/ask-modal';
import { AskThread, CONTINUE_WITHIN_MS } from '../../src/plugin/ask-thread';
import { SavingsStore, emptySavings } from '../../src/plugin/savings-store';
import { defaultSettings } from '../../src/plugin/settings';
import { FakeConversations, RECALLED_TURN_TOKENS, RESENT_TURN_TOKENS } from './helpers/fake-conversations';
import { fakeClient, fixedHandle, type FakeHandler } from './helpers/fake-engine';
import { settle, waitFor } from './helpers/wait';

const modals: AskModal[] = [];

afterEach(() => {
  for (const m of modals.splice(0)) m.close();
});

function setup(handler?: FakeHandler, thread?: AskThread) {
  const app = new App('/vault');
  const engine = new FakeConversations();
  const { client, transport } = fakeClient(handler ?? ((method, params) => engine.ask(params as AskParams)));
  const store = new SavingsStore(emptySavings(), async () => {});
  const settings = defaultSettings();
  const handle = fixedHandle(client);
  const open = () => {
    const modal = new AskModal(app as unknown as ObsidianApp, {
      engine: handle,
      store,
      settings: () => settings,
      ...(thread ? { thread } : {}),
    });
    modal.open();
    modals.push(modal);
    return modal;
  };
  return { app, engine, store, transport, open, modal: open() };
}

function submit(modal: AskModal, question: string): void {
  modal.contentEl.querySelector<HTMLInputElement>('.overlay-memory-ask-input')!.value = question;
  modal.contentEl.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
}

/** Asks and waits until the answer of this question is drawn (the saving box shows once a result is in). */
async function ask(modal: AskModal, question: string, store: SavingsStore): Promise<void> {
  const before = store.totals.questions;
  submit(modal, question);
  await waitFor(() => store.totals.questions === before + 1);
}

const title = (m: AskModal) => m.titleEl.textContent;
const sentIds = (sent: { method: string; params: unknown }[]) =>
  sent.filter((m) => m.method === 'ask').map((m) => (m.params as AskParams).conversation);
const newButton = (m: AskModal) => m.contentEl.querySelector<HTMLButtonElement>('.overlay-memory-new-conversation')!;
const status = (m: AskModal) => m.contentEl.querySelector('.overlay-memory-status')!.textContent;

describe('AskModal conversation', () => {
  it('sends the same conversation id for a follow-up and shows turn 2 with the history recalled instead of re-sent', async () => {
    const { modal, store, transport } = setup();
    expect(title(modal)).toBe('Ask vault');
    expect(newButton(modal).disabled).toBe(true);
    await ask(modal, 'What does the KV cache store?', store);
    expect(title(modal)).toBe('Ask vault · turn 1');
    expect(modal.contentEl.querySelector('.overlay-memory-saving-history')).toBeNull();
    expect(newButton(modal).disabled).toBe(false);

    await ask(modal, 'How big is it?', store);
    const [first, second] = sentIds(transport.sent);
    expect(first).toBeDefined();
    expect(second).toBe(first);
    expect(conversationIdProblem(first!)).toBeNull();
    expect(title(modal)).toBe('Ask vault · turn 2');
    expect(modal.contentEl.querySelector('.overlay-memory-saving-history')!.textContent).toBe(
      `History: ${RECALLED_TURN_TOKENS} tokens recalled instead of ${RESENT_TURN_TOKENS} re-sent`,
    );
    expect(store.recent.map((r) => r.turn)).toEqual([1, 2]);
    expect(store.totals.historyTokensSaved).toBe(RESENT_TURN_TOKENS - RECALLED_TURN_TOKENS);
  });

  it('lists the recalled turn as "Earlier turn N", which opens nothing, and counts it apart from the notes', async () => {
    const { modal, store, app } = setup();
    await ask(modal, 'What does the KV cache store?', store);
    await ask(modal, 'How big is it?', store);
    const items = [...modal.contentEl.querySelectorAll<HTMLElement>('.overlay-memory-chunk')];
    expect(
      items.map((li) => li.querySelector('.overlay-memory-chunk-label, .overlay-memory-turn-label')!.textContent),
    ).toEqual(['Earlier turn 1', '[[Prefill#Quadratic attention]]', '[[Budget]]']);
    expect(modal.contentEl.querySelector('.overlay-memory-context .overlay-memory-section-title')!.textContent).toBe(
      'Context: 2 chunks from 2 notes and 1 earlier turn',
    );
    const turn = items[0]!;
    expect(turn.dataset.note).toBeUndefined();
    expect(turn.dataset.turn).toBe('1');
    expect(turn.querySelector('.overlay-memory-chunk-text')!.textContent).toBe(
      'Q: What does the KV cache store? A: An answer about What does the KV cache store?',
    );
    turn.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    turn.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(app.workspace.opened).toEqual([]);
    expect(modal.containerEl.isConnected).toBe(true);
  });

  it('writes [[turn N]] in an answer as plain text, while note citations stay links', async () => {
    const engine = new FakeConversations();
    const { modal, store, app } = setup((method, params) =>
      engine.ask(params as AskParams, 'As said in [[turn 1]], prefill is quadratic [[Prefill#Quadratic attention]].'),
    );
    await ask(modal, 'first', store);
    await ask(modal, 'and why?', store);
    const answer = modal.contentEl.querySelector('.overlay-memory-answer-text')!;
    expect(answer.textContent).toBe('As said in turn 1, prefill is quadratic Prefill#Quadratic attention.');
    expect([...answer.querySelectorAll('a')].map((a) => a.getAttribute('data-href'))).toEqual([
      'Prefill#Quadratic attention',
    ]);
    answer.querySelector<HTMLElement>('.overlay-memory-turn-ref')!.click();
    expect(app.workspace.opened).toEqual([]);
  });

  it('"New conversation" clears the answer and makes the next question turn 1 of a new id', async () => {
    const { modal, store, transport, engine } = setup();
    await ask(modal, 'What does the KV cache store?', store);
    await ask(modal, 'How big is it?', store);
    newButton(modal).click();
    expect(title(modal)).toBe('Ask vault');
    expect(newButton(modal).disabled).toBe(true);
    expect(modal.contentEl.querySelectorAll('.overlay-memory-chunk')).toHaveLength(0);
    expect(modal.contentEl.querySelector<HTMLElement>('.overlay-memory-saving')!.style.display).toBe('none');
    expect(modal.contentEl.querySelector<HTMLInputElement>('.overlay-memory-ask-input')!.value).toBe('');
    expect(status(modal)).toBe('New conversation: the next question starts afresh.');

    await ask(modal, 'What is reciprocal rank fusion?', store);
    const ids = sentIds(transport.sent);
    expect(ids[2]).not.toBe(ids[0]);
    expect(conversationIdProblem(ids[2]!)).toBeNull();
    expect(engine.turns.get(ids[2]!)).toEqual(['What is reciprocal rank fusion?']);
    expect(title(modal)).toBe('Ask vault · turn 1');
    expect(modal.contentEl.querySelector('.overlay-memory-turn-chunk')).toBeNull();
  });

  it('drops an answer still on its way when "New conversation" is pressed, and the new thread ignores it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const engine = new FakeConversations();
    const thread = new AskThread();
    const { modal, store } = setup(async (method, params) => {
      await gate;
      return engine.ask(params as AskParams);
    }, thread);
    submit(modal, 'slow question');
    await waitFor(() => thread.id !== null);
    expect(newButton(modal).disabled).toBe(false);
    newButton(modal).click();
    release();
    await waitFor(() => engine.turns.size === 1);
    await settle(20);
    expect(thread.last).toBeNull();
    expect(thread.id).toBeNull();
    expect(modal.contentEl.querySelectorAll('.overlay-memory-chunk')).toHaveLength(0);
    expect(store.totals.questions).toBe(0);
  });

  it('continues a shared thread when reopened within the time limit, and starts afresh after it', async () => {
    let now = 1_700_000_000_000;
    const thread = new AskThread(
      () => now,
      () => 0.5,
    );
    const { modal, store, transport, open } = setup(undefined, thread);
    await ask(modal, 'What does the KV cache store?', store);
    modal.close();

    now += 3 * 60_000;
    const again = open();
    expect(title(again)).toBe('Ask vault · turn 1');
    expect(status(again)).toBe(
      'Continuing the conversation from 3 minutes ago (last question: “What does the KV cache store?”).',
    );
    await ask(again, 'How big is it?', store);
    expect(title(again)).toBe('Ask vault · turn 2');
    again.close();

    now += CONTINUE_WITHIN_MS + 1;
    const later = open();
    expect(title(later)).toBe('Ask vault');
    expect(status(later)).toBe('');
    await ask(later, 'What is reciprocal rank fusion?', store);
    const ids = sentIds(transport.sent);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[0]);
    expect(title(later)).toBe('Ask vault · turn 1');
  });

  it('shows the warning of a conversation the engine could not read', async () => {
    const engine = new FakeConversations();
    const { modal, store } = setup((method, params) => {
      const r = engine.ask(params as AskParams);
      r.conversation!.warning = 'conversation file was unreadable; moved aside';
      return r;
    });
    await ask(modal, 'q', store);
    expect(status(modal)).toBe('conversation file was unreadable; moved aside');
    expect(modal.contentEl.querySelector('.overlay-memory-status.mod-error')).toBeNull();
  });
});
