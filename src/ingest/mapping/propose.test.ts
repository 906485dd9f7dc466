import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mappingPresets } from './presets.ts';
import { mappingFromPreset, normalizeHeader, proposeMapping, sourceMapping } from './propose.ts';

const sampleDir = '/work/shared/data/crm';

/** The header row of a CSV file: first record only, BOM stripped, quotes honoured. */
function headerRow(path: string, encoding = 'utf-8'): string[] {
  const text = new TextDecoder(encoding).decode(readFileSync(path)).replace(/^\uFEFF/, '');
  const line = text.split(/\r?\n/, 1)[0]!;
  return [...line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)].map((match) => match[1]?.replace(/""/g, '"') ?? match[2] ?? '');
}

describe('normalizeHeader', () => {
  it('ignores case, spaces, underscores, punctuation and full-width forms', () => {
    expect(normalizeHeader('Mailing_City')).toBe(normalizeHeader('mailing city'));
    expect(normalizeHeader('ＭａｉｌｉｎｇＣｉｔｙ')).toBe('mailingcity');
    expect(normalizeHeader('State/Region')).toBe('stateregion');
    expect(normalizeHeader('E-mail')).toBe('email');
    expect(normalizeHeader('ﾌﾘｶﾞﾅ')).toBe('フリガナ');
    expect(normalizeHeader('氏名（カナ）')).toBe('氏名カナ');
  });
});

describe.skipIf(!existsSync(sampleDir))(`sample CRM exports in ${sampleDir} (skipped when absent)`, () => {
  const expected: [file: string, preset: string, encoding?: string][] = [
    ['salesforce_contacts.csv', 'salesforce.contact'],
    ['salesforce_accounts.csv', 'salesforce.account'],
    ['support_tickets.csv', 'salesforce.case'],
    ['hubspot_contacts.csv', 'hubspot.contact'],
    ['jp_contacts_cp932.csv', 'japanese.contact', 'shift_jis'],
    ['orders.csv', 'generic.order'],
    ['messy_rows.csv', 'generic.contact'],
  ];
  it.each(expected)('%s → %s', (file, preset, encoding) => {
    const headers = headerRow(join(sampleDir, file), encoding);
    const proposal = proposeMapping(headers);
    expect(proposal.preset).toBe(preset);
    expect(proposal.score).toBeGreaterThan(0.5);
  });

  it('maps the Salesforce contact columns, including the kana custom fields', () => {
    const { mapping, unmapped } = proposeMapping(headerRow(join(sampleDir, 'salesforce_contacts.csv')));
    expect(mapping).toMatchObject({
      source_id: 'Id',
      account_id: 'AccountId',
      family_name: 'LastName',
      given_name: 'FirstName',
      family_name_reading: 'LastNameKana__c',
      given_name_reading: 'FirstNameKana__c',
      city: 'MailingCity',
      postal_code: 'MailingPostalCode',
      created_at: 'CreatedDate',
    });
    expect(unmapped).toEqual([]);
  });

  it('maps the Japanese business-card columns', () => {
    const { mapping, unmapped } = proposeMapping(headerRow(join(sampleDir, 'jp_contacts_cp932.csv'), 'shift_jis'));
    expect(mapping).toEqual({
      company: '会社名',
      department: '部署名',
      title: '役職',
      full_name: '氏名',
      name_reading: 'フリガナ',
      phone: '電話番号',
      mobile_phone: '携帯電話',
      email: 'メールアドレス',
      postal_code: '郵便番号',
      region: '都道府県',
      address: '住所',
      created_at: '名刺交換日',
    });
    expect(unmapped).toEqual([]);
  });

  it('maps the BOM-prefixed HubSpot header without the BOM getting in the way', () => {
    const { mapping } = proposeMapping(headerRow(join(sampleDir, 'hubspot_contacts.csv')));
    expect(mapping).toMatchObject({
      source_id: 'Record ID',
      email: 'Email',
      phone: 'Phone Number',
      region: 'State/Region',
      status: 'Lead Status',
    });
  });
});

