/**
 * The people of the set (SPEC.md): households, companies and each person's life between 2015 and 2025 as timelines of
 * name, address, phones, e-mails and employer. Records are rendered from these in records.ts.
 */
import {
  givenNameTable,
  itaiji,
  japaneseFamilyNames,
  japaneseGivenNames,
  latinFamilyNames,
  latinGivenNames,
  type JapaneseGivenName,
  type JapaneseName,
  type LatinGiven,
} from './names.ts';
import { landline, mobile, Places, type Address } from './places.ts';
import { choose, chooseIndex, Random, WeightedTable } from './random.ts';
import { romaji } from './kana.ts';

/** Days since 2015-01-01 covered by the records. */
export const spanDays = 4018;

export interface Timeline<T> {
  from: number;
  value: T;
}
export function at<T>(timeline: readonly Timeline<T>[], day: number): T {
  let value = timeline[0]!.value;
  for (const entry of timeline) if (entry.from <= day) value = entry.value;
  return value;
}

export interface Company {
  id: string;
  core: string; // さくら商事, Acme Logistics
  legalBefore: boolean; // 株式会社X rather than X株式会社
  latin: boolean;
  domain: string;
  mainLine: string;
  address: Address;
  emailPattern: number;
}

export interface Job {
  company: Company;
  workEmail: string;
  directLine: string | null;
}

export interface Home {
  address: Address;
  landline: string | null;
}

export type FamilyName = JapaneseName | { latin: string };

export interface Person {
  id: string;
  index: number;
  householdId: string;
  householdSize: number;
  latin: boolean;
  country: Address['country'];
  sex: 'male' | 'female';
  birthDate: string;
  given: JapaneseGivenName | LatinGiven;
  family: Timeline<FamilyName>[];
  /** The family name as registered, with old character forms (髙橋), or null when it is the common form. */
  registeredFamily: Timeline<string | null>[];
  home: Timeline<Home>[];
  personalEmail: Timeline<string>[];
  mobile: Timeline<string | null>[];
  job: Timeline<Job | null>[];
  /** How this person writes long vowels in romaji, most of the time. */
  romajiStyle: 'plain' | 'typed' | 'passport';
}

export interface Household {
  id: string;
  members: Person[];
  home: Timeline<Home>[];
}

export interface Population {
  people: Person[];
  households: Household[];
  companies: Company[];
}

const japaneseFreeMail: [string, number][] = [
  ['gmail.com', 40],
  ['yahoo.co.jp', 25],
  ['icloud.com', 10],
  ['docomo.ne.jp', 8],
  ['ezweb.ne.jp', 6],
  ['softbank.ne.jp', 4],
  ['outlook.jp', 4],
  ['hotmail.co.jp', 3],
];
const latinFreeMail: [string, number][] = [
  ['gmail.com', 45],
  ['yahoo.com', 15],
  ['outlook.com', 10],
  ['hotmail.com', 10],
  ['icloud.com', 12],
  ['aol.com', 3],
  ['btinternet.com', 5],
];

const companyWords = `さくら:sakura 日本:nihon 東洋:toyo 大和:yamato 富士:fuji 中央:chuo 北斗:hokuto 太平:taihei 朝日:asahi 未来:mirai 青葉:aoba 光:hikari
三和:sanwa 昭和:showa 東邦:toho 関東:kanto 関西:kansai みなと:minato 明星:myojo 大同:daido 平和:heiwa 共栄:kyoei 丸和:maruwa 新和:shinwa 千代田:chiyoda`;
const companyTrades = `商事:shoji 工業:kogyo 電機:denki 物産:bussan 建設:kensetsu 製作所:seisakusho 運輸:unyu 不動産:fudosan 食品:foods 化学:kagaku
精密:seimitsu システム:system テクノロジー:tech 印刷:insatsu 薬品:yakuhin 産業:sangyo 技研:giken 通商:tsusho 設備:setsubi 観光:kanko`;
const companyPlaces = `東京:tokyo 大阪:osaka 名古屋:nagoya 横浜:yokohama 札幌:sapporo 福岡:fukuoka 仙台:sendai 広島:hiroshima 京都:kyoto 神戸:kobe 千葉:chiba
埼玉:saitama 静岡:shizuoka 新潟:niigata 沖縄:okinawa`;
const latinCompanyWords =
  'Acme Summit Pioneer Bright Northwind Harbor Redwood Blueridge Silverline Evergreen Atlas Keystone Liberty Crescent Granite Meridian Oakwood Sterling';
