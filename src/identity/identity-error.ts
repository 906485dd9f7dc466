import { sentenceError, type KuraError } from '../engine/engine.ts';
import { identitySentences, type IdentitySentenceKey } from './identity-sentences.ts';

/** A matching or search error with its sentence key, so the app can say it in the UI's language. */
export function identityError(key: IdentitySentenceKey, values?: Record<string, string | number>, kind = 'identity'): KuraError {
  return sentenceError(identitySentences, key, values, kind);
}
