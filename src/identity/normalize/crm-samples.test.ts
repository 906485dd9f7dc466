/** The hand-written CRM samples (../shared/data/crm, ground truth in its README): planted duplicates meet, traps do not all collapse. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  companyKey,
  emailParts,
  fullName,
  nameKeys,
  nicknameGroup,
  normalizePhone,
  normalizePostalCode,
  regionFromCountry,
  addressKey,
} from './index.ts';

const crmDir = new URL('../../../../shared/data/crm/', import.meta.url);
const present = existsSync(fileURLToPath(new URL('README.md', crmDir)));
if (!present) console.warn(`CRM samples not found at ${fileURLToPath(crmDir)}: skipping the sample checks.`);

/** RFC 4180 records (quoted fields may hold commas, quotes and newlines); enough for these fixtures, not a product CSV reader. */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...data] = rows;
  return data.map((cells) => Object.fromEntries(header!.map((name, j) => [name, cells[j] ?? ''])));
}

function read(name: string, encoding = 'utf-8'): Record<string, string>[] {
  return parseCsv(new TextDecoder(encoding).decode(readFileSync(fileURLToPath(new URL(name, crmDir)))));
}

interface Person {
  name: ReturnType<typeof nameKeys>;
  given: string;
  phones: (string | null)[];
  email: ReturnType<typeof emailParts>;
  company: string;
  postal: string | null;
  street: string;
}

function loadPeople(): Map<string, Person> {
  const people = new Map<string, Person>();
  const accounts = new Map(read('salesforce_accounts.csv').map((a) => [a['Id']!, a['Name']!]));
  for (const r of read('salesforce_contacts.csv')) {
    const region = regionFromCountry(r['MailingCountry']) ?? 'JP';
    const reading = r['LastNameKana__c'] ? `${r['LastNameKana__c']} ${r['FirstNameKana__c']}` : null;
    people.set(`SF:${r['Id']!.slice(-5)}`, {
      name: nameKeys(fullName(r['FirstName'], r['LastName']), reading),
      given: r['FirstName']!,
      phones: [normalizePhone(r['Phone'], region), normalizePhone(r['MobilePhone'], region)],
      email: emailParts(r['Email']),
      company: companyKey(accounts.get(r['AccountId']!) ?? '').core,
      postal: normalizePostalCode(r['MailingPostalCode']),
      street: addressKey(r['MailingStreet']).street,
    });
  }
  for (const r of read('hubspot_contacts.csv')) {
    const region = regionFromCountry(r['Country/Region']) ?? 'JP';
    people.set(`HS:${r['Record ID']}`, {
      name: nameKeys(fullName(r['First Name'], r['Last Name'])),
      given: r['First Name']!,
      phones: [normalizePhone(r['Phone Number'], region), normalizePhone(r['Mobile Phone Number'], region)],
      email: emailParts(r['Email']),
      company: companyKey(r['Company Name']).core,
      postal: normalizePostalCode(r['Postal Code']),
      street: addressKey(r['Street Address']).street,
    });
  }
  // No multi-line fields in this file, so data row i is physical line i + 2.
  read('jp_contacts_cp932.csv', 'shift_jis').forEach((r, i) => {
    people.set(`JP:line${i + 2}`, {
      name: nameKeys(r['氏名'], r['フリガナ']),
      given: '',
      phones: [normalizePhone(r['電話番号']), normalizePhone(r['携帯電話'])],
      email: emailParts(r['メールアドレス']),
      company: companyKey(r['会社名']).core,
      postal: normalizePostalCode(r['郵便番号']),
      street: addressKey(r['住所']).street,
    });
  });
  return people;
}

