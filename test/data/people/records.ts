/** One person's records in the three exports (SPEC.md, Records and sources), rendered from their state on the record's day. */
import { halfWidthKatakana, katakana, fullWidth, romaji } from './kana.ts';
import type { JapaneseGivenName, LatinGiven } from './names.ts';
import { itaiji } from './names.ts';
import { phoneForm, postalForm, regionForm, streetForm, typo } from './noise.ts';
import { at, spanDays, type Company, type Person } from './population.ts';
import { choose, chooseIndex, type Random } from './random.ts';

export type SourceKey = 'salesforce' | 'hubspot' | 'support';

/** File base names: `kura match` names sources after them, and truth.csv uses them. */
export const sourceFiles: Record<SourceKey, string> = {
  salesforce: 'salesforce_contacts',
  hubspot: 'hubspot_signups',
  support: 'support_cp932',
};

export const headers: Record<SourceKey, string[]> = {
  salesforce: [
    'Id',
    'FirstName',
    'LastName',
    'Email',
    'Phone',
    'MobilePhone',
    'MailingPostalCode',
    'MailingState',
    'MailingCity',
    'MailingStreet',
    'Account.Name',
    'Birthdate',
    'CreatedDate',
  ],
  hubspot: [
    'Record ID',
    'First Name',
    'Last Name',
    'Email',
    'Phone Number',
    'Mobile Phone Number',
    'Company Name',
    'Street Address',
    'City',
    'State/Region',
    'Postal Code',
    'Create Date',
  ],
  support: ['顧客ID', '氏名', 'フリガナ', 'メールアドレス', '電話番号', '携帯電話', '郵便番号', '住所', '会社名', '生年月日', '登録日'],
};

export interface RenderedRecord {
  source: SourceKey;
  /** Creation time in seconds since 2015-01-01, for the export's order and its date column. */
  created: number;
  person: Person;
  /** The row without its id (first column) and creation date (last), which the writer adds in export order. */
  cells: string[];
}

type NameForm = 'kanji' | 'romaji' | 'kana';

const recordsPerPerson: [number, number][] = [
  [1, 45],
  [2, 27],
  [3, 14],
  [4, 8],
  [5, 4],
  [6, 2],
];
const sourceShares: [SourceKey, number][] = [
  ['salesforce', 40],
  ['hubspot', 35],
  ['support', 25],
];

export class RecordRenderer {
  private readonly homophones = new Map<string, string[]>();

  constructor(
    private readonly random: Random,
    givenNames: readonly JapaneseGivenName[],
  ) {
    for (const name of givenNames) this.homophones.set(name.reading, [...(this.homophones.get(name.reading) ?? []), name.kanji]);
  }

  recordsOf(person: Person): RenderedRecord[] {
    const random = this.random;
    const count = choose(random, recordsPerPerson);
    const records: RenderedRecord[] = [];
    for (let i = 0; i < count; i++) {
      const source = choose(random, sourceShares);
      const created = random.int(0, spanDays - 1) * 86400 + random.int(8 * 3600, 20 * 3600);
      const day = Math.floor(created / 86400);
      const cells =
        source === 'salesforce'
          ? this.salesforce(person, day)
          : source === 'hubspot'
            ? this.hubspot(person, day)
            : this.support(person, day);
      records.push({ source, created, person, cells });
    }
    return records;
  }

  // ---- the three exports ------------------------------------------------------------------------------------

  private salesforce(person: Person, day: number): string[] {
    const random = this.random;
    const job = at(person.job, day);
    const home = at(person.home, day);
    const wide = random.chance(0.05);
    const [given, family] = this.nameParts(
      person,
      day,
      choose(random, [
        ['kanji', 85],
        ['romaji', 15],
      ] as const),
    );
    const email = job && random.chance(0.7) ? job.workEmail : at(person.personalEmail, day);
    const phone = job
      ? choose(random, [
          [job.company.mainLine, 45],
          [job.directLine ?? job.company.mainLine, 35],
          ['', 20],
        ] as const)
      : home.landline && random.chance(0.6)
        ? home.landline
        : '';
    const mobilePhone = at(person.mobile, day);
    const address = job && random.chance(0.75) ? job.company.address : home.address;
    const withAddress = random.chance(0.85);
    return [
      given,
      family,
      this.emailForm(email, random.chance(0.1), false),
      phone ? phoneForm(random, phone, job ? job.company.address.country : person.country, wide) : '',
      mobilePhone && random.chance(0.4) ? phoneForm(random, mobilePhone, person.country, wide) : '',
      withAddress ? postalForm(random, address, wide, 0.02) : '',
      withAddress ? regionForm(random, address) : '',
      withAddress ? address.city : '',
      withAddress ? streetForm(random, address, wide, false) : '',
      job ? this.companyForm(job.company) : '',
      random.chance(0.1) ? person.birthDate : '',
    ];
  }