const latinCompanyTrades = 'Logistics Software Foods Health Realty Consulting Manufacturing Media Energy Labs Analytics Design';
const latinCompanyForms = ['Inc.', 'LLC', 'Ltd', 'Co.', 'Group'];

const emailWords = ['happy', 'blue', 'sky', 'sun', 'neko', 'mint', 'star', 'coffee', 'tiger', 'green'];
const romajiStyles = [
  ['plain', 60],
  ['typed', 25],
  ['passport', 15],
] as const;

const pairs = (text: string) =>
  text
    .split(/\s+/)
    .filter(Boolean)
    .map((token) => token.split(':') as [string, string]);

/** Household sizes by the share of people living in them (SPEC.md), turned into household probabilities. */
const peopleByHouseholdSize: [number, number][] = [
  [1, 40],
  [2, 27],
  [3, 16],
  [4, 12],
  [5, 5],
];
const householdSizes = new WeightedTable(
  peopleByHouseholdSize.map(([size]) => size),
  peopleByHouseholdSize.map(([size, share]) => share / size),
);

export class PopulationBuilder {
  private readonly places = new Places();
  private readonly jpFamily = japaneseFamilyNames();
  private readonly jpGiven = { male: japaneseGivenNames('male'), female: japaneseGivenNames('female') };
  private readonly givenByDecade = new Map<string, WeightedTable<JapaneseGivenName>>();
  private readonly latinFamily = latinFamilyNames();
  private readonly latinGiven = { male: latinGivenNames('male'), female: latinGivenNames('female') };
  private readonly usedEmails = new Set<string>();
  private readonly usedPhones = new Set<string>();
  private readonly people: Person[] = [];
  private readonly households: Household[] = [];
  private jpCompanies!: WeightedTable<Company>;
  private latinCompanies!: WeightedTable<Company>;
  private readonly companies: Company[] = [];

  constructor(private readonly random: Random) {}

  build(count: number): Population {
    this.makeCompanies(count);
    while (this.people.length < count) this.makeHousehold(Math.min(householdSizes.draw(this.random), count - this.people.length));
    return { people: this.people, households: this.households, companies: this.companies };
  }

  // ---- companies --------------------------------------------------------------------------------------------

