import { sentenceError, type KuraError } from '../engine/engine.ts';
import { specSentences, type SpecSentenceKey } from './spec-sentences.ts';

/** A cell spec's error with its sentence key, so the app can say it in the UI's language. */
export function specError(key: SpecSentenceKey, values?: Record<string, string | number>, kind = 'invalid-spec'): KuraError {
  return sentenceError(specSentences, key, values, kind);
}
