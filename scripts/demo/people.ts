import type { Random } from './random.ts';
import {
  abroadPlaces,
  buildingNames,
  companyStems,
  companyTrades,
  departments,
  japaneseFamilyNames,
  japaneseGivenNames,
  latinCompanies,
  latinFirstNames,
  latinLastNames,
  personalMailDomains,
  prefectures,
  titles,
  townNames,
  type AbroadPlace,
  type JapaneseName,
  type Prefecture,
} from './vocabulary.ts';

/** A phone number as digit groups; `trunk` means the national form starts with 0 (Japan). */
export interface PhoneNumber {
  dialCode: string;
  groups: readonly string[];
  trunk: boolean;
}

export interface Address {
  postalCode: string;
  region: string;
  regionRomaji: string;
  city: string;
  cityRomaji: string;
  street: string;
  building: string;
  country: string;
  countryJa: string;
}

export interface Company {
  accountId: string;
  /** The registered name, legal form included (株式会社さくら商事, さくら商事株式会社, Northwind Trading Inc.). */
  name: string;
  /** The name without its legal form, for spelling variants. */
  stem: string;
  legalFormFirst: boolean;
  japanese: boolean;
  domain: string;
  officePhone: PhoneNumber;
  address: Address;
}

/** One real (invented) human: every source row is a rendering of one of these. */
export interface Person {
  id: string;
  japanese: boolean;
  family: JapaneseName;
  given: JapaneseName;
  company: Company | null;
  department: string;
  title: string;
  workEmail: string;
  personalEmail: string;
  phone: PhoneNumber;
  mobile: PhoneNumber | null;
  address: Address;
  createdAt: Date;
}

export const dataAsOf = new Date(Date.UTC(2025, 5, 30, 18, 0, 0));

export function japanesePhone(random: Random, areaCode: string): PhoneNumber {
  return { dialCode: '81', trunk: true, groups: [`0${areaCode}`, random.digits(5 - areaCode.length), random.digits(4)] };
}

function mobilePhone(random: Random): PhoneNumber {
  return { dialCode: '81', trunk: true, groups: [random.pick(['090', '080', '070']), random.digits(4), random.digits(4)] };
}

function japaneseAddress(random: Random, prefecture: Prefecture): Address {
  const city = random.pick(prefecture.cities);
  const tail = random.digits(7 - prefecture.postalPrefix.length - 3);
  const postal = `${prefecture.postalPrefix}${tail}${random.digits(3)}`.padEnd(7, '0');
  return {
    postalCode: `${postal.slice(0, 3)}-${postal.slice(3)}`,
    region: prefecture.kanji,
    regionRomaji: prefecture.romaji,
    city: city.kanji,
    cityRomaji: city.romaji,
    street: `${random.pick(townNames)}${random.int(1, 5)}丁目${random.int(1, 30)}-${random.int(1, 20)}`,
    building: random.chance(0.5) ? `${random.pick(buildingNames)} ${random.int(2, 15)}F` : '',
    country: 'Japan',
    countryJa: '日本',
  };
}

function abroadAddress(random: Random, place: AbroadPlace): Address {
  return {
    postalCode: place.postalCode(random.digits(5)),
    region: place.region,
    regionRomaji: place.region,
    city: place.city,
    cityRomaji: place.city,
    street: `${random.int(10, 999)} ${random.pick(['Market St', 'Main St', 'King Rd', 'Harbour Ave', 'Park Lane'])}`,
    building: random.chance(0.3) ? `Suite ${random.int(100, 900)}` : '',
    country: place.country,
    countryJa: place.countryJa,
  };
}

function abroadPhone(random: Random, place: AbroadPlace): PhoneNumber {
  return { dialCode: place.dialCode, trunk: false, groups: [random.digits(3), random.digits(3), random.digits(4)] };
}

function areaCodeOf(address: Address): string {
  return (prefectures.find((prefecture) => prefecture.kanji === address.region) ?? prefectures[0]!).areaCode;
}

function pickPrefecture(random: Random): Prefecture {
  return random.weighted(
    prefectures,
    prefectures.map((prefecture) => prefecture.weight),
  );
}