  private makeCompanies(people: number): void {
    const employedPerCompany = 8;
    const words = pairs(companyWords);
    const trades = pairs(companyTrades);
    const places: [string, string][] = [['', ''], ...pairs(companyPlaces)];
    const jpCount = Math.max(20, Math.round((people * 0.85 * 0.55) / employedPerCompany));
    const jp: Company[] = [];
    for (let i = 0; i < jpCount; i++) {
      // Mixed radix over word × trade × place: every company has its own name.
      const word = words[i % words.length]!;
      const trade = trades[Math.floor(i / words.length) % trades.length]!;
      const place = places[Math.floor(i / (words.length * trades.length)) % places.length]!;
      const round = Math.floor(i / (words.length * trades.length * places.length));
      const core = `${place[0]}${word[0]}${trade[0]}${round > 0 ? String(round + 1) : ''}`;
      const slug = [place[1], word[1], trade[1]].filter(Boolean).join('-') + (round > 0 ? String(round + 1) : '');
      jp.push(this.company(`C${String(this.companies.length + jp.length + 1).padStart(6, '0')}`, core, slug, false));
    }
    const latinCount = Math.max(10, Math.round((people * 0.15 * 0.55) / employedPerCompany));
    const latinWords = latinCompanyWords.split(' ');
    const latinTrades = latinCompanyTrades.split(' ');
    const latin: Company[] = [];
    for (let i = 0; i < latinCount; i++) {
      const word = latinWords[i % latinWords.length]!;
      const trade = latinTrades[Math.floor(i / latinWords.length) % latinTrades.length]!;
      const round = Math.floor(i / (latinWords.length * latinTrades.length));
      const prefix =
        round > 0
          ? `${['North', 'South', 'East', 'West', 'Central', 'Pacific', 'Atlantic', 'Metro', 'United', 'First'][round % 10]}${round >= 10 ? ` ${Math.floor(round / 10) + 1}` : ''} `
          : '';
      const core = `${prefix}${word} ${trade} ${latinCompanyForms[i % latinCompanyForms.length]}`;
      latin.push(
        this.company(
          `C${String(jp.length + latin.length + 1).padStart(6, '0')}`,
          core,
          `${prefix}${word}${trade}`.toLowerCase().replace(/[^a-z0-9]/g, ''),
          true,
        ),
      );
    }
    this.companies.push(...jp, ...latin);
    // Zipf sizes (exponent 0.6): a few companies with hundreds of people in the set, most with a handful.
    this.jpCompanies = new WeightedTable(
      jp,
      jp.map((_, i) => 1 / (i + 1) ** 0.6),
    );
    this.latinCompanies = new WeightedTable(
      latin,
      latin.map((_, i) => 1 / (i + 1) ** 0.6),
    );
  }

  private company(id: string, core: string, slug: string, latin: boolean): Company {
    const random = this.random;
    const address = latin
      ? random.chance(0.6)
        ? this.places.american(random)
        : this.places.british(random)
      : this.places.japanese(random, 0.8);
    if (!latin) address.building = `${core.replace(/[0-9]/g, '')}ビル ${random.int(1, 12)}F`;
    return {
      id,
      core,
      legalBefore: random.chance(0.5),
      latin,
      domain: `${slug}.example.${latin ? (address.country === 'US' ? 'com' : 'co.uk') : 'co.jp'}`,
      mainLine: this.uniquePhone(() => landline(random, address)),
      address,
      emailPattern: random.int(0, 3),
    };
  }

  // ---- households and people ----------------------------------------------------------------------------------

  private makeHousehold(size: number): void {
    const random = this.random;
    const latin = random.chance(0.15);
    const country: Address['country'] = latin ? (random.chance(0.6) ? 'US' : 'GB') : 'JP';
    const id = `H${String(this.households.length + 1).padStart(7, '0')}`;
    const newHome = (): Home => {
      const address =
        country === 'JP'
          ? this.places.japanese(random, 0.35)
          : country === 'US'
            ? this.places.american(random)
            : this.places.british(random);
      return { address, landline: random.chance(0.7) ? this.uniquePhone(() => landline(random, address)) : null };
    };
    const home: Timeline<Home>[] = [{ from: 0, value: newHome() }];
    if (random.chance(0.25)) home.push({ from: random.int(200, spanDays - 200), value: newHome() });
    const household: Household = { id, members: [], home };

    const flatShare = size > 1 && random.chance(0.05);
    const family = this.familyName(latin);
    if (size === 1 || flatShare) {
      for (let i = 0; i < size; i++) {
        const year = flatShare ? random.int(1985, 2002) : random.int(1945, 2004);
        household.members.push(
          this.person(household, size, latin, country, random.chance(0.5) ? 'male' : 'female', year, this.familyName(latin)),
        );
      }
    } else {
      const headYear = size >= 3 ? random.int(1945, 1975) : random.int(1945, 1998);
      const headSex = random.chance(0.85) ? 'male' : 'female';
      household.members.push(this.person(household, size, latin, country, headSex, headYear, family));
      const spouseFamily = latin && random.chance(0.2) ? this.familyName(true) : family;
      household.members.push(
        this.person(
          household,
          size,
          latin,
          country,
          headSex === 'male' ? 'female' : 'male',
          clampYear(headYear + random.int(-5, 5)),
          spouseFamily,
        ),
      );
      for (let i = 2; i < size; i++) {
        const parent = size === 5 && i === 4 && headYear > 1950 && random.chance(0.5);
        const year = parent ? clampYear(headYear - random.int(25, 35)) : Math.min(2004, headYear + random.int(24, 38));
        household.members.push(this.person(household, size, latin, country, random.chance(0.5) ? 'male' : 'female', year, family));
      }
      if (random.chance(0.15)) {
        const familyEmail = this.uniqueEmail(
          `${this.romajiFamily(family).toLowerCase()}${random.chance(0.5) ? 'family' : 'ke'}${random.chance(0.5) ? random.digits(2) : ''}`,
          choose(random, latin ? latinFreeMail : japaneseFreeMail),
        );
        for (const member of household.members) if (random.chance(0.6)) member.personalEmail[0]!.value = familyEmail;
      }
    }
    this.households.push(household);
    for (const member of household.members) this.lifeEvents(member, latin);
  }

