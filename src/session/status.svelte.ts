import { KuraError, type Progress, type Sentence } from '../engine/engine.ts';
import type { MessageKey } from '../ui/i18n.svelte.ts';
import type { SaveState } from '../warehouse/warehouse.ts';

export interface Notice {
  kind: 'info' | 'error';
  /** i18n key, or null when `text` is already a sentence from the engine. */
  key: MessageKey | null;
  text?: string;
  /** The text as a sentence the UI can say in its language (engine errors with a key). */
  sentence?: Sentence;
  /** A button beside the notice (e.g. reopen the notebook just replaced). */
  action?: { key: MessageKey; values?: Record<string, string | number>; run: () => void };
}

/** What the page's notice bar and progress line show: one notice at a time and the engine's latest progress. */
export class SessionStatus {
  notice: Notice | null = $state(null);
  progress: Progress | null = $state(null);
  /** The background save of the tables (null when they are written to storage as they change, or kept in memory only). */
  tablesSave: SaveState | null = $state(null);

  /** The tables' save state changed; a failed save is said once in the notice bar. */
  tablesSaveChanged(state: SaveState): void {
    if (state.state === 'failed' && this.tablesSave?.state !== 'failed') this.sayError('error.tables-not-saved');
    this.tablesSave = state;
  }

  /** Says an error in the notice bar: the engine's sentence when it has one, else its message. */
  showError(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const sentence = error instanceof KuraError ? error.sentence : undefined;
    this.notice = { kind: 'error', key: null, text: message, ...(sentence ? { sentence } : {}) };
  }

  /** Says an error the UI has a message for. */
  sayError(key: MessageKey): void {
    this.notice = { kind: 'error', key };
  }
}