export function buildCompanies(random: Random): Company[] {
  const companies: Company[] = [];
  for (const stem of companyStems) {
    for (const trade of random.shuffle(companyTrades).slice(0, 5)) {
      const prefecture = pickPrefecture(random);
      const legalFormFirst = random.chance(0.6);
      const limited = random.chance(0.08);
      const form = limited ? '有限会社' : '株式会社';
      const plainName = `${stem.kanji}${trade.kanji}`;
      companies.push({
        accountId: '',
        name: legalFormFirst ? `${form}${plainName}` : `${plainName}${form}`,
        stem: plainName,
        legalFormFirst,
        japanese: true,
        domain: `${stem.romaji}-${trade.romaji}.example.jp`,
        officePhone: japanesePhone(random, prefecture.areaCode),
        address: japaneseAddress(random, prefecture),
      });
    }
  }
  for (const name of latinCompanies) {
    const place = random.pick(abroadPlaces);
    companies.push({
      accountId: '',
      name,
      stem: name.replace(/,?\s+(Inc\.|Ltd\.|LLC|Pte\. Ltd\.)$/, ''),
      legalFormFirst: false,
      japanese: false,
      domain: `${name.split(' ')[0]!.toLowerCase()}.example.com`,
      officePhone: abroadPhone(random, place),
      address: abroadAddress(random, place),
    });
  }
  return companies.map((company, index) => ({ ...company, accountId: salesforceId('001', index + 1) }));
}

/** An 18-character id shaped like Salesforce's: key prefix, pod, counter, checksum-like suffix. */
export function salesforceId(keyPrefix: string, counter: number): string {
  return `${keyPrefix}Kd${counter.toString(36).toUpperCase().padStart(10, '0')}QAA`;
}

function asciiHandle(text: string): string {
  return text.toLowerCase().replace(/[^a-z]/g, '');
}

function latinName(name: string): JapaneseName {
  return { kanji: name, kana: '', romaji: name };
}

export function buildPopulation(random: Random, companies: readonly Company[], size: number): Person[] {
  const people: Person[] = [];
  for (let index = 0; index < size; index++) {
    const japanese = random.chance(0.85);
    const employed = random.chance(0.8);
    const company = employed ? random.pick(companies.filter((candidate) => candidate.japanese === japanese)) : null;
    const family = japanese ? random.pick(japaneseFamilyNames) : latinName(random.pick(latinLastNames));
    const given = japanese ? random.pick(japaneseGivenNames) : latinName(random.pick(latinFirstNames));
    const place = random.pick(abroadPlaces);
    const address = company?.address ?? (japanese ? japaneseAddress(random, pickPrefecture(random)) : abroadAddress(random, place));
    const handle = `${asciiHandle(given.romaji)}.${asciiHandle(family.romaji)}`;
    // A third of office workers list the company's main number: a shared phone is not a shared person.
    const officePhone = company && random.chance(0.35) ? company.officePhone : null;
    people.push({
      id: `P${String(index + 1).padStart(5, '0')}`,
      japanese,
      family,
      given,
      company,
      department: japanese && company ? random.pick(departments) : '',
      title: company ? (japanese ? random.pick(titles) : random.pick(['Manager', 'Director', 'Engineer', 'Analyst', ''])) : '',
      workEmail: company ? `${handle}@${company.domain}` : '',
      personalEmail: `${handle}${random.int(1, 99)}@${random.pick(personalMailDomains)}`,
      phone: officePhone ?? (japanese ? japanesePhone(random, areaCodeOf(address)) : abroadPhone(random, place)),
      mobile: japanese && random.chance(0.6) ? mobilePhone(random) : null,
      address,
      createdAt: new Date(Date.UTC(2019, 0, 1) + random.next() * (dataAsOf.getTime() - Date.UTC(2019, 0, 1))),
    });
  }
  plantNamesakes(random, people);
  return people;
}

/** Different people who share a full name (and reading): the classic false merge. */
function plantNamesakes(random: Random, people: Person[]): void {
  const japanese = people.filter((person) => person.japanese);
  for (let count = 0; count < 40; count++) {
    const original = random.pick(japanese);
    const namesake = random.pick(japanese);
    if (namesake === original) continue;
    namesake.family = original.family;
    namesake.given = original.given;
    const handle = `${asciiHandle(original.given.romaji)}.${asciiHandle(original.family.romaji)}`;
    namesake.workEmail = namesake.company ? `${handle}@${namesake.company.domain}` : '';
    namesake.personalEmail = `${handle}${random.int(100, 999)}@${random.pick(personalMailDomains)}`;
  }
}
