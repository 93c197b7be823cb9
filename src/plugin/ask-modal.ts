// The "Ask vault" dialog: a question box; the answer streams in while the engine writes it; below it
// the cited chunks of the bounded context and the tokens/energy saving of this question. Questions asked
// one after another form one conversation (AskThread): the title shows the turn, "New conversation"
// starts afresh.
import { type App, Modal } from 'obsidian';
import type { AskResult } from '../engine/protocol';
import { renderAnswer, renderAnswerText, renderContext, renderSaving, type OpenLink } from './ask-render';
import { AskThread } from './ask-thread';
import type { EngineHandle } from './engine-handle';
import type { SavingsStore } from './savings-store';
import { askParams, type OverlaySettings } from './settings';

/** What the modal needs from the plugin. */
export interface AskModalDeps {
  engine: EngineHandle;
  store: SavingsStore;
  settings: () => OverlaySettings;
  /** The conversation shared by every modal the plugin opens; without it, each modal keeps its own. */
  thread?: AskThread;
}

/** Modal asking the vault one question at a time, within one conversation. */
export class AskModal extends Modal {
  private inputEl!: HTMLInputElement;
  private buttonEl!: HTMLButtonElement;
  private newButtonEl!: HTMLButtonElement;
  private turnEl!: HTMLElement;
  private statusEl!: HTMLElement;
  private answerEl!: HTMLElement;
  private contextEl!: HTMLElement;
  private savingEl!: HTMLElement;
  /** Increases with each question, so a slow answer to an earlier one is dropped. */
  private generation = 0;
  private readonly thread: AskThread;

  constructor(
    app: App,
    private readonly deps: AskModalDeps,
    private readonly initialQuestion = '',
  ) {
    super(app);
    this.thread = deps.thread ?? new AskThread();
  }

  override onOpen(): void {
    this.modalEl.addClass('overlay-memory-modal');
    this.titleEl.setText('Ask vault');
    this.turnEl = this.titleEl.createSpan({ cls: 'overlay-memory-turn overlay-memory-muted' });
    const form = this.contentEl.createEl('form', { cls: 'overlay-memory-ask-form' });
    this.inputEl = form.createEl('input', {
      cls: 'overlay-memory-ask-input',
      type: 'text',
      placeholder: 'Ask a question about your notes…',
      value: this.initialQuestion,
    });
    this.buttonEl = form.createEl('button', { cls: 'mod-cta', text: 'Ask', type: 'submit' });
    this.newButtonEl = form.createEl('button', {
      cls: 'overlay-memory-new-conversation',
      text: 'New conversation',
      type: 'button',
      attr: { title: 'Forget the earlier questions: the next one starts a new conversation' },
    });
    this.newButtonEl.addEventListener('click', () => this.newConversation());
    form.addEventListener('submit', (evt) => {
      evt.preventDefault();
      void this.ask(this.inputEl.value);
    });
    this.statusEl = this.contentEl.createDiv({ cls: 'overlay-memory-status' });
    this.answerEl = this.contentEl.createDiv({ cls: 'overlay-memory-answer' });
    this.answerEl.hide();
    this.savingEl = this.contentEl.createDiv({ cls: 'overlay-memory-saving' });
    this.savingEl.hide();
    this.contextEl = this.contentEl.createDiv({ cls: 'overlay-memory-context' });
    const resumed = this.thread.resume();
    this.showTurn();
    if (resumed) {
      this.setStatus(
        `Continuing the conversation from ${ago(resumed.elapsedMs)} (last question: “${resumed.question}”).`,
        false,
      );
    } else {
      this.setStatus('', false);
    }
    this.inputEl.focus();
  }

  /** Starts a new conversation: the shown answer goes, and the next question does not recall earlier ones. */
  newConversation(): void {
    this.generation++;
    this.thread.reset();
    this.buttonEl.disabled = false;
    this.answerEl.empty();
    this.answerEl.hide();
    this.savingEl.empty();
    this.savingEl.hide();
    this.contextEl.empty();
    this.showTurn();
    this.setStatus('New conversation: the next question starts afresh.', false);
    this.inputEl.value = '';
    this.inputEl.focus();
  }

  override onClose(): void {
    this.generation++;
    this.contentEl.empty();
  }

  /** Asks `question` and renders the outcome; resolves when it is shown (or failed). */
  async ask(question: string): Promise<void> {
    const q = question.trim();
    if (q === '') {
      this.setStatus('Type a question first.', false);
      return;
    }
    const gen = ++this.generation;
    const current = () => gen === this.generation;
    this.buttonEl.disabled = true;
    this.setStatus('Finding the context…', true);
    this.answerEl.empty();
    this.answerEl.hide();
    this.contextEl.empty();
    this.savingEl.hide();
    let streamed = '';
    let streamEl: HTMLElement | null = null;
    try {
      const client = await this.deps.engine.ready();
      if (!current()) return;
      const params = { ...askParams(q, this.deps.settings()), conversation: this.thread.idForAsk() };
      this.showTurn();
      const result = await client.ask(params, (delta) => {
        if (!current()) return;
        if (!streamEl) {
          this.answerEl.show();
          streamEl = this.answerEl.createDiv({ cls: 'overlay-memory-answer-text is-streaming' });
          this.setStatus('Writing the answer…', true);
        }
        streamed += delta;
        streamEl.setText(streamed);
      });
      // The engine recorded the turn whether or not this modal still waits for it.
      this.thread.answered(result);
      if (!current()) return;
      this.show(result);
      this.setStatus(result.conversation?.warning ?? '', false);
      if (document.activeElement === this.inputEl && this.inputEl.value.trim() === q) this.inputEl.select();
      await this.deps.store.record(result);
    } catch (err: unknown) {
      if (!current()) return;
      if (streamed !== '') {
        // Keep what arrived: a cut stream is still worth reading.
        this.answerEl.empty();
        renderAnswerText(this.answerEl.createDiv({ cls: 'overlay-memory-answer-text' }), streamed, this.opener(), true);
      }
      this.setStatus(err instanceof Error ? err.message : String(err), false, true);
    } finally {
      if (current()) this.buttonEl.disabled = false;
    }
  }

  /** Draws a finished result (also used by the screenshot page). */
  show(result: AskResult): void {
    const open = this.opener();
    renderAnswer(this.answerEl, result, open);
    renderSaving(this.savingEl, result);
    this.savingEl.show();
    renderContext(this.contextEl, result, open);
    this.showTurn(result.conversation?.turn);
  }

  /** Title suffix with the turn shown (or the thread's last one); "New conversation" only once there is one. */
  private showTurn(turn = this.thread.last?.turn): void {
    this.turnEl.setText(turn !== undefined ? ` · turn ${turn}` : '');
    this.newButtonEl.disabled = turn === undefined && this.thread.id === null;
  }

  private opener(): OpenLink {
    return (linktext, newTab) => {
      void this.app.workspace.openLinkText(linktext, '', newTab);
      this.close();
    };
  }

  private setStatus(text: string, busy: boolean, error = false): void {
    this.statusEl.setText(text);
    this.statusEl.toggleClass('is-busy', busy);
    this.statusEl.toggleClass('mod-error', error);
    this.statusEl.toggle(text !== '');
  }
}

/** "2 minutes ago", "less than a minute ago". */
function ago(ms: number): string {
  const min = Math.floor(Math.max(0, ms) / 60_000);
  if (min < 1) return 'less than a minute ago';
  return `${min} ${min === 1 ? 'minute' : 'minutes'} ago`;
}
