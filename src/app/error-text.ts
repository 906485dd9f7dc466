import { tMaybe } from './i18n.svelte.ts';

/** Kinds whose sentence is the same whatever the details; shown in the UI's language. Others keep the engine's specific sentence. */
const fixedSentences = new Set(['network-blocked', 'out-of-memory', 'cancelled', 'engine-restarted']);

export function errorText(error: { kind: string; message: string }): string {
  return fixedSentences.has(error.kind) ? tMaybe(`error.${error.kind}`) : error.message;
}
