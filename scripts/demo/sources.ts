import { dataAsOf, salesforceId, type Person } from './people.ts';
import type { Random } from './random.ts';
import {
  badEmail,
  companyText,
  emailText,
  fullwidthDigits,
  kanaText,
  latinVariant,
  phoneText,
  withItaiji,
  type CompanyStyle,
  type EmailStyle,
  type KanaStyle,
  type PhoneStyle,
} from './variants.ts';

/** One generated file before encoding, with the person behind each row ('' for junk rows). */
export interface SourceTable {
  headers: string[];
  rows: string[][];
  personIds: string[];
}

const companyStyles: readonly CompanyStyle[] = [
  'registered',
  'kabu-parens',
  'kabu-fullwidth-parens',
  'kabu-symbol',
  'no-legal-form',
  'spaced',
];
const emailStyles: readonly EmailStyle[] = ['capitalised', 'upper', 'plus-tag', 'trailing-space'];

function isoTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}.000Z`;
}

function dayString(date: Date, separator = '-'): string {
  return date.toISOString().slice(0, 10).replace(/-/g, separator);
}

function randomDate(random: Random, from: Date, to: Date): Date {
  return new Date(from.getTime() + random.next() * (to.getTime() - from.getTime()));
}

const day = 86_400_000;
const futureDate = (random: Random) => new Date(dataAsOf.getTime() + random.int(200, 700) * day);

/** Postal codes that cannot be right: wrong length, letters, all zeros. */
function invalidPostalCode(random: Random): string {
  return random.pick(['123-45', '1000-005', '〒', '0000000', '12-34567', '150-00O1']);
}

// ---------------------------------------------------------------- Salesforce contacts

export const crmHeaders = [
  'Id',
  'AccountId',
  'Account.Name',
  'LastName',
  'FirstName',
  'LastNameKana__c',
  'FirstNameKana__c',
  'Title',
  'Department',
  'Email',
  'Phone',
  'MobilePhone',
  'MailingStreet',
  'MailingCity',
  'MailingState',
  'MailingPostalCode',
  'MailingCountry',
  'LeadSource',
  'HasOptedOutOfEmail',
  'OwnerId',
  'CreatedDate',
  'LastModifiedDate',
];

const owners = Array.from({ length: 6 }, (_, index) => salesforceId('005', index + 1));

function crmRow(random: Random, person: Person, id: string, duplicate: boolean): string[] {
  const { address, company } = person;
  let family = person.family.kanji;
  let given = person.given.kanji;
  let kanaStyle: KanaStyle = random.chance(0.05) ? 'halfwidth' : 'katakana';
  let email = person.workEmail || person.personalEmail;
  let phoneStyle: PhoneStyle = random.chance(0.85) ? 'hyphen' : 'plain';
  let createdAt = person.createdAt;
  if (duplicate) {
    if (person.japanese) {
      const variant = withItaiji(family);
      if (variant && random.chance(0.6)) family = variant;
      else kanaStyle = 'halfwidth';
    } else if (random.chance(0.5)) given = latinVariant(given, random);
    else family = latinVariant(family, random);
    email = random.chance(0.2) ? '' : emailText(email, random.pick(emailStyles), random);
    phoneStyle = random.pick(['plain', 'parens', 'international', 'spaces'] as const);
    createdAt = randomDate(random, person.createdAt, dataAsOf);
  } else if (random.chance(0.05)) email = '';
  else if (random.chance(0.015)) email = badEmail(email, random);
  if (random.chance(0.003)) createdAt = futureDate(random);

  let postalCode = random.chance(0.1) ? address.postalCode.replace('-', '') : address.postalCode;
  if (random.chance(0.012)) postalCode = invalidPostalCode(random);
  const japan = address.country === 'Japan';
  const region = japan && random.chance(0.05) ? address.region.replace(/[都府県]$/, '') : address.region;
  const country = japan ? random.weighted(['日本', 'Japan', 'JP', ''], [5, 3, 1, 1]) : address.country;
  const modifiedAt = randomDate(random, createdAt, new Date(Math.max(createdAt.getTime(), dataAsOf.getTime())));
  return [
    id,
    company?.accountId ?? '',
    company?.name ?? '',
    family,
    given,
    person.japanese ? kanaText(person.family.kana, kanaStyle) : '',
    person.japanese ? kanaText(person.given.kana, kanaStyle) : '',
    person.title,
    person.department,
    email,
    phoneText(person.phone, phoneStyle),
    person.mobile ? phoneText(person.mobile, random.chance(0.8) ? 'hyphen' : 'plain') : '',
    [address.street, address.building].filter(Boolean).join(' '),
    address.city,
    region,
    postalCode,
    country,
    random.weighted(['Web', 'Trade Show', 'Partner Referral', 'Phone Inquiry', ''], [4, 2, 2, 1, 1]),
    random.chance(0.1) ? 'true' : 'false',
    random.pick(owners),
    isoTimestamp(createdAt),
    isoTimestamp(modifiedAt),
  ];
}

const junkCrmRows: readonly (readonly [family: string, given: string, email: string, phone: string])[] = [
  ['テスト', 'テスト', 'test@example.com', '000-0000-0000'],
  ['test', 'test', 'test@test', '0000000000'],
  ['ダミー', '削除予定', '', '03-0000-0000'],
];

/** Salesforce Contact export: one row per CRM person, some entered twice, a few test rows. */
export function crmContacts(
  random: Random,
  people: readonly Person[],
  duplicates: number,
): { table: SourceTable; contactIds: Map<string, string[]> } {
  const entries = [
    ...people.map((person) => ({ person, duplicate: false })),
    ...random
      .shuffle(people)
      .slice(0, duplicates)
      .map((person) => ({ person, duplicate: true })),
  ];
  const ordered = random.shuffle(entries);
  const table: SourceTable = { headers: crmHeaders, rows: [], personIds: [] };
  const contactIds = new Map<string, string[]>();
  ordered.forEach(({ person, duplicate }, index) => {
    const id = salesforceId('003', index + 1);
    table.rows.push(crmRow(random, person, id, duplicate));
    table.personIds.push(person.id);
    contactIds.set(person.id, [...(contactIds.get(person.id) ?? []), id]);
  });
  for (const [family, given, email, phone] of junkCrmRows) {
    const createdAt = isoTimestamp(randomDate(random, new Date(Date.UTC(2024, 0, 1)), dataAsOf));
    const values: Record<string, string> = {
      Id: salesforceId('003', table.rows.length + 1),
      LastName: family,
      FirstName: given,
      Email: email,
      Phone: phone,
      HasOptedOutOfEmail: 'false',
      OwnerId: random.pick(owners),
      CreatedDate: createdAt,
      LastModifiedDate: createdAt,
    };
    const at = random.int(0, table.rows.length);
    table.rows.splice(
      at,
      0,
      crmHeaders.map((header) => values[header] ?? ''),
    );
    table.personIds.splice(at, 0, '');
  }
  return { table, contactIds };
}

// ---------------------------------------------------------------- HubSpot sign-ups

export const marketingHeaders = [
  'Record ID',
  'First Name',
  'Last Name',
  'Email',
  'Phone Number',
  'Company Name',
  'City',
  'State/Region',
  'Postal Code',
  'Country/Region',
  'Lifecycle Stage',
  'Original Source',
  'Create Date',
  'Marketing contact status',
];

function hubspotTimestamp(date: Date): string {
  return `${dayString(date)} ${date.toISOString().slice(11, 16)}`;
}

function signupRow(random: Random, person: Person, recordId: string, knownToSales: boolean, duplicate: boolean): string[] {
  const { address } = person;
  const nameStyle = person.japanese ? random.weighted(['kanji', 'romaji', 'swapped', 'katakana'], [60, 30, 6, 4]) : 'latin';
  const namesByStyle: Record<string, () => [first: string, last: string]> = {
    kanji: () => [person.given.kanji, person.family.kanji],
    romaji: () => [person.given.romaji, person.family.romaji],
    swapped: () => [person.family.kanji, person.given.kanji],
    katakana: () => [person.given.kana, person.family.kana],
    latin: () => [duplicate || random.chance(0.1) ? latinVariant(person.given.romaji, random) : person.given.romaji, person.family.romaji],
  };
  const [first, last] = namesByStyle[nameStyle]!();
  const usesWorkEmail = person.workEmail !== '' && random.chance(knownToSales ? 0.4 : 0.25);
  let email = usesWorkEmail ? person.workEmail : person.personalEmail;
  if (duplicate || random.chance(0.15)) email = emailText(email, random.pick(emailStyles), random);
  if (random.chance(0.01)) email = '';
  else if (random.chance(0.012)) email = badEmail(email, random);
  const phone = random.chance(0.5)
    ? ''
    : phoneText(person.mobile ?? person.phone, random.pick(['international', 'plain', 'hyphen'] as const));
  const romaji = nameStyle === 'romaji' || nameStyle === 'latin';
  const createdAt = randomDate(random, new Date(Date.UTC(2023, 0, 1)), dataAsOf);
  const japan = address.country === 'Japan';
  return [
    recordId,
    first,
    last,
    email,
    phone,
    person.company && random.chance(0.5) ? companyText(person.company, random.pick(companyStyles)) : '',
    romaji ? address.cityRomaji : address.city,
    romaji ? address.regionRomaji : address.region,
    random.chance(0.15) ? address.postalCode.replace('-', '') : address.postalCode,
    japan ? random.weighted(['Japan', 'JP', '日本'], [6, 2, 2]) : address.country,
    random.weighted(['Subscriber', 'Lead', 'Marketing Qualified Lead', 'Customer'], knownToSales ? [2, 3, 2, 3] : [5, 3, 1, 0]),
    random.weighted(['Organic Search', 'Social Media', 'Email Marketing', 'Direct Traffic', 'Offline Sources'], [4, 3, 2, 2, 1]),
    hubspotTimestamp(createdAt),
    random.chance(0.8) ? 'Marketing contact' : 'Non-marketing contact',
  ];
}

/** HubSpot contact export of newsletter and seminar sign-ups: personal e-mails, romaji names. */
export function marketingSignups(
  random: Random,
  knownToSales: readonly Person[],
  newPeople: readonly Person[],
  duplicates: number,
): SourceTable {
  const known = new Set(knownToSales.map((person) => person.id));
  const entries = [
    ...[...knownToSales, ...newPeople].map((person) => ({ person, duplicate: false })),
    ...random
      .shuffle([...knownToSales, ...newPeople])
      .slice(0, duplicates)
      .map((person) => ({ person, duplicate: true })),
  ];
  const table: SourceTable = { headers: marketingHeaders, rows: [], personIds: [] };
  random.shuffle(entries).forEach(({ person, duplicate }, index) => {
    const recordId = String(70001 + index * 2 + random.int(0, 1));
    table.rows.push(signupRow(random, person, recordId, known.has(person.id), duplicate));
    table.personIds.push(person.id);
  });
  return table;
}

// ---------------------------------------------------------------- support tickets (Japanese Excel, CP932)

export const ticketHeaders = [
  '問合せ番号',
  '受付日時',
  '会社名',
  '氏名',
  'フリガナ',
  '電話番号',
  'メールアドレス',
  '件名',
  '内容',
  '対応状況',
  '優先度',
  '完了日',
];

const ticketSubjects: readonly [subject: string, detail: string][] = [
  ['請求書の再発行について', '先月分の請求書（￥12,800）を紛失したため、再発行をお願いします。'],
  ['配送状況の確認', '注文した商品がまだ届いていません。配送状況を教えてください。'],
  ['ログインできない', 'パスワードを入力してもログインできません。至急確認をお願いします。'],
  ['商品の返品について', '届いた商品が注文と異なるため、返品・交換を希望します。'],
  ['見積もりの依頼', '法人向けプランの見積もりをお願いします。数量は50、納期は来月末です。'],
  ['契約内容の変更', '担当者が変わったため、登録情報の変更をお願いします。'],
  ['請求金額の相違', '請求金額が見積もりと異なります。内訳を送ってください。'],
  ['製品の不具合', '電源が入らなくなりました。保証期間内の修理は可能でしょうか。'],
];

function ticketRow(random: Random, person: Person, number: number): string[] {
  const separator = random.weighted(['　', ' ', ''], [5, 3, 2]);
  let family = person.family.kanji;
  if (person.japanese && random.chance(0.25)) family = withItaiji(family) ?? family;
  const name = person.japanese ? `${family}${separator}${person.given.kanji}` : `${person.given.romaji} ${person.family.romaji}`;
  const kanaStyle = random.weighted<KanaStyle | 'blank'>(['katakana', 'halfwidth', 'hiragana', 'blank'], [60, 25, 10, 5]);
  const reading =
    !person.japanese || kanaStyle === 'blank' ? '' : kanaText(`${person.family.kana}${separator}${person.given.kana}`, kanaStyle);
  const phone = person.mobile && random.chance(0.3) ? person.mobile : person.phone;
  let email = random.chance(0.5) && person.workEmail ? person.workEmail : person.personalEmail;
  if (random.chance(0.1)) email = '';
  else if (random.chance(0.02)) email = badEmail(email, random);
  // Each chance() is a fresh draw, not the same condition as above.
  // eslint-disable-next-line no-dupe-else-if
  else if (random.chance(0.1)) email = emailText(email, random.pick(emailStyles), random);
  const receivedAt = randomDate(random, new Date(Date.UTC(2023, 6, 1)), dataAsOf);
  const status = random.weighted(['完了', '対応中', '未対応', '保留'], [70, 15, 10, 5]);
  // A few tickets were closed "before" they arrived: a date typed by hand.
  const closedAt = new Date(receivedAt.getTime() + (random.chance(0.02) ? -random.int(1, 30) : random.int(0, 10)) * day);
  const [subject, detail] = random.pick(ticketSubjects);
  const received = `${dayString(receivedAt, '/')} ${receivedAt.toISOString().slice(11, 16)}`;
  return [
    `T-${String(number).padStart(6, '0')}`,
    received,
    person.company ? companyText(person.company, random.weighted(companyStyles, [3, 3, 2, 4, 2, 1])) : '',
    name,
    reading,
    phoneText(phone, random.weighted<PhoneStyle>(['fullwidth', 'hyphen', 'plain', 'parens'], [40, 30, 15, 15])),
    email,
    subject,
    random.chance(0.2) ? fullwidthDigits(detail) : detail,
    status,
    random.weighted(['高', '中', '低'], [2, 5, 3]),
    status === '完了' ? dayString(closedAt, '/') : '',
  ];
}

/** Support desk export saved from Excel: a person may write in many times, spelling things differently each time. */
export function supportTickets(random: Random, askers: readonly Person[], rowCount: number): SourceTable {
  const table: SourceTable = { headers: ticketHeaders, rows: [], personIds: [] };
  const ticketsPerAsker = askers.map(() => 1 + Math.floor(random.exponential(1.5)));
  const queue = random.shuffle(askers.flatMap((person, index) => Array<Person>(ticketsPerAsker[index]!).fill(person))).slice(0, rowCount);
  queue.forEach((person, index) => {
    table.rows.push(ticketRow(random, person, index + 1));
    table.personIds.push(person.id);
  });
  return table;
}

// ---------------------------------------------------------------- orders

export const orderHeaders = ['order_id', 'contact_id', 'order_date', 'amount', 'currency', 'channel', 'status'];

const ordersFrom = new Date(Date.UTC(2023, 6, 1));
/** Relative demand by month (Jan…Dec): a December peak and a summer dip. */
const monthDemand = [0.8, 0.7, 0.9, 0.85, 0.8, 0.75, 0.8, 0.7, 0.85, 0.9, 0.95, 1];

/**
 * A repeat-purchase history: each customer buys at their own rate while they stay active
 * (a BG/NBD-like process), amounts are log-normal around a per-customer level.
 */
export function orders(
  random: Random,
  customers: readonly Person[],
  contactIds: ReadonlyMap<string, string[]>,
  rowCount: number,
): SourceTable {
  type Order = { contactId: string; date: Date; amount: number };
  let history: Order[] = [];
  for (const customer of customers) {
    const ids = contactIds.get(customer.id)!;
    const ratePerDay = ((random.exponential(1) + random.exponential(1)) * 6.5) / 365;
    const spendLevel = Math.exp(Math.log(6000) + 0.5 * random.normal());
    const start = randomDate(random, ordersFrom, dataAsOf);
    const end = Math.min(dataAsOf.getTime(), start.getTime() + random.exponential(500) * day);
    for (let time = start.getTime(); time <= end; time += random.exponential(1 / ratePerDay) * day) {
      const date = new Date(time);
      if (!random.chance(monthDemand[date.getUTCMonth()]!)) continue;
      const amount = Math.max(300, Math.round((spendLevel * Math.exp(0.6 * random.normal())) / 10) * 10);
      history.push({ contactId: random.pick(ids), date, amount });
    }
  }
  const planted = { unknownContacts: 12, negativeAmounts: 15, futureDates: 6 };
  history = random.shuffle(history).slice(0, rowCount - planted.unknownContacts);
  for (let index = 0; index < planted.unknownContacts; index++) {
    history.push({
      contactId: salesforceId('003', 900_000 + index),
      date: randomDate(random, ordersFrom, dataAsOf),
      amount: random.int(100, 2000) * 10,
    });
  }
  history.sort((a, b) => a.date.getTime() - b.date.getTime() || a.contactId.localeCompare(b.contactId));

  const table: SourceTable = { headers: orderHeaders, rows: [], personIds: [] };
  const recent = dataAsOf.getTime() - 14 * day;
  history.forEach((order, index) => {
    const status =
      order.date.getTime() > recent && random.chance(0.4) ? 'pending' : random.weighted(['completed', 'cancelled', 'refunded'], [90, 6, 4]);
    table.rows.push([
      `ORD-${String(index + 1).padStart(6, '0')}`,
      order.contactId,
      dayString(order.date),
      String(order.amount),
      'JPY',
      random.weighted(['online', 'store', 'phone'], [6, 3, 1]),
      status,
    ]);
    table.personIds.push('');
  });
  for (const row of random.shuffle(table.rows).slice(0, planted.negativeAmounts)) {
    row[3] = String(-Number(row[3]));
    row[6] = 'refunded';
  }
  for (const row of random.shuffle(table.rows).slice(0, planted.futureDates)) row[2] = dayString(futureDate(random));
  return table;
}
