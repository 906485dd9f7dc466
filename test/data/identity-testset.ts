/**
 * A generated three-source CRM test set with known truth, for the accuracy tests and the benchmark:
 * `crm_contacts.csv` (Salesforce-style, UTF-8), `signups.csv` (HubSpot-style, UTF-8 with BOM, romaji names,
 * personal e-mail with plus-tags), `support.csv` (Japanese headers, CP932 as Excel writes it, full-width
 * digits, ㈱, half-width kana). Planted: itaiji, swapped first/last, typos, intra-source duplicates — and
 * traps that must NOT merge: namesakes (same name and reading, other person), colleagues sharing a
 * switchboard number and an office address, family members sharing a home phone and address.
 * Deterministic for a seed; pure (no node: imports).
 */

import Encoding from 'encoding-japanese';

export interface GeneratedFile {
  name: string;
  text: string;
  /** How the caller should write `text`: CP932 (Shift_JIS family) or UTF-8 with BOM. */
  encoding: 'utf-8' | 'utf-8-bom' | 'cp932';
}

/** A generated file's bytes as the caller should write them (CP932 as Excel writes it, or UTF-8 with or without BOM). */
export function encodeGenerated(file: GeneratedFile): Uint8Array {
  if (file.encoding === 'cp932')
    return new Uint8Array(Encoding.convert(Encoding.stringToCode(file.text), { to: 'SJIS', from: 'UNICODE' }) as number[]);
  return new TextEncoder().encode((file.encoding === 'utf-8-bom' ? '\uFEFF' : '') + file.text);
}

export interface GeneratedTestSet {
  files: GeneratedFile[];
  /** `source:row` (source = file name without .csv, row 1-based) → person id. */
  truth: Map<string, number>;
  people: number;
}

