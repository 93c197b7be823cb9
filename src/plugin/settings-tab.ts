// Settings tab: context budget and related notes, embedder, energy-estimate presets, the optional LLM
// endpoint, and the engine (which runtime runs it and why, index location and size, re-index).
import { PluginSettingTab, Setting, type App, type Plugin } from 'obsidian';
import { listHardwarePresets, listModelPresets } from '../core/cost/presets';
import type { EngineStatus } from '../engine/protocol';
import type { LauncherState } from './launcher-state';
import { formatTokens } from './format';
import { LIMITS, LOCAL_EMBEDDER, parseMinutes, type OverlaySettings } from './settings';

/** What the tab needs from the plugin. */
export interface SettingsTabDeps {
  settings: OverlaySettings;
  /** Persists data.json. */
  save(): Promise<void>;
  /** Sends engine-relevant settings to the running engine. */
  configure(): Promise<void>;
  engineState(): LauncherState;
  engineStatus(): Promise<EngineStatus | null>;
  reindex(full: boolean): Promise<void>;
  restartEngine(): Promise<void>;
  /** Called after any change was saved (open views redraw with the new settings). */
  changed(): void;
}

/** The plugin's settings tab. */
export class OverlaySettingTab extends PluginSettingTab {
  constructor(
    app: App,
    plugin: Plugin,
    private readonly deps: SettingsTabDeps,
  ) {
    super(app, plugin);
  }

  /** Applies a change and saves; `engine` also sends it to the running engine (only the embedder needs that). */
  private async change(apply: (s: OverlaySettings) => void, engine = false): Promise<void> {
    apply(this.deps.settings);
    await this.deps.save();
    this.deps.changed();
    if (engine) await this.deps.configure().catch(() => {});
  }

  override display(): void {
    const el = this.containerEl;
    el.empty();
    el.addClass('overlay-memory-settings');
    const s = this.deps.settings;

    new Setting(el).setName('Context').setHeading();
    new Setting(el)
      .setName('Token budget')
      .setDesc(`Tokens of note text sent with a question (${LIMITS.budget.min}–${formatTokens(LIMITS.budget.max)}).`)
      .addText((t) => {
        t.inputEl.type = 'number';
        t.setValue(String(s.budget)).onChange((v) => {
          const n = Number(v);
          if (!Number.isInteger(n) || n < LIMITS.budget.min || n > LIMITS.budget.max) return;
          void this.change((x) => (x.budget = n));
        });
      });
    new Setting(el)
      .setName('Related notes')
      .setDesc('How many related notes the hover popover and the sidebar show.')
      .addSlider((c) =>
        c
          .setLimits(LIMITS.relatedCount.min, LIMITS.relatedCount.max, 1)
          .setValue(s.relatedCount)
          .setDynamicTooltip()
          .onChange((v) => void this.change((x) => (x.relatedCount = v))),
      );
    new Setting(el)
      .setName('Related notes on hover')
      .setDesc(
        'Adds related notes to the page preview of a hovered link. The modifier key is set in the settings of the page preview core plugin, under "Overlay Memory".',
      )
      .addToggle((c) => c.setValue(s.hoverRelated).onChange((v) => void this.change((x) => (x.hoverRelated = v))));

    this.embedder(el, s);
    this.energy(el, s);
    this.llm(el, s);
    this.engine(el, s);
  }

  private embedder(el: HTMLElement, s: OverlaySettings): void {
    new Setting(el).setName('Embedder').setHeading();
    const chosen = s.embedder === LOCAL_EMBEDDER || s.embedder === '' ? null : s.embedder;
    new Setting(el)
      .setName('Embedding model')
      .setClass('overlay-memory-embedder')
      .setDesc(
        'The built-in embedder runs on this device, offline, and downloads nothing. transformers.js models are not ' +
          'available in this build of the plugin (the overlay command line can use them).' +
          (chosen ? ` The model chosen earlier, ${chosen}, is not used: the built-in embedder runs instead.` : ''),
      )
      .addDropdown((d) => {
        d.addOption(LOCAL_EMBEDDER, 'Built-in (no download)');
        d.setValue(LOCAL_EMBEDDER).onChange(() => void this.change((x) => (x.embedder = LOCAL_EMBEDDER), true));
      });
  }

