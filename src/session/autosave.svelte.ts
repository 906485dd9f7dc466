import type { LoadReport } from '../ingest/types.ts';
import { parseNotebook } from '../notebook/format.ts';
import { AutosaveWriter } from './autosave-writer.ts';

const notebookKey = 'kura.notebook.v1';
const loadsKey = 'kura.loads.v1';
const notRunYetKey = 'kura.notebook.notRunYet';
const replacedKey = 'kura.notebook.replaced.v1';

/** A notebook replaced by New or Open, kept in memory so it can be reopened. */
export interface ReplacedNotebook {
  text: string;
  title: string;
  notRunYet: boolean;
}

/** What the autosave holds of a notebook: its text, whether it never ran, and its sources' load reports by table name. */
export interface SavedNotebook {
  text: string;
  notRunYet: boolean;
  loads: Record<string, LoadReport>;
}

/**
 * Keeps the open notebook in the browser's storage: written a moment after each edit (or at once when the
 * page is hidden), by one tab only (src/session/autosave-writer.ts).
 */
export class Autosave {
  savedAt: Date | null = $state(null);
  /** Another tab autosaves this browser's notebook, so this one does not. */
  elsewhere = $state(false);
  /** Edits this tab has not written anywhere (only while another tab autosaves). */
  unsavedEdits = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  /**
   * @param current the notebook as it is now, read when it is written
   * @param failed called when the storage refused to write (e.g. it is full)
   * @param writer whether this tab is the one that autosaves
   */
  constructor(
    private readonly storage: Storage,
    private readonly current: () => SavedNotebook,
    private readonly failed: (error: unknown) => void,
    private readonly writer: Pick<AutosaveWriter, 'ready' | 'isWriter'> = new AutosaveWriter('kura.autosave.v1'),
  ) {}

  /** Waits until it is known whether this tab writes the autosave. */
  async ready(): Promise<void> {
    this.elsewhere = !(await this.writer.ready);
  }

  /** The autosaved notebook's text, or null when there is none. */
  savedText(): string | null {
    return this.storage.getItem(notebookKey);
  }

  /** Whether the autosaved notebook was opened from a file and never ran. */
  savedNotRunYet(): boolean {
    return this.storage.getItem(notRunYetKey) === 'true';
  }

  /** The autosaved sources' load reports, by table name. */
  savedLoads(): Record<string, LoadReport> {
    return JSON.parse(this.storage.getItem(loadsKey) ?? '{}') as Record<string, LoadReport>;
  }

  /** Autosaved text that no longer parses, kept aside rather than lost. */
  keepUnreadable(text: string): void {
    this.storage.setItem(`${notebookKey}.unreadable`, text);
  }

  /** An autosaved notebook about to be replaced at start, kept under its own key so it is never lost. */
  keepReplaced(text: string): ReplacedNotebook {
    if (this.writer.isWriter) this.storage.setItem(replacedKey, text);
    let title = '';
    try {
      title = parseNotebook(text).header.title;
    } catch {
      // Kept as text all the same.
    }
    return { text, title, notRunYet: this.savedNotRunYet() };
  }

  /** The notebook changed: writes it a moment from now, once edits pause. */
  schedule(): void {
    this.unsavedEdits = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.saveNow(), 400);
  }

  saveNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.writer.isWriter) return;
    try {
      const { text, notRunYet, loads } = this.current();
      this.storage.setItem(notebookKey, text);
      this.storage.setItem(notRunYetKey, String(notRunYet));
      this.storage.setItem(loadsKey, JSON.stringify(loads));
      this.savedAt = new Date();
      this.unsavedEdits = false;
    } catch (error) {
      this.failed(error);
    }
  }

  /** Writes a pending autosave at once: the page is being hidden or closed. */
  flush(): void {
    if (this.timer) this.saveNow();
  }
}
