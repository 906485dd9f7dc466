/**
 * One record's comparison keys, computed in JS from its common-model fields with the normalisers.
 * Pure: the prepare job runs it batch-wise inside the worker (or the CLI's process).
 */
import {
  addressKey,
  companyKey,
  emailParts,
  foldRomaji,
  fullName,
  isKana,
  kanaToRomaji,
  nameKeys,
  nicknameGroup,
  nicknameTokens,
  normalizePersonName,
  normalizePhone,
  normalizePostalCode,
  normalizePrefecture,
  phoneRegionFor,
  regionFromRecord,
} from '../normalize/index.ts';
import type { CountryCode } from 'libphonenumber-js/min';

/** The common-model fields the prepare step reads (as text). */
export const inputFields = [
  'source_id',
  'full_name',
  'family_name',
  'given_name',
  'name_reading',
  'family_name_reading',
  'given_name_reading',
  'birth_date',
  'email',
  'phone',
  'mobile_phone',
  'company',
  'postal_code',
  'country',
  'region',
  'city',
  'address',
  'address_2',
  'created_at',
  'updated_at',
  'last_activity_at',
] as const;
export type InputField = (typeof inputFields)[number];
export type RawRecord = Partial<Record<InputField, string | null>>;

/** Text columns of `identity_input` besides source, row, unique_id, the extras and the SQL-derived ones. */
export const keyColumns = [
  'source_id',
  // display values for the golden record and the review pane
  'name',
  'email_display',
  'phone_display',
  'mobile_display',
  'company',
  'postal_display',
  'address',
  'city',
  'region',
  'country',
  // comparison keys
  'name_key',
  'name_swapped',
  'name_romaji',
  'name_romaji_swapped',
  'name_ascii',
  'name_nickname',
  'given_nickname',
  'given_nicknames',
  'family_key',
  'given_key',
  'family_romaji',
  'given_romaji',
  'email',
  'email_local',
  'email_domain',
  'email_canonical',
  'phone',
  'mobile',
  'mobile_number',
  'company_core',
  'postal',
  'address_key',
  'address_street',
  'city_key',
  'region_key',
  'birth_date',
  'recency',
  'created',
] as const;
export type KeyColumnName = (typeof keyColumns)[number];
export type RecordKeys = Record<KeyColumnName, string | null>;

const nonEmpty = (text: string | null | undefined): string | null => {
  if (text == null) return null;
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
};

/** A Japanese mobile number (060, 070, 080, 090) as the phone keys write it: a person's own, unlike an office's or a home's. */
const JAPANESE_MOBILE = /^\+81[6789]0\d{8}$/;

/** NFKC, lower case, runs of spaces → one: the generic key for text without its own normaliser. */
export function foldText(text: string | null | undefined): string | null {
  const value = nonEmpty(text);
  if (value === null) return null;
  const folded = value.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  return folded === '' ? null : folded;
}

/** A date as `YYYY-MM-DD` from ISO, `YYYY/MM/DD`, `YYYY.MM.DD`, `YYYYMMDD` or a timestamp; null otherwise. */
export function dateKey(text: string | null | undefined): string | null {
  const parts = dateParts(text);
  if (!parts) return null;
  const [year, month, day] = parts;
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return datePartsKey(year, month, day);
}

/**
 * A date of birth as dateKey reads it, or as written when its month or day is mistyped (1853-03-87, 1746-21-16): one
 * character off the person's other records, which the comparison's "one character off" level sees. Years from 1000
 * (a register of historical figures has births in the 1500s).
 */
export function birthDateKey(text: string | null | undefined): string | null {
  const parts = dateParts(text);
  return parts ? datePartsKey(...parts) : null;
}

function dateParts(text: string | null | undefined): [number, number, number] | null {
  const value = nonEmpty(text)?.normalize('NFKC');
  if (!value) return null;
  const match = /^(\d{4})[-/.年]?\s*(\d{1,2})[-/.月]?\s*(\d{1,2})日?(?:$|[T\s])/.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  if (year < 1000 || year > 2200) return null;
  return [year, Number(match[2]), Number(match[3])];
}

const datePartsKey = (year: number, month: number, day: number) =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** A sortable timestamp text for survivorship ("most recent"), or null. */
function recencyKey(record: RawRecord): string | null {
  for (const field of ['updated_at', 'last_activity_at', 'created_at'] as const) {
    const time = timestampKey(record[field]);
    if (time !== null) return time;
  }
  return null;
}

