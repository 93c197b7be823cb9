// The single owner of the plugin's data.json (Plugin.loadData/saveData): settings and savings history
// live in one file, so two writers could overwrite each other's part. Every save goes through here and
// saves are serialised: a save requested while one is running is coalesced into one more write.
import { migrateSavings, type SavingsData } from './savings-store';
import { migrateSettings, type OverlaySettings } from './settings';

/** Layout of data.json. */
export interface PluginData {
  settings: OverlaySettings;
  savings: SavingsData;
}

/** The two Plugin methods that read and write data.json. */
export interface DataStorage {
  loadData(): Promise<unknown>;
  saveData(data: unknown): Promise<void>;
}

/**
 * Reads data.json of any version. Data without a `settings` object is the flat layout from before
 * the savings history existed: the whole object is the settings.
 */
export function migratePluginData(raw: unknown): PluginData {
  const r = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const nested = typeof r.settings === 'object' && r.settings !== null;
  return {
    settings: migrateSettings(nested ? r.settings : r),
    savings: migrateSavings(nested ? r.savings : undefined),
  };
}

/** Loaded data.json plus a serialised save. */
export class DataFile {
  private writing: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  private constructor(
    readonly data: PluginData,
    private readonly storage: DataStorage,
  ) {}

  /** Loads and migrates data.json (a missing or unreadable file gives the defaults). */
  static async load(storage: DataStorage): Promise<DataFile> {
    let raw: unknown = null;
    try {
      raw = await storage.loadData();
    } catch (err: unknown) {
      // A corrupt data.json must not stop the plugin; the defaults are used and written on the next save.
      console.error('data-file: could not read data.json, using defaults', err);
    }
    return new DataFile(migratePluginData(raw), storage);
  }

  /** Writes the current data; resolves once a write that includes every change made so far is done. */
  save(): Promise<void> {
    if (this.queued) return this.queued;
    if (this.writing) {
      const after = this.writing;
      this.queued = after
        .catch(() => undefined)
        .then(() => {
          this.queued = null;
          return this.save();
        });
      return this.queued;
    }
    this.writing = this.storage.saveData(structuredClone(this.data)).finally(() => (this.writing = null));
    return this.writing;
  }
}