const FAMILIES: [string, string][] = [
  ['佐藤', 'サトウ'],
  ['鈴木', 'スズキ'],
  ['高橋', 'タカハシ'],
  ['田中', 'タナカ'],
  ['伊藤', 'イトウ'],
  ['渡辺', 'ワタナベ'],
  ['山本', 'ヤマモト'],
  ['中村', 'ナカムラ'],
  ['小林', 'コバヤシ'],
  ['加藤', 'カトウ'],
  ['吉田', 'ヨシダ'],
  ['山田', 'ヤマダ'],
  ['佐々木', 'ササキ'],
  ['山口', 'ヤマグチ'],
  ['松本', 'マツモト'],
  ['井上', 'イノウエ'],
  ['木村', 'キムラ'],
  ['林', 'ハヤシ'],
  ['斎藤', 'サイトウ'],
  ['清水', 'シミズ'],
  ['山崎', 'ヤマザキ'],
  ['森', 'モリ'],
  ['池田', 'イケダ'],
  ['橋本', 'ハシモト'],
  ['阿部', 'アベ'],
  ['石川', 'イシカワ'],
  ['山下', 'ヤマシタ'],
  ['中島', 'ナカジマ'],
  ['石井', 'イシイ'],
  ['小川', 'オガワ'],
  ['前田', 'マエダ'],
  ['岡田', 'オカダ'],
  ['長谷川', 'ハセガワ'],
  ['藤田', 'フジタ'],
  ['後藤', 'ゴトウ'],
  ['近藤', 'コンドウ'],
];
const GIVENS: [string, string][] = [
  ['太郎', 'タロウ'],
  ['花子', 'ハナコ'],
  ['一郎', 'イチロウ'],
  ['美咲', 'ミサキ'],
  ['健', 'ケン'],
  ['翔', 'ショウ'],
  ['陽菜', 'ヒナ'],
  ['大輔', 'ダイスケ'],
  ['直子', 'ナオコ'],
  ['拓也', 'タクヤ'],
  ['恵', 'メグミ'],
  ['聡', 'サトシ'],
  ['誠', 'マコト'],
  ['由美', 'ユミ'],
  ['彩', 'アヤ'],
  ['優', 'ユウ'],
  ['真理', 'マリ'],
  ['健太', 'ケンタ'],
  ['さくら', 'サクラ'],
  ['隆', 'タカシ'],
  ['浩', 'ヒロシ'],
  ['愛', 'アイ'],
  ['翼', 'ツバサ'],
  ['麻衣', 'マイ'],
  ['大樹', 'ダイキ'],
  ['結衣', 'ユイ'],
  ['蓮', 'レン'],
  ['葵', 'アオイ'],
  ['修', 'オサム'],
  ['美穂', 'ミホ'],
];
const ITAIJI: Record<string, string> = { 高: '髙', 斎: '齋', 辺: '邊', 崎: '﨑', 島: '嶋' };
const LATIN_FIRST: [string, string | null][] = [
  ['John', 'Jack'],
  ['Robert', 'Bob'],
  ['Michael', 'Mike'],
  ['William', 'Bill'],
  ['Emily', null],
  ['Sarah', null],
  ['David', 'Dave'],
  ['James', 'Jim'],
  ['Elizabeth', 'Liz'],
  ['Katherine', 'Kate'],
  ['Thomas', 'Tom'],
  ['Daniel', 'Dan'],
  ['Laura', null],
  ['Anna', null],
];
const LATIN_LAST = [
  'Smith',
  'Johnson',
  'Brown',
  'Lee',
  'Chen',
  'Garcia',
  'Miller',
  'Davis',
  'Wilson',
  'Taylor',
  'Anderson',
  'Clark',
  'Lewis',
  'Walker',
];
const COMPANY_CORES_JA = [
  'さくら商事',
  'みなとテック',
  '北物産',
  'なにわフーズ',
  '田中工房',
  '仙台機器',
  '神戸トレーディング',
  '広島電機',
  '静岡茶業',
  '京都織物',
  '千葉ロジ',
  '新潟米穀',
  'フクオカネット',
  '金沢工芸',
  '沖縄リゾート',
  '札幌デザイン',
];
const COMPANY_CORES_EN = [
  'Acme Brick',
  'Globex',
  'Initech',
  'Northwind',
  'Pacific Rim Analytics',
  'BlueWave Media',
  'Umbrella Foods',
  'Stark Logistics',
];
const PLACES: { pref: string; city: string; town: string; postal: string; area: string }[] = [
  { pref: '東京都', city: '千代田区', town: '丸の内', postal: '100', area: '3' },
  { pref: '東京都', city: '港区', town: '芝公園', postal: '105', area: '3' },
  { pref: '大阪府', city: '大阪市北区', town: '梅田', postal: '530', area: '6' },
  { pref: '北海道', city: '札幌市中央区', town: '北一条西', postal: '060', area: '11' },
  { pref: '愛知県', city: '名古屋市中区', town: '栄', postal: '460', area: '52' },
  { pref: '福岡県', city: '福岡市博多区', town: '博多駅前', postal: '812', area: '92' },
  { pref: '宮城県', city: '仙台市青葉区', town: '一番町', postal: '980', area: '22' },
  { pref: '広島県', city: '広島市中区', town: '紙屋町', postal: '730', area: '82' },
  { pref: '神奈川県', city: '横浜市西区', town: 'みなとみらい', postal: '220', area: '45' },
  { pref: '京都府', city: '京都市中京区', town: '烏丸', postal: '604', area: '75' },
];
const KANJI_DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const ROMAJI: Record<string, string> = {};

interface Person {
  id: number;
  latin: boolean;
  family: string;
  given: string;
  familyKana: string;
  givenKana: string;
  familyRomaji: string;
  givenRomaji: string;
  nickname: string | null;
  birth: string;
  company: number;
  workEmail: string;
  personalEmail: string;
  officePhone: string;
  mobile: string;
  homePhone: string;
  home: Address;
}

interface Address {
  place: number;
  block: [number, number, number];
  postal: string;
}

interface Company {
  core: string;
  latin: boolean;
  domain: string;
  switchboard: string;
  office: Address;
}