/** `YYYY-MM-DD HH:MM:SS` from a date or a date and time (the clock time as written; a zone is not applied), or null. */
function timestampKey(text: string | null | undefined): string | null {
  const value = nonEmpty(text)?.normalize('NFKC');
  if (!value) return null;
  const date = dateKey(value);
  if (date === null) return null;
  const time = /[T\s](\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(value);
  return time ? `${date} ${time[1]!.padStart(2, '0')}:${time[2]}:${time[3] ?? '00'}` : `${date} 00:00:00`;
}

function readingOf(record: RawRecord): string | null {
  const whole = nonEmpty(record.name_reading);
  if (whole) return whole;
  const family = nonEmpty(record.family_name_reading);
  const given = nonEmpty(record.given_name_reading);
  return family && given ? `${family} ${given}` : (family ?? given);
}

function partRomaji(part: string | null, reading: string | null): string | null {
  if (reading) {
    const cleaned = normalizePersonName(reading);
    if (cleaned && isKana(cleaned)) return kanaToRomaji(cleaned);
  }
  if (!part) return null;
  return nameKeys(part).romaji;
}

/** A cache keeps at most this many values (then starts again): enough for the distinct values of 1M records. */
const cacheLimit = 1_000_000;

/**
 * Phone text made only of digits, spaces, hyphens, dots and parentheses, with at most a leading `+`: its digits
 * (and the `+`) are all libphonenumber reads from it, so `090-0768-5480`, `09007685480` and `(090) 0768 5480` share
 * one cache entry. Other text (letters, extensions, dash look-alikes, full-width digits) is its own key.
 */
const PLAIN_PHONE = /^\+?[0-9 ().-]+$/;
const PHONE_PUNCTUATION = /[ ().-]/g;

/** Memoised normalisers: customer data repeats companies, names, readings, domains and phones, and some normalisers cost ~20 µs. */
export class KeyMaker {
  private readonly companies = new Map<string, ReturnType<typeof companyKey>>();
  private readonly addresses = new Map<string, ReturnType<typeof addressKey>>();
  private readonly names = new Map<string, Map<string, ReturnType<typeof nameKeys>>>();
  private readonly parts = new Map<string, Map<string, { key: string | null; romaji: string | null }>>();
  private readonly phones = new Map<string, Map<string, string | null>>();
  private readonly nicknames = new Map<string, { group: string; tokens: string | null }>();

  private cached<T>(cache: Map<string, T>, key: string, make: () => T): T {
    let value = cache.get(key);
    if (value === undefined) {
      if (cache.size >= cacheLimit) cache.clear();
      value = make();
      cache.set(key, value);
    }
    return value;
  }

  /** `cached` by two keys (nested maps: joining the keys into one string costs more than the lookups). */
  private cached2<T>(cache: Map<string, Map<string, T>>, first: string, second: string, make: () => T): T {
    let inner = cache.get(first);
    if (inner === undefined) {
      if (cache.size >= cacheLimit) cache.clear();
      inner = new Map();
      cache.set(first, inner);
    }
    return this.cached(inner, second, make);
  }

  /** A separate family or given name field: its key and its romaji (from its reading when it has one). */
  private part(part: string | null, reading: string | null): { key: string | null; romaji: string | null } {
    if (part === null && reading === null) return { key: null, romaji: null };
    return this.cached2(this.parts, part ?? '', reading ?? '', () => ({
      key: part ? nonEmpty(nameKeys(part).normalized) : null,
      romaji: partRomaji(part, reading),
    }));
  }

  /** `defaultRegion`: the source's phone region, used when neither the record nor the number's shape names one. */
  keys(record: RawRecord, defaultRegion: string | null): RecordKeys {
    const family = nonEmpty(record.family_name);
    const given = nonEmpty(record.given_name);
    const whole = nonEmpty(record.full_name) ?? nonEmpty(fullName(given, family));
    const reading = readingOf(record);
    const name = whole === null ? null : this.cached2(this.names, whole, reading ?? '', () => nameKeys(whole, reading));
    // Separate name fields are the better split; a whole name is split on its space.
    const separate = family !== null || given !== null;
    const familyPart = separate ? this.part(family, nonEmpty(record.family_name_reading)) : null;
    const givenPart = separate ? this.part(given, nonEmpty(record.given_name_reading)) : null;
    const familyKey = familyPart ? (family ? familyPart.key : null) : (name?.family ?? null);
    const givenKey = givenPart ? (given ? givenPart.key : null) : (name?.given ?? null);
    const romajiParts = name?.romaji?.split(' ') ?? [];
    const familyRomaji = familyPart ? familyPart.romaji : romajiParts.length >= 2 ? romajiParts[0]! : null;
    const givenRomaji = givenPart ? givenPart.romaji : romajiParts.length >= 2 ? romajiParts.slice(1).join(' ') : null;
    const latin = name?.script === 'latin';
    const givenNicknames =
      latin && givenKey
        ? this.cached(this.nicknames, givenKey, () => ({ group: nicknameGroup(givenKey), tokens: nicknameTokens(givenKey) }))
        : null;
    const nickname = givenNicknames && familyKey ? `${foldRomaji(familyKey)} ${givenNicknames.group}` : null;

    const email = emailParts(record.email);
    const recordRegion = nonEmpty(record.phone) || nonEmpty(record.mobile_phone) ? regionFromRecord(record) : null;
    const sourceRegion = (defaultRegion?.toUpperCase() ?? null) as CountryCode | null;
    const phone = this.phone(record.phone, phoneRegionFor(record.phone, recordRegion, sourceRegion));
    const mobile = this.phone(record.mobile_phone, phoneRegionFor(record.mobile_phone, recordRegion, sourceRegion));
    const companyRaw = nonEmpty(record.company);
    const company = companyRaw === null ? null : this.cached(this.companies, companyRaw, () => companyKey(companyRaw));
    const postalRaw = nonEmpty(record.postal_code);
    const postal = postalRaw === null ? null : (normalizePostalCode(postalRaw) ?? foldText(postalRaw)?.replace(/[\s-]/g, '') ?? null);
    const addressRaw = [nonEmpty(record.address), nonEmpty(record.address_2)].filter(Boolean).join(' ') || null;
    const address =
      nonEmpty(record.address) === null ? null : this.cached(this.addresses, record.address!, () => addressKey(record.address));
    const regionRaw = nonEmpty(record.region);

    return {
      source_id: nonEmpty(record.source_id),
      name: whole,
      email_display: email?.email ?? nonEmpty(record.email),
      phone_display: nonEmpty(record.phone),
      mobile_display: nonEmpty(record.mobile_phone),
      company: companyRaw,
      postal_display: postalRaw,
      address: addressRaw,
      city: nonEmpty(record.city),
      region: regionRaw,
      country: nonEmpty(record.country),
      name_key: nonEmpty(name?.normalized),
      name_swapped: nonEmpty(name?.swappedKey),
      name_romaji: nonEmpty(name?.romaji),
      name_romaji_swapped: nonEmpty(name?.romajiSwappedKey),
      name_ascii: nonEmpty(name?.romaji) ?? (latin ? nonEmpty(name?.normalized) : null),
      name_nickname: nickname,
      given_nickname: givenNicknames?.group ?? null,
      given_nicknames: givenNicknames?.tokens ?? null,
      family_key: familyKey,
      given_key: givenKey,
      family_romaji: nonEmpty(familyRomaji),
      given_romaji: nonEmpty(givenRomaji),
      email: email?.email ?? null,
      email_local: email?.localWithoutTag ?? null,
      email_domain: email?.canonicalDomain ?? null,
      email_canonical: email?.canonical ?? null,
      phone,
      mobile,
      mobile_number:
        mobile !== null && JAPANESE_MOBILE.test(mobile) ? mobile : phone !== null && JAPANESE_MOBILE.test(phone) ? phone : null,
      company_core: nonEmpty(company?.core),
      postal,
      address_key: nonEmpty(address?.key)?.toLowerCase() ?? null,
      address_street: nonEmpty(address?.street)?.toLowerCase() ?? null,
      city_key: foldText(record.city),
      region_key: regionRaw === null ? null : (normalizePrefecture(regionRaw) ?? foldText(regionRaw)),
      birth_date: birthDateKey(record.birth_date),
      recency: recencyKey(record),
      created: timestampKey(record.created_at),
    };
  }

  private phone(raw: string | null | undefined, region: CountryCode): string | null {
    const value = nonEmpty(raw);
    if (value === null) return null;
    const plain = PLAIN_PHONE.test(value);
    // Plain Japanese numbers take normalizePhone's fast path (cheaper than a lookup in a cache of ~1M numbers that
    // seldom repeat); the rest (other countries: libphonenumber, ~6 µs) is memoised.
    if (plain && (region === 'JP' || value.startsWith('+81'))) return normalizePhone(value, region);
    const key = plain ? value.replace(PHONE_PUNCTUATION, '') : value;
    return this.cached2(this.phones, region, key, () => normalizePhone(value, region));
  }
}