  private hubspot(person: Person, day: number): string[] {
    const random = this.random;
    const job = at(person.job, day);
    const home = at(person.home, day);
    const wide = random.chance(0.05);
    const form = choose(random, [
      ['kanji', 55],
      ['romaji', 30],
      ['kana', 15],
    ] as const);
    const [given, family] = this.nameParts(person, day, form);
    const email = job && random.chance(0.2) ? job.workEmail : at(person.personalEmail, day);
    const mobilePhone = at(person.mobile, day);
    const phone = choose(random, [
      [mobilePhone ?? '', 60],
      [home.landline ?? '', 20],
      ['', 20],
    ] as const);
    const withAddress = random.chance(0.6);
    const romanised = person.country === 'JP' && form === 'romaji' && random.chance(0.7);
    const address = home.address;
    return [
      given,
      family,
      this.emailForm(email, random.chance(0.03), false),
      phone ? phoneForm(random, phone, person.country, wide) : '',
      mobilePhone && random.chance(0.1) ? phoneForm(random, mobilePhone, person.country, wide) : '',
      job && random.chance(0.3) ? this.companyForm(job.company) : '',
      withAddress ? streetForm(random, address, wide, romanised) : '',
      withAddress ? (romanised ? address.cityRomaji : address.city) : '',
      withAddress ? (romanised ? address.regionRomaji : regionForm(random, address)) : '',
      withAddress ? postalForm(random, address, wide, 0) : '',
    ];
  }

  private support(person: Person, day: number): string[] {
    const random = this.random;
    const job = at(person.job, day);
    const home = at(person.home, day);
    const wide = random.chance(0.35);
    const family = at(person.family, day);
    let fullName: string;
    let reading = '';
    if (person.latin) {
      const [given, last] = this.nameParts(person, day, 'romaji');
      fullName = random.chance(0.2) ? `${last} ${given}` : `${given} ${last}`;
    } else {
      const separator = choose(random, [
        ['\u3000', 50],
        [' ', 30],
        ['', 20],
      ] as const);
      const katakanaOnly = random.chance(0.05);
      const [given, last] = this.nameParts(person, day, katakanaOnly ? 'kana' : 'kanji');
      fullName = katakanaOnly ? katakana(`${last}${separator}${given}`) : `${last}${separator}${given}`;
      if (!('latin' in family) && random.chance(0.9)) {
        const kana = `${family.reading}${separator}${(person.given as JapaneseGivenName).reading}`;
        const form = chooseIndex(random, [70, 20, 10]);
        reading = form === 0 ? katakana(kana) : form === 1 ? halfWidthKatakana(kana.replace('\u3000', ' ')) : kana;
      }
    }
    const email = job && random.chance(0.35) ? job.workEmail : at(person.personalEmail, day);
    const mobilePhone = at(person.mobile, day);
    const phone = choose(random, [
      [home.landline ?? '', 40],
      [job ? (job.directLine ?? job.company.mainLine) : '', 20],
      [mobilePhone ?? '', 20],
      ['', 20],
    ] as const);
    const address = home.address;
    const withAddress = random.chance(0.8);
    const wholeAddress =
      address.country === 'JP'
        ? `${random.chance(0.7) ? regionForm(random, address) : ''}${address.city}${streetForm(random, address, wide, false)}`
        : `${streetForm(random, address, false, false)}, ${address.city}${address.region ? `, ${address.region}` : ''}`;
    const [year, month, date] = person.birthDate.split('-').map(Number) as [number, number, number];
    return [
      fullName,
      reading,
      this.emailForm(email, random.chance(0.15), wide && random.chance(0.1)),
      phone
        ? phoneForm(
            random,
            phone,
            phone === job?.directLine || phone === job?.company.mainLine ? job.company.address.country : person.country,
            wide,
          )
        : '',
      mobilePhone && phone !== mobilePhone && random.chance(0.3) ? phoneForm(random, mobilePhone, person.country, wide) : '',
      withAddress ? postalForm(random, address, wide, 0.2) : '',
      withAddress ? wholeAddress : '',
      job && random.chance(0.5) ? this.companyForm(job.company) : '',
      random.chance(0.3) ? `${year}/${month}/${date}` : '',
    ];
  }

