/** Phone numbers to E.164 with libphonenumber-js's small (`min`) metadata. */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';
import metadata from 'libphonenumber-js/min/metadata';

export type PhoneKind = 'mobile' | 'fixed' | 'ip' | 'tollFree' | 'unknown';

// Extensions are dropped: 内線 123, ext. 12, x12, (内)12.
const EXTENSION = /\s*\(?\s*(?:内線?|ext\.?|extension|x)\s*\)?\s*[:.]?\s*\d+\s*\)?\s*$/i;
// Dash look-alikes NFKC leaves alone (‐ − ー etc.); libphonenumber needs plain hyphens or none.
const DASHES = /[\u2010-\u2015\u2212\u30FC\uFF70\u301C\u223C]/g;

/**
 * E.164 (`+81332011234`) or null when the text is not a valid number for `defaultRegion`
 * (numbers written with `+` carry their own country). Handles full-width digits, `(03)`, `０３－…`, no hyphens.
 */
export function normalizePhone(raw: string | null | undefined, defaultRegion: CountryCode = 'JP'): string | null {
  if (raw == null) return null;
  const text = raw.normalize('NFKC').replace(DASHES, '-').replace(EXTENSION, '').trim();
  if (!/\d/.test(text)) return null;
  const japanese = plainJapanese(text, defaultRegion);
  if (japanese !== undefined) return japanese;
  const parsed = parsePhoneNumberFromString(text, defaultRegion);
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}

/**
 * Japan's numbering plan from the same metadata: the national number pattern and lengths (the `min` metadata has no
 * number types, so libphonenumber's validity is exactly "the national number matches the pattern"). Null when the
 * metadata is not laid out as expected: every number then goes through libphonenumber.
 */
const JAPAN = (() => {
  const entry = (metadata as unknown as { countries?: Record<string, unknown> }).countries?.JP;
  if (!Array.isArray(entry) || entry[0] !== '81' || entry[1] !== '010' || typeof entry[2] !== 'string' || !Array.isArray(entry[3]))
    return null;
  return { pattern: new RegExp(`^(?:${entry[2]})$`), lengths: new Set<number>(entry[3] as number[]) };
})();
const PLAIN_NUMBER = /^\+?[0-9 ().-]+$/;

/**
 * The common case without libphonenumber's machinery (~6 µs a number, most of the prepare step's phone time): a
 * valid Japanese number written with digits, spaces, hyphens, dots and parentheses only, as `0` + national number
 * (default region JP; not `00…`, whose prefixes libphonenumber treats specially, nor the international call prefix
 * `010`) or `+81` + national number (not starting with 0). Gives what libphonenumber gives for these (checked on the
 * 1.2M phone values of the generated 1M set); undefined = let libphonenumber decide.
 */
function plainJapanese(text: string, region: CountryCode): string | undefined {
  if (JAPAN === null || !PLAIN_NUMBER.test(text)) return undefined;
  const digits = text.replace(/[^0-9]/g, '');
  let national: string;
  if (text.startsWith('+')) {
    if (!digits.startsWith('81') || digits.length < 3 || digits[2] === '0') return undefined;
    national = digits.slice(2);
  } else {
    if (region !== 'JP' || digits[0] !== '0' || digits.length < 2 || digits[1] === '0' || digits.startsWith('010')) return undefined;
    national = digits.slice(1);
  }
  return JAPAN.lengths.has(national.length) && JAPAN.pattern.test(national) ? `+81${national}` : undefined;
}

/**
 * Mobile or fixed line for Japanese numbers, from the number's prefix (the `min` metadata has no type patterns).
 * Other countries give 'unknown' — in North America the two cannot be told apart from the number at all.
 */
export function phoneKind(e164: string | null | undefined): PhoneKind {
  if (!e164 || !e164.startsWith('+81')) return 'unknown';
  const national = e164.slice(3);
  if (/^[789]0/.test(national)) return 'mobile';
  if (/^50/.test(national)) return 'ip';
  if (/^(120|800)/.test(national)) return 'tollFree';
  if (/^20/.test(national)) return 'unknown'; // 020: M2M and pagers
  if (/^[1-9]/.test(national)) return 'fixed';
  return 'unknown';
}

const COUNTRY_NAMES: Record<string, CountryCode> = {
  jp: 'JP',
  jpn: 'JP',
  japan: 'JP',
  日本: 'JP',
  日本国: 'JP',
  us: 'US',
  usa: 'US',
  'united states': 'US',
  'united states of america': 'US',
  america: 'US',
  アメリカ: 'US',
  米国: 'US',
  gb: 'GB',
  uk: 'GB',
  'united kingdom': 'GB',
  'great britain': 'GB',
  england: 'GB',
  イギリス: 'GB',
  英国: 'GB',
  ca: 'CA',
  canada: 'CA',
  カナダ: 'CA',
  cn: 'CN',
  china: 'CN',
  中国: 'CN',
  kr: 'KR',
  korea: 'KR',
  'south korea': 'KR',
  韓国: 'KR',
  tw: 'TW',
  taiwan: 'TW',
  台湾: 'TW',
  de: 'DE',
  germany: 'DE',
  ドイツ: 'DE',
  fr: 'FR',
  france: 'FR',
  フランス: 'FR',
  au: 'AU',
  australia: 'AU',
  オーストラリア: 'AU',
  sg: 'SG',
  singapore: 'SG',
  シンガポール: 'SG',
};

/** A country column's value (`Japan`, `日本`, `UK`, `USA`, `JP`) as a default region for `normalizePhone`; null when unknown. */
export function regionFromCountry(country: string | null | undefined): CountryCode | null {
  if (!country) return null;
  const key = country.normalize('NFKC').trim().toLowerCase().replace(/\./g, '');
  return COUNTRY_NAMES[key] ?? null;
}
