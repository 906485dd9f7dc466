import { KuraError, sentenceError } from '../engine/engine.ts';
import { refusalSentences, type RefusalKey } from './refusal-sentences.ts';

/** A file Kura will not load: one plain sentence (refusal-sentences.ts) saying what is wrong and what to do. */
export function unreadable(key: RefusalKey, values?: Record<string, string | number>, detail?: string): KuraError {
  return sentenceError(refusalSentences, key, values, 'unreadable-file', detail);
}

/** As many columns as an Excel sheet holds; a wider file takes DuckDB minutes to read and is no customer table. */
export const maxColumns = 16_384;

export function refuseIfTooWide(columns: number): void {
  if (columns > maxColumns) throw unreadable('refuse.tooManyColumns', { limit: maxColumns.toLocaleString('en') });
}

export function cancelled(): KuraError {
  return new KuraError('The load was cancelled.', 'cancelled');
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelled();
}
