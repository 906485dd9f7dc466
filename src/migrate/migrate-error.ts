import { sentenceError, type KuraError } from '../engine/engine.ts';
import { migrateSentences, type MigrateSentenceKey } from './migrate-sentences.ts';

/** A migration error with its sentence key, so the app can say it in the UI's language. */
export function migrateError(key: MigrateSentenceKey, values?: Record<string, string | number>): KuraError {
  return sentenceError(migrateSentences, key, values, 'invalid-spec');
}