describe('proposeMapping over typical exports', () => {
  const cases: Record<string, string[]> = {
    'salesforce.contact': [
      'Contact ID',
      'Account Name',
      'First Name',
      'Last Name',
      'Email',
      'Phone',
      'Mobile',
      'Mailing Street',
      'Mailing City',
      'Mailing State/Province',
      'Mailing Zip/Postal Code',
      'Contact Owner',
    ],
    'salesforce.lead': [
      'Id',
      'FirstName',
      'LastName',
      'Company',
      'Title',
      'Email',
      'Phone',
      'Street',
      'City',
      'State',
      'PostalCode',
      'Country',
      'LeadSource',
      'Status',
      'IsConverted',
      'OwnerId',
      'CreatedDate',
    ],
    'salesforce.account': [
      'Account ID',
      'Account Name',
      'Industry',
      'Billing City',
      'Billing State/Province',
      'Billing Zip/Postal Code',
      'Phone',
      'Website',
      'Account Owner',
    ],
    'salesforce.opportunity': [
      'Id',
      'AccountId',
      'Name',
      'StageName',
      'Amount',
      'CloseDate',
      'Probability',
      'Type',
      'OwnerId',
      'CreatedDate',
    ],
    'salesforce.case': [
      'Case Number',
      'Case ID',
      'Subject',
      'Status',
      'Priority',
      'Case Origin',
      'Contact ID',
      'Web Email',
      'Date/Time Opened',
    ],
    'hubspot.contact': [
      'Record ID',
      'First Name',
      'Last Name',
      'Email',
      'Phone Number',
      'Lifecycle Stage',
      'Lead Status',
      'Contact owner',
      'Create Date',
    ],
    'hubspot.company': [
      'Record ID',
      'Company name',
      'Company Domain Name',
      'Industry',
      'Number of Employees',
      'City',
      'Country/Region',
      'Company owner',
      'Create Date',
    ],
    'hubspot.deal': [
      'Record ID',
      'Deal Name',
      'Deal Stage',
      'Amount',
      'Close Date',
      'Pipeline',
      'Deal owner',
      'Associated Company IDs (Primary)',
    ],
    'japanese.contact': [
      '顧客番号',
      '姓',
      '名',
      'セイ',
      'メイ',
      'メールアドレス',
      '電話番号',
      '携帯電話',
      '郵便番号',
      '都道府県',
      '市区町村',
      '番地',
      '建物名',
      '登録日',
    ],
    'japanese.case': [
      '受付番号',
      '受付日',
      'お名前',
      'メールアドレス',
      '電話番号',
      '件名',
      '問い合わせ内容',
      'ステータス',
      '優先度',
      '対応者',
    ],
    'generic.contact': ['first_name', 'last_name', 'E-mail', 'phone', 'company', 'zip', 'city', 'signup_date'],
    'generic.order': ['order_id', 'contact_id', 'order_date', 'amount', 'status'],
    'salesforce.contact.ja': [
      '取引先責任者 ID',
      '取引先 ID',
      '姓',
      '名',
      'メール',
      '電話',
      '郵便番号(郵送先)',
      '都道府県(郵送先)',
      '市区郡(郵送先)',
      '作成日',
    ],
    'salesforce.lead.ja': [
      'リード ID',
      '姓',
      '名',
      '会社名',
      'メール',
      '電話',
      '都道府県',
      '市区郡',
      '町名・番地',
      'リード状況',
      'リードソース',
    ],
    'salesforce.account.ja': ['取引先ID', '取引先名', '取引先種別', '業種', '郵便番号（請求先）', '都道府県（請求先）', '取引先 所有者'],
    'salesforce.opportunity.ja': ['商談 ID', '取引先 ID', '商談名', 'フェーズ', '金額', '完了予定日', '確度 (%)'],
    'salesforce.case.ja': ['ケース ID', 'ケース番号', '取引先責任者 ID', '件名', '状況', '優先度', '発生源', 'Web メール'],
    'hubspot.contact.ja': [
      'レコードID',
      '名',
      '姓',
      'Eメール',
      '電話番号',
      'ライフサイクルステージ',
      'リードステータス',
      'コンタクト担当者',
      '作成日',
    ],
    'hubspot.company.ja': ['レコードID', '会社名', '会社のドメイン名', '業種', '従業員数', '市区町村', '国/地域', '会社担当者'],
    'hubspot.deal.ja': ['レコードID', '取引名', '取引ステージ', '金額', 'クローズ日', 'パイプライン', '取引担当者'],
    'kintone.customer': [
      'レコード番号',
      '会社名',
      '部署名',
      '担当者名',
      '電話番号',
      'メールアドレス',
      '作成者',
      '作成日時',
      '更新者',
      '更新日時',
    ],
    'sansan.card': [
      '名刺所有者ユーザID',
      '会社名',
      '部署名',
      '役職',
      '氏名[姓]',
      '氏名[名]',
      '郵便番号(1)',
      'TEL(1)',
      'E-mail',
      '名刺交換日',
    ],
    'sansan.datahub': ['人物ID', '会社ID', '拠点ID', '会社名', '部署名', '氏名', 'メールアドレス', '拠点電話番号', '拠点住所'],
  };

  it('has a case for every preset', () => {
    expect(Object.keys(cases).sort()).toEqual(mappingPresets.map((preset) => preset.id).sort());
  });

  it.each(Object.entries(cases))('%s', (preset, headers) => {
    expect(proposeMapping(headers).preset).toBe(preset);
  });

  it('tells the fields of a Japanese sheet apart', () => {
    const { mapping } = proposeMapping(cases['japanese.contact']!);
    expect(mapping).toMatchObject({
      source_id: '顧客番号',
      family_name: '姓',
      given_name: '名',
      family_name_reading: 'セイ',
      given_name_reading: 'メイ',
      city: '市区町村',
      address: '番地',
      address_2: '建物名',
      created_at: '登録日',
    });
  });

  it('matches full-width and half-width header spellings', () => {
    const { preset, mapping } = proposeMapping(['ﾌﾘｶﾞﾅ', '氏名', 'ＴＥＬ', 'Ｅメール']);
    expect(preset).toBe('japanese.contact');
    expect(mapping).toEqual({ full_name: '氏名', name_reading: 'ﾌﾘｶﾞﾅ', phone: 'ＴＥＬ', email: 'Ｅメール' });
  });

  it('uses each header at most once', () => {
    const { mapping, unmapped } = proposeMapping(['Email', 'email', 'E-Mail', 'Phone']);
    expect(Object.values(mapping).filter((header) => header.toLowerCase().replace('-', '') === 'email')).toHaveLength(1);
    expect(unmapped).toEqual(['email', 'E-Mail']);
  });

  it('falls back to the generic preset when only common columns are present', () => {
    expect(proposeMapping(['Email', 'Phone', 'First Name', 'Last Name']).preset).toBe('generic.contact');
  });

  it('proposes nothing for headers no preset knows', () => {
    expect(proposeMapping(['foo', 'bar'])).toEqual({ preset: null, score: 0, mapping: {}, unmapped: ['foo', 'bar'] });
    expect(proposeMapping([]).preset).toBeNull();
  });
});

describe('mappingFromPreset', () => {
  it('applies the named preset even when another would score higher', () => {
    expect(mappingFromPreset('salesforce.lead', ['FirstName', 'MailingCity', 'City'])).toEqual({ given_name: 'FirstName', city: 'City' });
  });

  it('rejects an unknown preset', () => {
    expect(() => mappingFromPreset('nope.contact', ['Email'])).toThrow(/no column-mapping preset/);
  });
});

describe('sourceMapping', () => {
  const headers = ['Email', 'Phone Number', 'Record ID'];

  it('uses a stored mapping as it is', () => {
    expect(sourceMapping({ preset: 'hubspot.contact', mapping: { email: 'Email' } }, headers)).toEqual({ email: 'Email' });
  });

  it('applies the preset when nothing is stored, and proposes when there is no preset', () => {
    expect(sourceMapping({ preset: 'hubspot.contact' }, headers)).toEqual({
      source_id: 'Record ID',
      email: 'Email',
      phone: 'Phone Number',
    });
    expect(sourceMapping({}, headers)).toEqual(proposeMapping(headers).mapping);
  });
});
