/**
 * The UI language and `t()`. Components call `t('toolbar.run')` in their markup; because `t`
 * reads `i18n.lang` (a rune), switching the language re-renders every text that uses it.
 */
import {
  interpolate,
  isLang,
  isMessageKey,
  pickLanguage,
  translate,
  type Lang,
  type MessageKey,
  type MessageParams,
} from './i18n-table.ts';

import { rfmSegmentLabel } from '../cells/rfm/rfm.ts';
import { matchComparisonLabel, matchLevelLabel } from '../cells/match/level-labels.ts';

export { isMessageKey, interpolate, type Lang, type MessageKey, type MessageParams };

const storageKey = 'kura.lang';

function initialLanguage(): Lang {
  try {
    const saved = globalThis.localStorage?.getItem(storageKey);
    if (isLang(saved)) return saved;
  } catch {
    // Storage can be unavailable (privacy modes); fall back to the browser's languages.
  }
  const nav = globalThis.navigator;
  return pickLanguage(nav?.languages?.length ? nav.languages : nav?.language ? [nav.language] : []);
}

const state = $state({ lang: initialLanguage() });
applyDocumentLanguage(state.lang);

function applyDocumentLanguage(lang: Lang): void {
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

export const i18n = {
  get lang(): Lang {
    return state.lang;
  },
  /** BCP 47 locale for Intl formatting. */
  get locale(): string {
    return state.lang === 'ja' ? 'ja-JP' : 'en-US';
  },
};

export function setLanguage(lang: Lang): void {
  state.lang = lang;
  applyDocumentLanguage(lang);
  try {
    globalThis.localStorage?.setItem(storageKey, lang);
  } catch {
    // Not persisted; the choice still holds for this page.
  }
}

/** The message for `key` in the current language, with `{name}` placeholders filled from params. */
export function t(key: MessageKey, params?: MessageParams): string {
  return translate(state.lang, key, params);
}

/** For keys that arrive as data (e.g. Progress.phase from the engine): translated when known, else shown as is. */
export function tMaybe(key: string, params?: MessageParams): string {
  return isMessageKey(key) ? t(key, params) : interpolate(key, params);
}

/** An RFM segment's name (data, in English: SQL reads it) in the UI's language. */
export function rfmSegmentName(name: string): string {
  return rfmSegmentLabel(name, state.lang);
}

/** A match comparison's name (`email`, `birth_date`) in the UI's language. */
export function matchComparisonName(name: string): string {
  return matchComparisonLabel(name, state.lang);
}

/** A match comparison level's label (data, in English: the model and its explanations keep it) in the UI's language. */
export function matchLevelName(label: string): string {
  return matchLevelLabel(label, state.lang);
}

/** A number with the current language's grouping, e.g. 1,000,000. */
export function formatCount(n: number | bigint): string {
  return countFormat(i18n.locale).format(n);
}

const countFormats = new Map<string, Intl.NumberFormat>();
function countFormat(locale: string): Intl.NumberFormat {
  let format = countFormats.get(locale);
  if (!format) countFormats.set(locale, (format = new Intl.NumberFormat(locale)));
  return format;
}
