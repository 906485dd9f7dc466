import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFactories } from '../../../test/unit/engines.ts';
import type { Engine } from '../../engine/engine.ts';
import { loadFile } from '../load.ts';
import { mappedViewSql } from './mapped-view.ts';
import { proposeMapping } from './propose.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../../test/fixtures/exports/${name}`, import.meta.url)));
const jsonSafe = (value: unknown) => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)));

/** Each sample export: the preset Kura should recognise, its encoding, and the first record under model names. */
const samples: { file: string; preset: string; encoding: string; first: Record<string, unknown> }[] = [
  {
    file: 'salesforce_contacts_ja_cp932.csv',
    preset: 'salesforce.contact.ja',
    encoding: 'shift_jis',
    first: {
      source_id: '0035g00000AbC01AAF',
      account_id: '0015g00000XyZ01AAB',
      company: '㈱髙橋商事',
      family_name: '髙橋',
      given_name: '一郎',
      email: 'ichiro.takahashi@takahashi-shoji.example.jp',
      mobile_phone: '090-1111-2222',
      postal_code: '100-0005',
      region: '東京都',
      city: '千代田区',
      address: '丸の内1-1-1 丸の内ビル５Ｆ',
      lead_source: 'Web',
    },
  },
  {
    file: 'salesforce_accounts_ja.csv',
    preset: 'salesforce.account.ja',
    encoding: 'utf-8',
    first: {
      source_id: '0015g00000XyZ01AAB',
      company: '㈱髙橋商事',
      industry: '卸売',
      employees: 120,
      postal_code: '100-0005',
      region: '東京都',
      city: '千代田区',
      address: '丸の内1-1-1',
    },
  },
  {
    file: 'salesforce_leads_ja.csv',
    preset: 'salesforce.lead.ja',
    encoding: 'utf-8',
    first: {
      source_id: '00Q5g00000Lm001EAA',
      family_name: '中村',
      company: 'みなと物流株式会社',
      address: '新港1-3-3',
      city: '横浜市中区',
      status: '未対応',
    },
  },
  {
    file: 'salesforce_opportunities_ja.csv',
    preset: 'salesforce.opportunity.ja',
    encoding: 'utf-8',
    first: {
      source_id: '0065g00000Op001AAA',
      account_id: '0015g00000XyZ01AAB',
      deal_name: '基幹システム更改',
      stage: '提案',
      amount: 12000000,
    },
  },
  {
    file: 'salesforce_cases_ja.csv',
    preset: 'salesforce.case.ja',
    encoding: 'utf-8',
    first: {
      source_id: '5005g00000Cs001AAA',
      contact_id: '0035g00000AbC01AAF',
      full_name: '髙橋 一郎',
      subject: 'ログインできない',
      channel: 'メール',
      priority: '高',
    },
  },
  {
    file: 'hubspot_contacts_ja.csv',
    preset: 'hubspot.contact.ja',
    encoding: 'utf-8-bom',
    first: {
      source_id: 51234567801,
      family_name: '髙橋',
      given_name: '一郎',
      email: 'ichiro.takahashi@takahashi-shoji.example.jp',
      region: '東京都',
      lifecycle_stage: 'セールスクオリファイドリード',
      owner: '山本 太郎',
    },
  },
  {
    file: 'kintone_customers_cp932.csv',
    preset: 'kintone.customer',
    encoding: 'shift_jis',
    first: { source_id: 3, company: '㈱髙橋商事', full_name: '髙橋 一郎', phone: '03-3211-0001', address: '東京都千代田区丸の内1-1-1' },
  },
  {
    file: 'sansan_cards_cp932.csv',
    preset: 'sansan.card',
    encoding: 'shift_jis',
    first: {
      source_id: 'C0000001',
      account_id: 'K0000011',
      company: '㈱髙橋商事',
      family_name: '髙橋',
      given_name: '一郎',
      family_name_reading: 'タカハシ',
      given_name_reading: 'イチロウ',
      region: '東京都',
      address: '丸の内1-1-1',
      address_2: '丸の内ビル５Ｆ',
      phone: '03-3211-0001',
      owner: '山本 太郎',
    },
  },
  {
    file: 'sansan_datahub.csv',
    preset: 'sansan.datahub',
    encoding: 'utf-8',
    first: {
      source_id: 'dh-p-000101',
      account_id: 'dh-c-000011',
      company: '株式会社髙橋商事',
      name_reading: 'タカハシ イチロウ',
      phone: '03-3211-0001',
      postal_code: '100-0005',
    },
  },
];

describe.each(engineFactories.slice(0, 1))('Japanese CRM exports on $name DuckDB', ({ create }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
  });
  afterAll(async () => {
    await engine.close();
  });

  it.each(samples)('$file is recognised as $preset and maps to the customer model', async ({ file, preset, encoding, first }) => {
    const report = await loadFile(engine, { fileName: file, bytes: fixture(file), table: 'sample' });
    expect(report).toMatchObject({ encoding, rejectedCount: 0 });
    const proposal = proposeMapping(report.columns.map((column) => column.name));
    expect(proposal.preset).toBe(preset);
    expect(proposal.score).toBeGreaterThan(0.5);
    await engine.exec(mappedViewSql('sample', 'sample_mapped', proposal.mapping));
    const row = tableFromIPC(await engine.query(`SELECT ${Object.keys(first).join(', ')} FROM sample_mapped LIMIT 1`))
      .get(0)!
      .toJSON();
    expect(jsonSafe(row)).toEqual(first);
  });
});

describe('Salesforce labels of a Japanese org', () => {
  it('are recognised with and without the spaces Salesforce puts in them, and with full-width parentheses', () => {
    const spaced = ['取引先 ID', '取引先名', '取引先 種別', '郵便番号(請求先)', '都道府県(請求先)', '市区郡(請求先)', '町名・番地(請求先)'];
    const packed = [
      '取引先ID',
      '取引先名',
      '取引先種別',
      '郵便番号（請求先）',
      '都道府県（請求先）',
      '市区郡（請求先）',
      '町名・番地（請求先）',
    ];
    for (const headers of [spaced, packed]) {
      const { preset, mapping } = proposeMapping(headers);
      expect(preset).toBe('salesforce.account.ja');
      expect(mapping).toEqual({
        source_id: headers[0],
        company: '取引先名',
        postal_code: headers[3],
        region: headers[4],
        city: headers[5],
        address: headers[6],
      });
    }
  });

  it('tell a contact export from a plain Japanese contact list by its own columns', () => {
    const contact = [
      '取引先責任者 ID',
      '姓',
      '名',
      '氏名',
      '敬称',
      '役職',
      '部署',
      'メール',
      '電話',
      '携帯電話',
      '郵便番号(郵送先)',
      '都道府県(郵送先)',
      '市区郡(郵送先)',
      '町名・番地(郵送先)',
      'リードソース',
      '作成日',
      '最終更新日',
    ];
    expect(proposeMapping(contact).preset).toBe('salesforce.contact.ja');
    expect(proposeMapping(contact.map((header) => header.replace(/ /g, ''))).preset).toBe('salesforce.contact.ja');
    expect(proposeMapping(['氏名', '電話', 'メール', '作成日']).preset).toBe('japanese.contact');
  });
});
