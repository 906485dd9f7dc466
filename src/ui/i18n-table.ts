import { en, type MessageKey } from './messages/en.ts';
import { ja } from './messages/ja.ts';

export type { MessageKey };
export type Lang = 'en' | 'ja';
export type MessageParams = Record<string, string | number | bigint>;

export const languages: readonly Lang[] = ['en', 'ja'];
export const messages: Record<Lang, Record<MessageKey, string>> = { en, ja };

export function isLang(value: unknown): value is Lang {
  return value === 'en' || value === 'ja';
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/** ja* anywhere first in the user's list → ja; anything else → en. */
export function pickLanguage(preferred: readonly string[]): Lang {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'ja') return 'ja';
    if (base === 'en') return 'en';
  }
  return 'en';
}

/**
 * Replaces `{name}` with params.name, and `{name|one|other}` with `one` when params.name is 1 (also written "1"),
 * else `other` ("{rows} {rows|row|rows}"); unknown placeholders are left as written so a missing param shows.
 */
export function interpolate(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template
    .replace(/\{([\w-]+)\|([^|{}]*)\|([^|{}]*)\}/g, (whole, name: string, one: string, other: string) =>
      Object.hasOwn(params, name) ? (String(params[name]).trim() === '1' ? one : other) : whole,
    )
    .replace(/\{([\w-]+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

export function translate(lang: Lang, key: MessageKey, params?: MessageParams): string {
  return interpolate(messages[lang][key] ?? messages.en[key] ?? key, params);
}
