import type { Sentence } from '../engine/engine.ts';
import { isMessageKey } from './i18n-table.ts';
import { t, tMaybe } from './i18n.svelte.ts';

/** Kinds whose sentence is the same whatever the details; shown in the UI's language. */
const fixedSentences = new Set(['network-blocked', 'out-of-memory', 'cancelled', 'engine-restarted']);

/** An error in the UI's language: a fixed sentence for its kind, else its own sentence by key, else the engine's English. */
export function errorText(error: { kind: string; message: string; sentence?: Sentence }): string {
  if (fixedSentences.has(error.kind)) return tMaybe(`error.${error.kind}`);
  return error.sentence ? sentenceText(error.sentence, error.message) : error.message;
}

/** A sentence in the UI's language when the message tables know its key, else `fallback`. */
export function sentenceText(sentence: Sentence, fallback: string): string {
  return isMessageKey(sentence.key) ? t(sentence.key, sentence.values) : fallback;
}
