/**
 * The region a record's phone numbers are read in, when they carry no `+` country code: what the record itself says
 * (country, postal code, state or prefecture, address), else the number's own shape (a North American number), else
 * the source's default, else Japan. Without this a US number written `202-555-0143` reads as a Japanese `+81…`.
 */
import type { CountryCode } from 'libphonenumber-js/min';
import { regionFromCountry } from './phone.ts';
import { normalizePrefecture, PREFECTURES } from './address.ts';

export interface RegionEvidence {
  country?: string | null;
  postal_code?: string | null;
  region?: string | null;
  city?: string | null;
  address?: string | null;
}

const US_STATES: Record<string, string> = {
  al: 'alabama',
  ak: 'alaska',
  az: 'arizona',
  ar: 'arkansas',
  ca: 'california',
  co: 'colorado',
  ct: 'connecticut',
  de: 'delaware',
  dc: 'district of columbia',
  fl: 'florida',
  ga: 'georgia',
  hi: 'hawaii',
  id: 'idaho',
  il: 'illinois',
  in: 'indiana',
  ia: 'iowa',
  ks: 'kansas',
  ky: 'kentucky',
  la: 'louisiana',
  me: 'maine',
  md: 'maryland',
  ma: 'massachusetts',
  mi: 'michigan',
  mn: 'minnesota',
  ms: 'mississippi',
  mo: 'missouri',
  mt: 'montana',
  ne: 'nebraska',
  nv: 'nevada',
  nh: 'new hampshire',
  nj: 'new jersey',
  nm: 'new mexico',
  ny: 'new york',
  nc: 'north carolina',
  nd: 'north dakota',
  oh: 'ohio',
  ok: 'oklahoma',
  or: 'oregon',
  pa: 'pennsylvania',
  ri: 'rhode island',
  sc: 'south carolina',
  sd: 'south dakota',
  tn: 'tennessee',
  tx: 'texas',
  ut: 'utah',
  vt: 'vermont',
  va: 'virginia',
  wa: 'washington',
  wv: 'west virginia',
  wi: 'wisconsin',
  wy: 'wyoming',
};
const US_STATE_NAMES = new Set(Object.values(US_STATES));

const fold = (text: string) => text.normalize('NFKC').trim();

/** A postal code's region when its shape names one: `100-0005`/`1000005` Japan, ZIP+4 US, UK and Canadian postcodes. A bare five-digit code (US, Germany, France…) names none. */
export function regionFromPostalCode(raw: string | null | undefined): CountryCode | null {
  if (!raw) return null;
  const text = fold(raw).replace(/^[〒〶〠]\s*/, '');
  if (/^\d{3}[-‐－]?\d{4}$/.test(text)) return 'JP';
  if (/^\d{5}-\d{4}$/.test(text)) return 'US';
  if (/^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/i.test(text)) return 'GB';
  if (/^[A-Z]\d[A-Z] ?\d[A-Z]\d$/i.test(text)) return 'CA';
  return null;
}

/** A state or prefecture column's value: a Japanese prefecture (any spelling) or a US state (code or name). */
export function regionFromState(raw: string | null | undefined): CountryCode | null {
  if (!raw) return null;
  if (normalizePrefecture(raw)) return 'JP';
  const key = fold(raw).toLowerCase().replace(/\./g, '');
  return US_STATES[key] || US_STATE_NAMES.has(key) ? 'US' : null;
}

const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const PREFECTURE_NAMES = PREFECTURES.map(([full]) => full);
/** `…, CA 94105` or `… NY 10001-1234`: a US state code before a ZIP code. */
const US_STATE_ZIP = /\b([A-Z]{2})\.?,?\s+\d{5}(?:-\d{4})?\b/g;

/** An address line's region: kana or a prefecture's name say Japan; a state code before a ZIP code says the US. */
export function regionFromAddress(raw: string | null | undefined): CountryCode | null {
  if (!raw) return null;
  const text = fold(raw);
  if (KANA.test(text) || PREFECTURE_NAMES.some((name) => text.includes(name))) return 'JP';
  for (const match of text.matchAll(US_STATE_ZIP)) if (US_STATES[match[1]!.toLowerCase()]) return 'US';
  if (/\b(?:USA|U\.S\.A\.|United States)\b/i.test(text)) return 'US';
  if (/\bJapan\b/i.test(text)) return 'JP';
  return null;
}

/** What the record itself says about its region: country first, then postal code, state or prefecture, address and city. */
export function regionFromRecord(record: RegionEvidence): CountryCode | null {
  return (
    regionFromCountry(record.country) ??
    regionFromPostalCode(record.postal_code) ??
    regionFromState(record.region) ??
    regionFromAddress(record.address) ??
    regionFromAddress(record.city)
  );
}

/** `(202) 555-0143`, `202-555-0143`, `202.555.0143`: North American grouping (Japanese numbers are never written 3-3-4 without their 0). */
const NANP_GROUPING = /^(?:\(\d{3}\)\s*|\d{3}[-. ])\d{3}[-. ]\d{4}$/;
const NANP_NUMBER = /^[2-9]\d{2}[2-9]\d{6}$/;

/**
 * The region a number's own shape names when it has no `+`: North American (`1-202-555-0143`, `(202) 555-0143`, or
 * ten digits not starting with 0). Ten digits starting `[2-9]0` are also a Japanese mobile or IP number whose leading
 * 0 a spreadsheet dropped (`9012345678`), so those count as North American only in 3-3-4 grouping. Else null.
 */
export function regionFromNumberShape(raw: string | null | undefined): CountryCode | null {
  if (!raw) return null;
  const text = fold(raw);
  if (!/^[0-9 ().-]+$/.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  if (digits.length === 11 && digits.startsWith('1') && NANP_NUMBER.test(digits.slice(1))) return 'US';
  if (digits.length !== 10 || !NANP_NUMBER.test(digits)) return null;
  if (/^[2-9]0/.test(digits) && !NANP_GROUPING.test(text)) return null;
  return 'US';
}

/** The region to read one phone number of a record in: the record's own evidence, the number's shape, the source's default, Japan. */
export function phoneRegionFor(
  raw: string | null | undefined,
  recordRegion: CountryCode | null,
  sourceDefault: CountryCode | null,
): CountryCode {
  return recordRegion ?? regionFromNumberShape(raw) ?? sourceDefault ?? 'JP';
}