/** A small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KANA_ROMAJI: [string, string][] = [
  ['キャ', 'kya'],
  ['キュ', 'kyu'],
  ['キョ', 'kyo'],
  ['シャ', 'sha'],
  ['シュ', 'shu'],
  ['ショ', 'sho'],
  ['チャ', 'cha'],
  ['チュ', 'chu'],
  ['チョ', 'cho'],
  ['リャ', 'rya'],
  ['リュ', 'ryu'],
  ['リョ', 'ryo'],
  ['ジャ', 'ja'],
  ['ジュ', 'ju'],
  ['ジョ', 'jo'],
  ['ア', 'a'],
  ['イ', 'i'],
  ['ウ', 'u'],
  ['エ', 'e'],
  ['オ', 'o'],
  ['カ', 'ka'],
  ['キ', 'ki'],
  ['ク', 'ku'],
  ['ケ', 'ke'],
  ['コ', 'ko'],
  ['サ', 'sa'],
  ['シ', 'shi'],
  ['ス', 'su'],
  ['セ', 'se'],
  ['ソ', 'so'],
  ['タ', 'ta'],
  ['チ', 'chi'],
  ['ツ', 'tsu'],
  ['テ', 'te'],
  ['ト', 'to'],
  ['ナ', 'na'],
  ['ニ', 'ni'],
  ['ヌ', 'nu'],
  ['ネ', 'ne'],
  ['ノ', 'no'],
  ['ハ', 'ha'],
  ['ヒ', 'hi'],
  ['フ', 'fu'],
  ['ヘ', 'he'],
  ['ホ', 'ho'],
  ['マ', 'ma'],
  ['ミ', 'mi'],
  ['ム', 'mu'],
  ['メ', 'me'],
  ['モ', 'mo'],
  ['ヤ', 'ya'],
  ['ユ', 'yu'],
  ['ヨ', 'yo'],
  ['ラ', 'ra'],
  ['リ', 'ri'],
  ['ル', 'ru'],
  ['レ', 're'],
  ['ロ', 'ro'],
  ['ワ', 'wa'],
  ['ン', 'n'],
  ['ガ', 'ga'],
  ['ギ', 'gi'],
  ['グ', 'gu'],
  ['ゲ', 'ge'],
  ['ゴ', 'go'],
  ['ザ', 'za'],
  ['ジ', 'ji'],
  ['ズ', 'zu'],
  ['ゼ', 'ze'],
  ['ゾ', 'zo'],
  ['ダ', 'da'],
  ['デ', 'de'],
  ['ド', 'do'],
  ['バ', 'ba'],
  ['ビ', 'bi'],
  ['ブ', 'bu'],
  ['ベ', 'be'],
  ['ボ', 'bo'],
];

/** Hepburn as people type it in a form: long vowels written out or dropped at random by the caller. */
function romajiOf(kana: string): string {
  if (ROMAJI[kana]) return ROMAJI[kana]!;
  let out = '';
  for (let i = 0; i < kana.length;) {
    const pair = KANA_ROMAJI.find(([k]) => k.length === 2 && kana.startsWith(k, i));
    if (pair) {
      out += pair[1];
      i += 2;
      continue;
    }
    const single = KANA_ROMAJI.find(([k]) => k === kana[i]);
    out += single ? single[1] : '';
    i += 1;
  }
  // Forms usually drop the long-vowel u (Sato, not Satou); the matcher folds both.
  out = out
    .replace(/ou$/, 'o')
    .replace(/ou(?=[^aeiou])/g, 'o')
    .replace(/uu/g, 'u');
  ROMAJI[kana] = out;
  return out;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const fullWidth = (text: string) => text.replace(/[0-9-]/g, (c) => (c === '-' ? '－' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
const halfWidthKana = (text: string) => {
  const table: Record<string, string> = {};
  const full = 'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン';
  const half = 'ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝ';
  for (let i = 0; i < full.length; i++) table[full[i]!] = half[i]!;
  const voiced = 'ガギグゲゴザジズゼゾダヂヅデドバビブベボ';
  const base = 'カキクケコサシスセソタチツテトハヒフヘホ';
  for (let i = 0; i < voiced.length; i++) table[voiced[i]!] = table[base[i]!]! + 'ﾞ';
  return [...text]
    .map(
      (c) =>
        table[c] ??
        (c === 'ャ' ? 'ｬ' : c === 'ュ' ? 'ｭ' : c === 'ョ' ? 'ｮ' : c === 'ッ' ? 'ｯ' : c === 'ー' ? 'ｰ' : c === ' ' || c === '　' ? ' ' : c),
    )
    .join('');
};
const hiragana = (text: string) => text.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
const kanjiNumber = (n: number) =>
  n < 10
    ? KANJI_DIGITS[n]!
    : n < 20
      ? `十${n % 10 ? KANJI_DIGITS[n % 10] : ''}`
      : `${KANJI_DIGITS[Math.floor(n / 10)]}十${n % 10 ? KANJI_DIGITS[n % 10] : ''}`;

function csvLine(values: readonly (string | null)[]): string {
  return values.map((value) => (value === null ? '' : /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value)).join(',');
}

/** `people` persons spread over three files (about 1.6 records a person). */
export function generateCrmTestSet(people: number, seed = 7): GeneratedTestSet {
  const rand = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const chance = (p: number) => rand() < p;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');
  const usedPhones = new Set<string>();
  const uniquePhone = (make: () => string) => {
    for (;;) {
      const phone = make();
      if (!usedPhones.has(phone)) {
        usedPhones.add(phone);
        return phone;
      }
    }
  };
  const address = (): Address => {
    const place = Math.floor(rand() * PLACES.length);
    return {
      place,
      block: [1 + Math.floor(rand() * 9), 1 + Math.floor(rand() * 20), 1 + Math.floor(rand() * 30)],
      postal: `${PLACES[place]!.postal}${digits(4)}`,
    };
  };

  const companyCount = Math.max(4, Math.round(people / 8));
  const companies: Company[] = Array.from({ length: companyCount }, (_, index) => {
    const latin = chance(0.25);
    const core = `${latin ? pick(COMPANY_CORES_EN) : pick(COMPANY_CORES_JA)}${index >= 16 ? ` ${latin ? 'No.' : '第'}${index}` : ''}`;
    const office = address();
    return {
      core,
      latin,
      domain: `co${index}.example.${latin ? 'com' : 'jp'}`,
      switchboard: uniquePhone(() => `0${PLACES[office.place]!.area}${digits(8 - PLACES[office.place]!.area.length)}0000`.slice(0, 10)),
      office,
    };
  });

  const persons: Person[] = [];
  const emailsTaken = new Set<string>();
  for (let id = 0; id < people; id++) {
    // One in ten shares a home with the previous person (same family name, home phone and address).
    const household = id > 0 && chance(0.1) ? persons[id - 1]! : null;
    const latin = household ? household.latin : chance(0.2);
    let family: string,
      given: string,
      familyKana: string,
      givenKana: string,
      nickname: string | null = null;
    if (latin) {
      family = household?.family ?? pick(LATIN_LAST);
      const first = pick(LATIN_FIRST);
      given = first[0];
      nickname = first[1];
      familyKana = givenKana = '';
    } else {
      const f = household ? ([household.family, household.familyKana] as [string, string]) : pick(FAMILIES);
      const g = pick(GIVENS);
      [family, familyKana] = f;
      [given, givenKana] = g;
    }
    const familyRomaji = latin ? family.toLowerCase() : romajiOf(familyKana);
    const givenRomaji = latin ? given.toLowerCase() : romajiOf(givenKana);
    const company = Math.floor(rand() * companyCount);
    let local = `${givenRomaji}.${familyRomaji}`;
    while (emailsTaken.has(`${local}@${companies[company]!.domain}`)) local = `${givenRomaji}.${familyRomaji}${digits(2)}`;
    emailsTaken.add(`${local}@${companies[company]!.domain}`);
    const home = household?.home ?? address();
    persons.push({
      id,
      latin,
      family,
      given,
      familyKana,
      givenKana,
      familyRomaji,
      givenRomaji,
      nickname,
      birth: `${1950 + Math.floor(rand() * 50)}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`,
      company,
      workEmail: `${local}@${companies[company]!.domain}`,
      personalEmail: `${givenRomaji}${familyRomaji}${id}@gmail.example.com`,
      // Colleagues often give the switchboard number; otherwise a direct line.
      officePhone: chance(0.5)
        ? companies[company]!.switchboard
        : uniquePhone(() => `0${PLACES[companies[company]!.office.place]!.area}${digits(8)}`.slice(0, 10)),
      mobile: uniquePhone(() => `0${pick(['70', '80', '90'])}${digits(8)}`),
      homePhone: household?.homePhone ?? uniquePhone(() => `0${PLACES[home.place]!.area}${digits(8)}`.slice(0, 10)),
      home,
    });
  }

  const formatPhone = (phone: string, style: number) => {
    const digitsOnly = phone;
    const a = digitsOnly.length === 11 ? 3 : digitsOnly.startsWith('03') || digitsOnly.startsWith('06') ? 2 : 3;
    const hyphenated = `${digitsOnly.slice(0, a)}-${digitsOnly.slice(a, digitsOnly.length - 4)}-${digitsOnly.slice(-4)}`;
    switch (style) {
      case 0:
        return hyphenated;
      case 1:
        return digitsOnly;
      case 2:
        return `+81 ${hyphenated.slice(1)}`;
      default:
        return `(${digitsOnly.slice(0, a)})${digitsOnly.slice(a, digitsOnly.length - 4)}-${digitsOnly.slice(-4)}`;
    }
  };
  const street = (addr: Address, style: number) => {
    const place = PLACES[addr.place]!;
    const [a, b, c] = addr.block;
    switch (style) {
      case 0:
        return `${place.town}${a}丁目${b}番${c}号`;
      case 1:
        return `${place.town}${a}-${b}-${c}`;
      case 2:
        return `${place.town}${kanjiNumber(a)}丁目${kanjiNumber(b)}番${kanjiNumber(c)}号`;
      default:
        return `${place.town}${fullWidth(`${a}-${b}-${c}`)}`;
    }
  };
  const companyName = (company: Company, style: number) => {
    if (company.latin) return [`${company.core} Inc.`, `${company.core.toUpperCase()}, INC.`, company.core][style % 3]!;
    return [`株式会社${company.core}`, `${company.core}株式会社`, `(株)${company.core}`, `㈱${company.core}`][style % 4]!;
  };
  const typo = (text: string) => {
    if (text.length < 4) return text;
    const at = 1 + Math.floor(rand() * (text.length - 2));
    const letters = 'aeioustnrkm';
    return text.slice(0, at) + letters[Math.floor(rand() * letters.length)] + text.slice(at + 1);
  };
  const itaiji = (text: string) => [...text].map((c) => ITAIJI[c] ?? c).join('');

  const truth = new Map<string, number>();
  // --- crm_contacts.csv (Salesforce Contact export) -------------------------------------------------
  const crm: string[] = [
    csvLine([
      'Id',
      'LastName',
      'FirstName',
      'LastNameKana__c',
      'FirstNameKana__c',
      'Account Name',
      'Email',
      'Phone',
      'MobilePhone',
      'MailingPostalCode',
      'MailingState',
      'MailingCity',
      'MailingStreet',
      'Birthdate',
      'CreatedDate',
      'LastModifiedDate',
    ]),
  ];
  const crmRow = (person: Person, duplicate: boolean) => {
    const company = companies[person.company]!;
    const place = PLACES[company.office.place]!;
    const family = duplicate && chance(0.5) ? itaiji(person.family) : person.family;
    const email = duplicate && chance(0.5) ? person.workEmail.toUpperCase() : person.workEmail;
    const day = `20${String(18 + Math.floor(rand() * 7))}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`;
    truth.set(`crm_contacts:${crm.length}`, person.id);
    crm.push(
      csvLine([
        `003Ig${String(crm.length).padStart(8, '0')}QAA`,
        family,
        person.given,
        person.latin ? null : person.familyKana,
        person.latin ? null : person.givenKana,
        companyName(company, Math.floor(rand() * 4)),
        email,
        formatPhone(person.officePhone, duplicate ? 1 : 0),
        chance(0.8) ? formatPhone(person.mobile, 0) : null,
        `${company.office.postal.slice(0, 3)}-${company.office.postal.slice(3)}`,
        place.pref,
        place.city,
        street(company.office, duplicate ? 1 : Math.floor(rand() * 2)),
        chance(0.7) ? person.birth : null,
        `${day}T09:00:00.000Z`,
        `${day}T09:00:00.000Z`,
      ]),
    );
  };
  // --- signups.csv (HubSpot contacts export: web forms, personal addresses) --------------------------
  const signups: string[] = [
    csvLine(['Record ID', 'First Name', 'Last Name', 'Email', 'Phone Number', 'Company Name', 'Postal Code', 'City', 'Create Date']),
  ];
  const signupRow = (person: Person) => {
    const romaji = person.latin || chance(0.6);
    let first = romaji ? capitalise(person.givenRomaji) : person.given;
    let last = romaji ? capitalise(person.familyRomaji) : person.family;
    if (person.latin && person.nickname && chance(0.3)) first = person.nickname;
    if (romaji && chance(0.1)) last = capitalise(typo(last.toLowerCase()));
    // Japanese forms: some people type family name into "First Name".
    if (!person.latin && chance(0.15)) [first, last] = [last, first];
    const tag = chance(0.3) ? `+${pick(['seminar', 'news', 'shop'])}` : '';
    const personal = chance(0.6);
    const email = personal ? person.personalEmail.replace('@', `${tag}@`) : person.workEmail;
    // Home phone and address for some; they then name their employer (else only the name would link them).
    const home = chance(0.3);
    truth.set(`signups:${signups.length}`, person.id);
    signups.push(
      csvLine([
        String(50000 + signups.length),
        first,
        last,
        email,
        home ? formatPhone(person.homePhone, 2) : formatPhone(person.mobile, Math.floor(rand() * 3)),
        home || chance(0.5) ? companyName(companies[person.company]!, Math.floor(rand() * 4)) : null,
        home ? person.home.postal : null,
        home ? PLACES[person.home.place]!.city : null,
        `2024-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)} 10:00`,
      ]),
    );
  };
  // --- support.csv (問い合わせ一覧, CP932 from Excel) --------------------------------------------------
  const support: string[] = [
    csvLine(['問合せ番号', '会社名', '氏名', 'フリガナ', '電話番号', 'メールアドレス', '郵便番号', '住所', '受付日']),
  ];
  const supportRow = (person: Person) => {
    const company = companies[person.company]!;
    const place = PLACES[company.office.place]!;
    const name = person.latin
      ? `${person.given} ${person.family}`
      : `${chance(0.3) ? itaiji(person.family) : person.family}\u3000${person.given}`;
    const kana = person.latin ? null : `${person.familyKana} ${person.givenKana}`;
    const reading = kana === null ? null : chance(0.4) ? halfWidthKana(kana) : chance(0.5) ? hiragana(kana) : kana;
    const postal = company.office.postal;
    truth.set(`support:${support.length}`, person.id);
    support.push(
      csvLine([
        `Q${String(support.length).padStart(7, '0')}`,
        companyName(company, Math.floor(rand() * 4)),
        name,
        reading,
        chance(0.5) ? fullWidth(formatPhone(chance(0.5) ? person.officePhone : person.mobile, 0)) : formatPhone(person.mobile, 0),
        chance(0.2) ? person.workEmail.toUpperCase() : person.workEmail,
        chance(0.5) ? `〒${postal.slice(0, 3)}-${postal.slice(3)}` : fullWidth(`${postal.slice(0, 3)}-${postal.slice(3)}`),
        `${chance(0.5) ? place.pref : ''}${place.city}${street(company.office, Math.floor(rand() * 4))}`,
        `2025/0${1 + Math.floor(rand() * 9)}/1${Math.floor(rand() * 9)}`,
      ]),
    );
  };

  for (const person of persons) {
    const inCrm = chance(0.7);
    const inSignups = chance(0.5);
    const inSupport = chance(0.4) || (!inCrm && !inSignups);
    if (inCrm) {
      crmRow(person, false);
      if (chance(0.05)) crmRow(person, true);
    }
    if (inSignups) signupRow(person);
    if (inSupport) supportRow(person);
  }
  return {
    files: [
      { name: 'crm_contacts.csv', text: crm.join('\n') + '\n', encoding: 'utf-8' },
      { name: 'signups.csv', text: signups.join('\n') + '\n', encoding: 'utf-8-bom' },
      { name: 'support.csv', text: support.join('\r\n') + '\r\n', encoding: 'cp932' },
    ],
    truth,
    people,
  };
}

/** Pairs of records of the same person in `truth`, as `a|b` keys with a < b. */
export function truePairs(truth: ReadonlyMap<string, number>): Set<string> {
  const byPerson = new Map<number, string[]>();
  for (const [record, person] of truth) byPerson.set(person, [...(byPerson.get(person) ?? []), record]);
  const pairs = new Set<string>();
  for (const records of byPerson.values()) {
    for (let i = 0; i < records.length; i++) for (let j = i + 1; j < records.length; j++) pairs.add(pairKey(records[i]!, records[j]!));
  }
  return pairs;
}

export const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** Pairwise precision, recall and F1 of clusters (record → cluster id) against true pairs. */
export function pairwiseScores(
  clusters: ReadonlyMap<string, number | bigint | string>,
  truth: ReadonlySet<string>,
): { precision: number; recall: number; f1: number; predicted: number; truePositives: number } {
  const byCluster = new Map<string, string[]>();
  for (const [record, cluster] of clusters) byCluster.set(String(cluster), [...(byCluster.get(String(cluster)) ?? []), record]);
  let predicted = 0;
  let truePositives = 0;
  for (const records of byCluster.values()) {
    for (let i = 0; i < records.length; i++) {
      for (let j = i + 1; j < records.length; j++) {
        predicted++;
        if (truth.has(pairKey(records[i]!, records[j]!))) truePositives++;
      }
    }
  }
  const precision = predicted ? truePositives / predicted : 1;
  const recall = truth.size ? truePositives / truth.size : 1;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, predicted, truePositives };
}
