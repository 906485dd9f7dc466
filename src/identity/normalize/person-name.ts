/** Person-name keys: Japanese family-first and Latin given-first names, readings, romaji and nicknames. */
import { foldItaiji } from './itaiji.ts';
import { foldRomaji, isKana, kanaToRomaji, toKatakana } from './kana.ts';

export interface NameKeys {
  /** NFKC, one space between parts, honorifics and noise removed, itaiji folded, kana as katakana, Latin lower-case without diacritics. */
  normalized: string;
  /** Null when the name is one run of characters (山田太郎) and the parts cannot be told apart without a dictionary. */
  family: string | null;
  given: string | null;
  /** Parts sorted, so swapped first/last fields still meet. */
  swappedKey: string;
  /** Family-first romaji (`yamada taro`) from the reading, a kana name or a Latin name; null for kanji without a reading. */
  romaji: string | null;
  /** The romaji parts sorted, for swapped fields. */
  romajiSwappedKey: string | null;
  script: 'japanese' | 'latin' | 'mixed';
}

const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}々〆ヶ]/u;
const LATIN = /\p{Script=Latin}/u;

// Whole tokens that are titles, honorifics or role noise, not name parts.
const HONORIFIC_TOKENS = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'prof',
  'sir',
  'madam',
  'jr',
  'sr',
  '様',
  'さま',
  'さん',
  '殿',
  '氏',
  '君',
  'くん',
  'ちゃん',
  '先生',
  '御中',
  '担当',
  '担当者',
]);
// Japanese honorifics written straight after the name (山田太郎様).
const ATTACHED_HONORIFIC = /(様|さま|さん|殿|先生|御中)$/u;

/**
 * Careful NFKC for names: full-width letters and half-width kana are widened/narrowed, but the wave dash and
 * other non-name marks are not turned into ASCII punctuation that then looks like part of the name.
 * Digits (NFKC turns ① into 1) never belong to a name and are dropped.
 */
export function normalizePersonName(raw: string | null | undefined): string {
  if (raw == null) return '';
  const words = raw
    .replace(/[〜～~]/g, ' ')
    .normalize('NFKC')
    .replace(/[\p{N}]/gu, ' ')
    .replace(/[()[\]{}「」『』【】"“”"]/g, ' ')
    .replace(/[・･]/g, ' ')
    .replace(/\s*,\s*/g, ', ')
    .split(/\s+/)
    .filter((t) => t !== '');
  const isHonorific = (t: string) => HONORIFIC_TOKENS.has(t.toLowerCase().replace(/[.,]$/, ''));
  // A name made only of honorific-looking tokens is kept as written.
  const tokens = words.every(isHonorific) ? words : words.filter((t) => !isHonorific(t));
  if (tokens.length > 0) {
    const last = tokens.length - 1;
    const stripped = tokens[last]!.replace(ATTACHED_HONORIFIC, '');
    if (stripped !== '' && JAPANESE.test(stripped)) tokens[last] = stripped;
  }
  return tokens.join(' ').replace(/,$/, '').trim();
}

export function latinKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z\s'-]/g, '')
    .replace(/['-]/g, '')
    .trim();
}

function japaneseKey(text: string): string {
  return toKatakana(foldItaiji(text));
}

function sortedKey(parts: string[]): string {
  return [...parts].sort().join(' ');
}

/** Splits a Latin name into family and given: `Yamada, Taro` and `YAMADA Taro` are family-first, `Taro Yamada` given-first. */
function splitLatin(name: string): { family: string; given: string } | null {
  const comma = name.indexOf(',');
  if (comma > 0) {
    const family = name.slice(0, comma).trim();
    const given = name.slice(comma + 1).trim();
    return family && given ? { family, given } : null;
  }
  const parts = name.split(' ');
  if (parts.length < 2) return null;
  const isUpper = (t: string) => t.length > 1 && t === t.toUpperCase() && t !== t.toLowerCase();
  const upper = parts.filter(isUpper);
  if (upper.length === 1 && parts.length === 2) {
    const family = upper[0]!;
    return { family, given: parts.find((p) => p !== family)! };
  }
  return { family: parts[parts.length - 1]!, given: parts.slice(0, -1).join(' ') };
}

/**
 * Comparison keys for one name, with an optional kana reading (フリガナ, family first).
 * 'Taro Yamada', 'YAMADA Taro' and '山田 太郎' with reading 'ヤマダ タロウ' all have romaji 'yamada taro'.
 */
export function nameKeys(name: string | null | undefined, reading?: string | null): NameKeys {
  const cleaned = normalizePersonName(name);
  const hasJapanese = JAPANESE.test(cleaned);
  const hasLatin = LATIN.test(cleaned);
  const script = hasJapanese && hasLatin ? 'mixed' : hasJapanese ? 'japanese' : 'latin';
  const readingClean = reading ? normalizePersonName(reading) : '';
  const readingRomaji = readingClean && isKana(readingClean) ? kanaToRomaji(readingClean) : null;

  if (script === 'latin') {
    const split = splitLatin(cleaned);
    const family = split ? latinKey(split.family) : null;
    const given = split ? latinKey(split.given) : null;
    const normalized = latinKey(cleaned.replace(',', ' ')).replace(/\s+/g, ' ');
    const romajiParts =
      family !== null && given !== null ? [foldRomaji(family), foldRomaji(given)] : normalized ? [foldRomaji(normalized)] : [];
    const romaji = readingRomaji ?? (romajiParts.length ? romajiParts.join(' ') : null);
    return {
      normalized,
      family,
      given,
      swappedKey: sortedKey(normalized.split(' ').filter(Boolean)),
      romaji,
      romajiSwappedKey: romaji === null ? null : sortedKey(romaji.split(' ')),
      script,
    };
  }

  // Japanese (or mixed): family name first, parts separated by the (ideographic) space if there is one.
  const parts = cleaned.replace(/,/g, ' ').split(/\s+/).filter(Boolean).map(japaneseKey);
  const normalized = parts.join(' ');
  const family = parts.length >= 2 ? parts[0]! : null;
  const given = parts.length >= 2 ? parts.slice(1).join(' ') : null;
  const romaji = readingRomaji ?? (isKana(normalized) ? kanaToRomaji(normalized) : null);
  return {
    normalized,
    family,
    given,
    swappedKey: sortedKey(parts),
    romaji,
    romajiSwappedKey: romaji === null ? null : sortedKey(romaji.split(' ')),
    script,
  };
}

/** First name + last name fields joined family-first for Japanese names and given-first for Latin ones. */
export function fullName(first: string | null | undefined, last: string | null | undefined): string {
  const f = (first ?? '').trim();
  const l = (last ?? '').trim();
  if (!f || !l) return f || l;
  return JAPANESE.test(f + l) ? `${l} ${f}` : `${f} ${l}`;
}