  private energy(el: HTMLElement, s: OverlaySettings): void {
    new Setting(el).setName('Energy estimate').setHeading();
    new Setting(el)
      .setName('Model')
      .setDesc('Language model the estimate assumes (sizes from each model card).')
      .addDropdown((d) => {
        for (const m of listModelPresets()) d.addOption(m.id, m.name);
        d.setValue(s.energyModel).onChange((v) => void this.change((x) => (x.energyModel = v)));
      });
    new Setting(el)
      .setName('Hardware')
      .setDesc('Accelerator the estimate assumes (datasheet figures and measured power).')
      .addDropdown((d) => {
        for (const h of listHardwarePresets()) d.addOption(h.id, h.name);
        d.setValue(s.hardware).onChange((v) => void this.change((x) => (x.hardware = v)));
      });
    new Setting(el)
      .setName('Conversation minutes')
      .setDesc('Points of the long-conversation curve in the sidebar, comma separated.')
      .addText((t) =>
        t.setValue(s.conversationMinutes.join(', ')).onChange((v) => {
          const m = parseMinutes(v);
          if (m) void this.change((x) => (x.conversationMinutes = m));
        }),
      );
  }

  private llm(el: HTMLElement, s: OverlaySettings): void {
    new Setting(el).setName('Answers').setHeading();
    new Setting(el)
      .setName('Write answers with an LLM')
      .setDesc(
        'Off: the answer quotes sentences from your notes, nothing leaves this computer. On: the question and the ' +
          'bounded context (never the whole vault) are sent to the endpoint below.',
      )
      .addToggle((c) => c.setValue(s.llm.enabled).onChange((v) => void this.change((x) => (x.llm.enabled = v))));
    new Setting(el)
      .setName('Endpoint')
      .setDesc('Base URL of an OpenAI-compatible API, e.g. http://localhost:11434/v1 for Ollama.')
      .addText((t) => t.setValue(s.llm.baseUrl).onChange((v) => void this.change((x) => (x.llm.baseUrl = v.trim()))));
    new Setting(el).setName('Model name').addText((t) =>
      t
        .setPlaceholder('llama3.1:8b')
        .setValue(s.llm.model)
        .onChange((v) => void this.change((x) => (x.llm.model = v.trim()))),
    );
    new Setting(el)
      .setName('API key')
      .setDesc("Stored unencrypted in this plugin's data.json. Leave empty for local servers.")
      .addText((t) => {
        t.inputEl.type = 'password';
        t.setValue(s.llm.apiKey).onChange((v) => void this.change((x) => (x.llm.apiKey = v.trim())));
      });
    new Setting(el)
      .setName('Let the LLM rank the passages first')
      .setDesc(
        'Before answering, the model gets a short list of the best passages (note, heading, opening words) and ' +
          'picks those that answer; the context then follows its choice. One more short request per question, ' +
          'counted in the saving. If its reply is unusable, the usual order is kept.',
      )
      .addToggle((c) => c.setValue(s.llm.rank).onChange((v) => void this.change((x) => (x.llm.rank = v))));
  }

  private engine(el: HTMLElement, _s: OverlaySettings): void {
    new Setting(el).setName('Engine').setHeading();
    const st = this.deps.engineState();
    new Setting(el)
      .setName(`Status: ${st.status}${st.status === 'running' && st.version ? ` (engine ${st.version})` : ''}`)
      .setDesc(st.reason || '—')
      .setClass('overlay-memory-engine-state')
      .addButton((b) =>
        b.setButtonText('Restart engine').onClick(() => void this.deps.restartEngine().then(() => this.display())),
      );
    const index = new Setting(el).setName('Index').setDesc('Reading…').setClass('overlay-memory-index-info');
    index.addButton((b) =>
      b.setButtonText('Re-index vault').onClick(() => {
        b.setDisabled(true);
        void this.deps.reindex(true).finally(() => b.setDisabled(false));
      }),
    );
    void this.deps
      .engineStatus()
      .then((status) => index.setDesc(status ? describeIndex(status) : 'The engine is not running.'))
      .catch((err: unknown) => index.setDesc(err instanceof Error ? err.message : String(err)));
  }
}

/** "1,234 notes, 5,678 chunks, 12.3 MB in /path" */
export function describeIndex(st: EngineStatus): string {
  const mb = st.sizeBytes / (1024 * 1024);
  const size = mb >= 10 ? `${mb.toFixed(0)} MB` : `${mb.toFixed(1)} MB`;
  return `${formatTokens(st.notes)} notes, ${formatTokens(st.chunks)} chunks, ${size} in ${st.dataDir}${st.indexing ? ' (indexing now)' : ''}. Embedder: ${st.embedder}.`;
}