  // ---- fields ---------------------------------------------------------------------------------------------------

  /** [given, family] in one form, with this record's slips: old kanji forms, conversion errors, typos, swaps. */
  private nameParts(person: Person, day: number, form: NameForm): [string, string] {
    const random = this.random;
    const family = at(person.family, day);
    let given: string;
    let last: string;
    if ('latin' in family) {
      const latinGiven = person.given as LatinGiven;
      given = latinGiven.nicknames.length > 0 && random.chance(0.1) ? random.pick(latinGiven.nicknames) : latinGiven.name;
      last = family.latin;
    } else {
      const japaneseGiven = person.given as JapaneseGivenName;
      if (form === 'kanji') {
        const registered = at(person.registeredFamily, day);
        last = registered && random.chance(0.6) ? registered : random.chance(0.05) ? this.oldForm(family.kanji) : family.kanji;
        const homophones = this.homophones.get(japaneseGiven.reading) ?? [];
        given =
          homophones.length > 1 && random.chance(0.02)
            ? random.pick(homophones.filter((kanji) => kanji !== japaneseGiven.kanji))
            : japaneseGiven.kanji;
      } else if (form === 'kana') {
        const hiragana = random.chance(0.3);
        given = hiragana ? japaneseGiven.reading : katakana(japaneseGiven.reading);
        last = hiragana ? family.reading : katakana(family.reading);
      } else {
        const style = random.chance(0.8) ? person.romajiStyle : random.pick(['plain', 'typed', 'passport'] as const);
        given = romaji(japaneseGiven.reading, style);
        last = romaji(family.reading, style);
        if (random.chance(0.05)) last = last.toUpperCase();
      }
    }
    if (form !== 'kanji' && form !== 'kana' && random.chance(0.03)) {
      if (random.chance(0.5)) given = typo(random, given);
      else last = typo(random, last);
    }
    if (form !== 'kanji' && random.chance(0.04)) return [last, given];
    return [given, last];
  }

  private oldForm(kanji: string): string {
    return [...kanji].map((char) => (itaiji[char] ? this.random.pick(itaiji[char]!) : char)).join('');
  }

  private emailForm(email: string, missing: boolean, wide: boolean): string {
    const random = this.random;
    if (missing) return '';
    let text = email;
    if (random.chance(0.02)) {
      const at = text.indexOf('@');
      text = typo(random, text.slice(0, at)) + text.slice(at);
    }
    if (random.chance(0.03)) text = text.toUpperCase();
    if (random.chance(0.02)) text = ` ${text}`;
    return wide ? fullWidth(text) : text;
  }

  /** 株式会社さくら商事, さくら商事株式会社, (株)さくら商事, ㈱さくら商事, さくら商事; Acme Logistics Inc., ACME LOGISTICS INC. */
  private companyForm(company: Company): string {
    const random = this.random;
    if (company.latin) {
      return choose(random, [
        [company.core, 60],
        [company.core.replace(/ (Inc\.|LLC|Ltd|Co\.|Group)$/, ''), 20],
        [company.core.toUpperCase().replace(/\./g, ''), 10],
        [company.core.replace(/ (Inc\.|LLC|Ltd|Co\.)$/, ', $1'), 10],
      ] as const);
    }
    const before = random.chance(0.95) ? company.legalBefore : !company.legalBefore;
    const legal = choose(random, [
      ['株式会社', 55],
      ['(株)', 12],
      ['㈱', 13],
      ['', 20],
    ] as const);
    return before ? `${legal}${company.core}` : `${company.core}${legal}`;
  }
}

/** The export's own spelling of a creation time (seconds since 2015-01-01, UTC). */
export function createdForm(source: SourceKey, seconds: number): string {
  const iso = new Date(Date.UTC(2015, 0, 1) + seconds * 1000).toISOString();
  if (source === 'salesforce') return iso.replace(/\.\d{3}Z$/, '.000Z');
  if (source === 'hubspot') return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  return iso.slice(0, 10).replace(/-/g, '/');
}
