import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFactories } from '../../test/unit/engines.ts';
import type { Engine } from '../engine/engine.ts';
import { loadFile } from './load.ts';

const crm = fileURLToPath(new URL('../../../shared/data/crm/', import.meta.url));
const haveData = existsSync(crm);
if (!haveData) console.warn(`Skipping shared CRM data tests: ${crm} is absent (it lives outside the repo at ../shared/data).`);

const expectedRows: Record<string, number> = {
  'salesforce_accounts.csv': 15,
  'salesforce_contacts.csv': 31,
  'hubspot_contacts.csv': 30,
  'jp_contacts_cp932.csv': 20,
  'orders.csv': 101,
  'support_tickets.csv': 30,
};

describe.skipIf(!haveData).each(engineFactories)('shared CRM data on $name', ({ create }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
  });
  afterAll(async () => {
    await engine.close();
  });
  const load = (fileName: string) => loadFile(engine, { fileName, bytes: new Uint8Array(readFileSync(crm + fileName)) });
  const rows = async (sql: string) =>
    tableFromIPC(await engine.query(sql))
      .toArray()
      .map((row) => row.toJSON());

  it.each(Object.entries(expectedRows))('loads %s with every row (%i)', async (fileName, count) => {
    const report = await load(fileName);
    expect(report.rejected).toEqual([]);
    expect(report.rows).toBe(count);
    expect(report.columns[0]!.name).not.toMatch(/\uFEFF|^column0/);
  });

  it('reads the CP932 business cards exactly', async () => {
    const report = await load('jp_contacts_cp932.csv');
    expect(report.encoding).toBe('shift_jis');
    expect(report.columns.map((c) => c.name)).toEqual([
      '会社名',
      '部署名',
      '役職',
      '氏名',
      'フリガナ',
      '電話番号',
      '携帯電話',
      'メールアドレス',
      '郵便番号',
      '都道府県',
      '住所',
      '名刺交換日',
    ]);
    const companies = (await rows('SELECT 会社名 FROM jp_contacts_cp932')).map((row) => row['会社名'] as string);
    expect(companies.some((name) => name.includes('㈱'))).toBe(true);
    expect(companies.some((name) => name.includes('㈲田中工房'))).toBe(true);
    const names = (await rows('SELECT 氏名 FROM jp_contacts_cp932')).map((row) => row['氏名'] as string);
    expect(names).toContain('髙橋\u3000一郎');
    expect(names.some((name) => name.startsWith('①'))).toBe(true);
  });

  it('reads the HubSpot export with its BOM stripped', async () => {
    const report = await load('hubspot_contacts.csv');
    expect(report.encoding).toBe('utf-8-bom');
    expect(report.columns[0]!.name).toBe('Record ID');
  });

  it('keeps the good rows of messy_rows.csv and names every bad line', async () => {
    const report = await load('messy_rows.csv');
    expect(report.rows).toBe(8);
    expect(report.rejected.map((r) => r.line)).toEqual([7, 8, 10, 14]);
    expect(report.rejected[0]!.reason).toBe('This row has 7 fields but the header has 6.');
    expect(report.rejected[2]!.reason).toMatch(/quote/);
    expect(await rows(`SELECT note FROM messy_rows WHERE name = '髙橋, 一郎'`)).toEqual([{ note: 'quoted comma' }]);
    expect(await rows(`SELECT signup_date FROM messy_rows WHERE customer_id = 'C007'`)).toEqual([{ signup_date: 'not a date' }]);
  });
});
