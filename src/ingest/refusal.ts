import { KuraError, sentenceError } from '../engine/engine.ts';
import { refusalSentences, type RefusalKey } from './refusal-sentences.ts';

/** A file Kura will not load: one plain sentence (refusal-sentences.ts) saying what is wrong and what to do. */
export function unreadable(key: RefusalKey, values?: Record<string, string | number>, detail?: string): KuraError {
  return sentenceError(refusalSentences, key, values, 'unreadable-file', detail);
}

export function cancelled(): KuraError {
  return new KuraError('The load was cancelled.', 'cancelled');
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelled();
}