describe.skipIf(!present)('CRM samples', () => {
  const people = present ? loadPeople() : new Map<string, Person>();
  const get = (key: string): Person => {
    const person = people.get(key);
    if (!person) throw new Error(`no record ${key}`);
    return person;
  };
  const same = <T>(keys: string[], pick: (p: Person) => T) => {
    const values = keys.map((k) => pick(get(k)));
    for (const v of values) expect(v).not.toBeNull();
    expect(new Set(values.map((v) => JSON.stringify(v))).size, `${keys.join(', ')}: ${JSON.stringify(values)}`).toBe(1);
  };
  const sharePhone = (a: string, b: string) => get(a).phones.some((p) => p !== null && get(b).phones.includes(p));

  it('reads every file (CP932 decoded with shift_jis)', () => {
    expect([...people.keys()].filter((k) => k.startsWith('SF:'))).toHaveLength(31);
    expect([...people.keys()].filter((k) => k.startsWith('HS:'))).toHaveLength(30);
    expect([...people.keys()].filter((k) => k.startsWith('JP:'))).toHaveLength(20);
    expect(get('JP:line3').name.normalized).toBe('高橋 一郎');
  });

  it('P01 山田 太郎: romaji, reading, swapped order, phone formats, e-mail case, ㈱/(株)/株式会社', () => {
    same(['SF:RSQAA', 'SF:RTQAA', 'HS:51200', 'JP:line2'], (p) => p.name.romaji);
    same(['SF:RSQAA', 'SF:RTQAA', 'HS:51376', 'JP:line2'], (p) => p.name.swappedKey);
    same(['SF:RSQAA', 'SF:RTQAA', 'HS:51200', 'JP:line2'], (p) => p.phones[0]);
    expect(sharePhone('HS:51376', 'JP:line2')).toBe(true);
    same(['SF:RSQAA', 'SF:RTQAA', 'HS:51200', 'JP:line2'], (p) => p.email?.canonical);
    same(['SF:RSQAA', 'SF:RTQAA', 'HS:51376', 'JP:line2'], (p) => p.company);
    same(['SF:RSQAA', 'SF:RTQAA', 'HS:51200', 'JP:line2'], (p) => p.postal);
    same(['SF:RSQAA', 'SF:RTQAA'], (p) => p.street);
    expect(get('JP:line2').street).toBe('丸の内1-1-1');
  });

  it('P02 佐藤 花子: (株)/㈱, phone without hyphens', () => {
    same(['SF:RUQAA', 'HS:51208', 'JP:line20'], (p) => p.name.normalized);
    same(['SF:RUQAA', 'HS:51208', 'JP:line20'], (p) => p.phones[0]);
    same(['SF:RUQAA', 'HS:51208', 'JP:line20'], (p) => p.company);
    same(['SF:RUQAA', 'HS:51208'], (p) => p.street);
  });

  it('P03 髙橋/高橋 一郎 and 北一条西2丁目/北1条西2丁目', () => {
    same(['SF:RVQAA', 'HS:51216', 'JP:line3'], (p) => p.name.normalized);
    same(['SF:RVQAA', 'HS:51216', 'JP:line3'], (p) => p.name.romaji === null || p.name.romaji === 'takahashi ichiro');
    same(['SF:RVQAA', 'HS:51216'], (p) => p.street);
  });

  it('P04 鈴木 美咲: trailing space and upper-case e-mail, full-width postal code, mobile without hyphens, 梅田３丁目１－３', () => {
    same(['SF:RWQAA', 'SF:RXQAA', 'HS:51221'], (p) => p.email?.email);
    same(['SF:RWQAA', 'SF:RXQAA', 'HS:51221'], (p) => p.postal);
    same(['SF:RWQAA', 'SF:RXQAA'], (p) => p.phones[1]);
    same(['SF:RWQAA', 'SF:RXQAA', 'HS:51221'], (p) => p.street);
    same(['SF:RWQAA', 'HS:51221'], (p) => p.company);
  });

  it('P05 田中 健: (有)/㈲/bare company, hiragana reading', () => {
    same(['SF:RYQAA', 'HS:51229', 'JP:line4'], (p) => p.company);
    same(['SF:RYQAA', 'JP:line4'], (p) => p.name.romaji);
    same(['SF:RYQAA', 'HS:51229', 'JP:line4'], (p) => p.phones[0]);
  });

  it('P06 渡辺/渡邊, P13 斎藤/齋藤, P11 仙台機器(株)/株式会社', () => {
    same(['SF:RZQAA', 'HS:51237'], (p) => p.name.normalized);
    same(['SF:S5QAA', 'SF:S6QAA', 'JP:line6'], (p) => p.name.normalized);
    same(['SF:S5QAA', 'SF:S6QAA', 'JP:line6'], (p) => p.phones[0]);
    same(['SF:S5QAA', 'SF:S6QAA'], (p) => p.street);
    same(['SF:S3QAA', 'HS:51263'], (p) => p.company);
  });

  it('P09 小林 翔: e-mail case and +seminar tag, +81 mobile', () => {
    same(['HS:51242', 'HS:51250'], (p) => p.email?.canonical);
    expect(get('HS:51242').email?.email).not.toBe(get('HS:51250').email?.email);
    expect(sharePhone('HS:51242', 'HS:51250')).toBe(true);
    same(['HS:51242', 'HS:51250'], (p) => p.postal);
  });

  it('P16 John Smith (US formats), P18 Michael/Mike Brown (UK formats), P20 林 健太 (full-width phone, 〒, 一丁目1番1号)', () => {
    same(['SF:S8QAA', 'HS:51284'], (p) => p.phones[0]);
    same(['SF:S8QAA', 'HS:51284'], (p) => p.email?.email);
    same(['SF:SAQAA', 'HS:51300'], (p) => p.phones[0]);
    same(['SF:SAQAA', 'HS:51300'], (p) => nicknameGroup(p.given));
    same(['SF:SAQAA', 'HS:51300'], (p) => p.name.family);
    same(['SF:SCQAA', 'HS:51305'], (p) => p.phones[0]);
    same(['SF:SCQAA', 'HS:51305'], (p) => p.postal);
    same(['SF:SCQAA', 'HS:51305'], (p) => p.street);
  });

  it('company accounts A01 = A13 and A11 = A12', () => {
    const accounts = read('salesforce_accounts.csv');
    const core = (suffix: string) => companyKey(accounts.find((a) => a['Id']!.endsWith(suffix))!['Name']).core;
    expect(core('02SQAA')).toBe(core('34QAA'));
    expect(core('32QAA')).toBe(core('33QAA'));
    expect(core('02SQAA')).not.toBe(core('32QAA'));
  });

  it('traps: namesake 佐藤 花子 at 新潟米穀 shares the name but nothing else', () => {
    const p02 = get('SF:RUQAA');
    const p35 = get('SF:SJQAA');
    expect(p35.name.normalized).toBe(p02.name.normalized);
    expect(p35.email?.canonical).not.toBe(p02.email?.canonical);
    expect(p35.company).not.toBe(p02.company);
    expect(sharePhone('SF:SJQAA', 'SF:RUQAA')).toBe(false);
    expect(p35.postal).not.toBe(p02.postal);
  });

  it('traps: one company and phone prefix 03-3201-12xx, one account for John Smith and David Lee', () => {
    for (const [a, b] of [
      ['SF:S0QAA', 'HS:51355'],
      ['SF:S0QAA', 'SF:RSQAA'],
      ['HS:51355', 'SF:RSQAA'],
    ] as const) {
      expect(sharePhone(a, b)).toBe(false);
      expect(get(a).name.swappedKey).not.toBe(get(b).name.swappedKey);
      expect(get(a).email?.canonical).not.toBe(get(b).email?.canonical);
    }
    expect(get('SF:SKQAA').company).toBe(get('SF:S8QAA').company);
    expect(get('SF:SKQAA').name.swappedKey).not.toBe(get('SF:S8QAA').name.swappedKey);
    expect(sharePhone('SF:SKQAA', 'SF:S8QAA')).toBe(false);
  });

  it('junk rows give no phone and no keys to block on', () => {
    expect(get('SF:SLQAA').phones).toEqual([null, null]);
    const empty = get('HS:51405');
    expect(empty.email).toBeNull();
    expect(empty.phones).toEqual([null, null]);
    expect(empty.name.normalized).toBe('');
    expect(empty.company).toBe('');
  });

  it('①担当 noise is dropped from 氏名', () => expect(get('JP:line16').name.normalized).toBe('佐々木 遥'));
});