  private person(
    household: Household,
    size: number,
    latin: boolean,
    country: Address['country'],
    sex: 'male' | 'female',
    year: number,
    family: FamilyName,
  ): Person {
    const random = this.random;
    const given = latin ? this.latinGiven[sex].draw(random) : this.japaneseGiven(sex, year);
    const birthDate = `${year}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
    const index = this.people.length;
    const person: Person = {
      id: `P${String(index + 1).padStart(7, '0')}`,
      index,
      householdId: household.id,
      householdSize: size,
      latin,
      country,
      sex,
      birthDate,
      given,
      family: [{ from: 0, value: family }],
      registeredFamily: [{ from: 0, value: this.registeredForm(family) }],
      home: household.home,
      personalEmail: [{ from: 0, value: this.personalEmail(given, family, year, latin) }],
      mobile: [{ from: 0, value: random.chance(0.95) ? this.uniquePhone(() => mobile(random, country)) : null }],
      job: [{ from: 0, value: random.chance(0.55) && year <= 2002 ? this.job(given, family, latin) : null }],
      romajiStyle: choose(random, romajiStyles),
    };
    this.people.push(person);
    return person;
  }

  private lifeEvents(person: Person, latin: boolean): void {
    const random = this.random;
    const birthYear = Number(person.birthDate.slice(0, 4));
    if (person.sex === 'female' && birthYear > 1975 && random.chance(0.1)) {
      const day = random.int(100, spanDays - 100);
      const family = this.familyName(latin);
      person.family.push({ from: day, value: family });
      person.registeredFamily.push({ from: day, value: this.registeredForm(family) });
      const address =
        person.country === 'JP'
          ? this.places.japanese(random, 0.4)
          : person.country === 'US'
            ? this.places.american(random)
            : this.places.british(random);
      // She leaves the household: her own home from the wedding on (the household's moves no longer apply).
      person.home = [
        ...person.home.filter((entry) => entry.from < day),
        { from: day, value: { address, landline: random.chance(0.5) ? this.uniquePhone(() => landline(random, address)) : null } },
      ];
      if (random.chance(0.3)) person.personalEmail.push({ from: day, value: this.personalEmail(person.given, family, birthYear, latin) });
    }
    if (random.chance(0.2))
      person.personalEmail.push({
        from: random.int(100, spanDays - 100),
        value: this.personalEmail(person.given, at(person.family, spanDays), birthYear, latin),
      });
    person.personalEmail.sort((a, b) => a.from - b.from);
    if (random.chance(0.1))
      person.mobile.push({ from: random.int(100, spanDays - 100), value: this.uniquePhone(() => mobile(random, person.country)) });
    if (person.job[0]!.value && random.chance(0.12))
      person.job.push({ from: random.int(100, spanDays - 100), value: this.job(person.given, at(person.family, spanDays), latin) });
  }

  // ---- names ----------------------------------------------------------------------------------------------------

  private familyName(latin: boolean): FamilyName {
    return latin ? { latin: this.latinFamily.draw(this.random) } : this.jpFamily.draw(this.random);
  }

  private japaneseGiven(sex: 'male' | 'female', year: number): JapaneseGivenName {
    const key = `${sex}${year < 1965 ? 'old' : year < 1990 ? 'mid' : 'young'}`;
    let table = this.givenByDecade.get(key);
    if (!table) {
      table = givenNameTable(this.jpGiven[sex], year);
      this.givenByDecade.set(key, table);
    }
    return table.draw(this.random);
  }

  private registeredForm(family: FamilyName): string | null {
    if ('latin' in family) return null;
    const chars = [...family.kanji];
    if (!chars.some((char) => itaiji[char]) || !this.random.chance(0.3)) return null;
    return chars.map((char) => (itaiji[char] ? this.random.pick(itaiji[char]!) : char)).join('');
  }

  romajiFamily(family: FamilyName): string {
    return 'latin' in family ? family.latin : romaji(family.reading);
  }

  romajiGiven(given: JapaneseGivenName | LatinGiven): string {
    return 'name' in given ? given.name : romaji(given.reading);
  }

  // ---- contact points -----------------------------------------------------------------------------------------

  private personalEmail(given: JapaneseGivenName | LatinGiven, family: FamilyName, year: number, latin: boolean): string {
    const random = this.random;
    const g = this.romajiGiven(given).toLowerCase();
    const f = this.romajiFamily(family).toLowerCase();
    let local: string;
    switch (chooseIndex(random, [20, 10, 10, 12, 8, 10, 10, 20])) {
      case 0:
        local = `${g}.${f}`;
        break;
      case 1:
        local = `${f}.${g}`;
        break;
      case 2:
        local = `${g}${f}`;
        break;
      case 3:
        local = `${g}${String(year % 100).padStart(2, '0')}`;
        break;
      case 4:
        local = `${f}${g[0]}`;
        break;
      case 5:
        local = `${g[0]}${f}${random.digits(2)}`;
        break;
      case 6:
        local = `${g}_${random.digits(3)}`;
        break;
      default:
        local = `${random.pick(emailWords)}${g.slice(0, 3)}${random.digits(3)}`;
    }
    return this.uniqueEmail(local, choose(random, latin ? latinFreeMail : japaneseFreeMail));
  }

  private job(given: JapaneseGivenName | LatinGiven, family: FamilyName, latin: boolean): Job {
    const random = this.random;
    const company = (latin ? this.latinCompanies : this.jpCompanies).draw(random);
    const g = this.romajiGiven(given).toLowerCase();
    const f = this.romajiFamily(family).toLowerCase();
    const local = [`${g}.${f}`, `${f}.${g}`, `${g[0]}.${f}`, `${f}-${g[0]}`][company.emailPattern]!;
    return {
      company,
      workEmail: this.uniqueEmail(local, company.domain),
      directLine: random.chance(0.5) ? this.uniquePhone(() => landline(random, company.address)) : null,
    };
  }

  /** E-mail addresses belong to one person (or one household): a taken one gets a number. */
  private uniqueEmail(local: string, domain: string): string {
    let candidate = `${local}@${domain}`;
    for (let n = 2; this.usedEmails.has(candidate); n++) candidate = `${local}${n}@${domain}`;
    this.usedEmails.add(candidate);
    return candidate;
  }

  private uniquePhone(make: () => string): string {
    let phone = make();
    while (this.usedPhones.has(phone)) phone = make();
    this.usedPhones.add(phone);
    return phone;
  }
}

function clampYear(year: number): number {
  return Math.max(1935, Math.min(2004, year));
}
