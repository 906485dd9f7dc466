import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import Encoding from 'encoding-japanese';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFactories } from '../../test/unit/engines.ts';
import type { Engine } from '../engine/engine.ts';
import { queryRows } from '../engine/plain-rows.ts';
import { migrationFileBytes } from './files.ts';
import { runMigration } from './migrate.ts';
import { planMigration } from './plan.ts';
import { reconcileMigration } from './reconcile.ts';
import { targetPresets } from './targets.ts';

const goldenFolder = new URL('../../test/fixtures/migrate/', import.meta.url);
/** KURA_UPDATE_GOLDEN=1 writes the golden files instead of comparing (then read them before committing). */
const updateGolden = process.env.KURA_UPDATE_GOLDEN === '1';

/**
 * Five customers as the match cell leaves them: a Japanese name, a Latin one with a formula-like company, a name
 * split by an ideographic space, a record failing several rules, a three-word Latin name with an unreadable date.
 */
const goldenSql = `CREATE OR REPLACE TABLE customers_golden AS SELECT * FROM (VALUES
  (0, 2, '山田 太郎', 't.yamada@sakura.example.jp', '+81332011234', '+819011112222', 'さくら商事株式会社', '100-0005', '丸の内1-1-1', '千代田区', '東京都', '日本', '1975-04-12', '2019-12-31 23:59:00'),
  (1, 1, 'John Smith', 'john@acme.example.com', '+14155550134', NULL, '=HYPERLINK("http://x")', '94105', '415 Mission St', 'San Francisco', 'CA', 'United States', '04/12/1980', '2021-05-06 07:08:09'),
  (2, 3, '中村　由美', 'yumi@kyoto.example.jp', '+81752213456', NULL, '京都織物株式会社', '604-8101', '中京区柳八幡町65', '京都市', '京都府', '日本', NULL, NULL),
  (3, 1, NULL, 'not-an-email', '12345', NULL, NULL, '12', NULL, '${'長'.repeat(41)}', '東京', NULL, NULL, NULL),
  (4, 1, 'Mary Ann Lee', 'mary@lee.example.org', NULL, NULL, 'Lee & Co', NULL, NULL, NULL, NULL, NULL, 'someday', NULL)
) t(cluster_id, records, name, email, phone, mobile_phone, company, postal_code, address, city, region, country, birth_date, customer_since)`;

const clustersSql = `CREATE OR REPLACE TABLE identity_clusters AS SELECT * FROM (VALUES
  ('crm', 1, 'crm-1', 0), ('shop', 4, 'shop-4', 0), ('crm', 2, 'crm-2', 1), ('crm', 3, 'crm-3', 2), ('shop', 1, 'shop-1', 2),
  ('shop', 2, 'shop-2', 2), ('shop', 3, 'shop-3', 3), ('crm', 4, 'crm-4', 4)
) t(source, row, unique_id, cluster_id)`;

describe('planMigration', () => {
  const columns = ['cluster_id', 'name', 'email', 'phone', 'company'];
  it('fills each field from its default source when the table has it, else leaves it empty', () => {
    const plan = planMigration({ target: 'salesforce.contact' }, columns);
    expect(plan.fields.map((f) => [f.name, f.source])).toEqual([
      ['Kura_Customer_Id__c', 'cluster_id'],
      ['LastName', 'name.family'],
      ['FirstName', 'name.given'],
      ['Email', 'email'],
      ['Phone', 'phone'],
      ['MobilePhone', null],
      ['Title', null],
      ['AccountId', null],
      ['Account.Kura_Account_Id__c', 'company.account_id'],
      ['MailingStreet', null],
      ['MailingCity', null],
      ['MailingState', null],
      ['MailingPostalCode', null],
      ['MailingCountry', null],
      ['Birthdate', null],
      ['Kura_Customer_Since__c', null],
    ]);
    expect(plan.encoding).toBe('utf-8');
  });
  it('names an unknown target, an unknown field, a missing column and unmapped required fields before writing', () => {
    expect(() => planMigration({ target: 'dynamics.contact' }, columns)).toThrow(
      'There is no migration target "dynamics.contact"; choose one of salesforce.contact, salesforce.account, salesforce.lead, hubspot.contact, hubspot.company, jp.generic.',
    );
    expect(() => planMigration({ target: 'salesforce.contact', mapping: { Nickname: 'name' } }, columns)).toThrow(
      '"Nickname" is not a field of salesforce.contact',
    );
    expect(() => planMigration({ target: 'salesforce.contact', mapping: { Title: 'job' } }, columns)).toThrow(
      'Title is mapped to "job", which is not a column of customers_golden',
    );
    expect(() => planMigration({ target: 'salesforce.contact', mapping: { LastName: null } }, columns)).toThrow(
      'salesforce.contact needs LastName, which have no source column',
    );
    expect(() => planMigration({ target: 'salesforce.account' }, ['cluster_id', 'name'])).toThrow(
      'salesforce.account needs Kura_Account_Id__c, Name',
    );
    // A match's golden records have lasting customer ids: the external id stays the same from one run to the next.
    expect(planMigration({ target: 'salesforce.contact' }, ['cluster_id', 'customer_id', 'name']).fields[0]).toMatchObject({
      name: 'Kura_Customer_Id__c',
      source: 'customer_id',
    });
    expect(() => planMigration({ target: 'jp.generic', encoding: 'latin1' as 'utf-8' }, columns)).toThrow(
      'The encoding must be utf-8, utf-8-bom or cp932',
    );
  });
});

describe.each(engineFactories)('migration on $name', ({ create }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
    await engine.exec(goldenSql);
    await engine.exec(clustersSql);
  });
  afterAll(() => engine.close());

  it.each(targetPresets.map((preset) => preset.id))('writes the %s import file byte for byte as its golden sample', async (target) => {
    await runMigration(engine, { target }, 'migration');
    const bytes = await migrationFileBytes(engine, { target }, 'migration', 'import');
    const golden = new URL(`${target}.csv`, goldenFolder);
    if (updateGolden) {
      mkdirSync(goldenFolder, { recursive: true });
      writeFileSync(golden, bytes);
    }
    expect(existsSync(golden), `${golden.pathname} is missing; run with KURA_UPDATE_GOLDEN=1 and read it`).toBe(true);
    expect(Buffer.from(bytes).equals(readFileSync(golden))).toBe(true);
  });

  it("starts the Salesforce Contact file with the target's header and splits names family first for Japanese", async () => {
    await runMigration(engine, { target: 'salesforce.contact' }, 'migration');
    const text = new TextDecoder().decode(await migrationFileBytes(engine, { target: 'salesforce.contact' }, 'migration', 'import'));
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(
      'Kura_Customer_Id__c,LastName,FirstName,Email,Phone,MobilePhone,Title,AccountId,Account.Kura_Account_Id__c,MailingStreet,MailingCity,MailingState,MailingPostalCode,MailingCountry,Birthdate,Kura_Customer_Since__c',
    );
    expect(lines[1]).toBe(
      '0,山田,太郎,t.yamada@sakura.example.jp,+81332011234,+819011112222,,,KA-A50E1BA73D14,丸の内1-1-1,千代田区,東京都,100-0005,日本,1975-04-12,2019-12-31T23:59:00.000Z',
    );
    // The company is not in a Contact but its account is; dates and datetimes are written as Salesforce reads them (UTC).
    expect(lines[2]).toBe(
      '1,Smith,John,john@acme.example.com,+14155550134,,,,KA-648129EA9E3D,415 Mission St,San Francisco,CA,94105,United States,1980-04-12,2021-05-06T07:08:09.000Z',
    );
    expect(lines[3]).toBe(
      '2,中村,由美,yumi@kyoto.example.jp,+81752213456,,,,KA-EDC72F210F95,中京区柳八幡町65,京都市,京都府,604-8101,日本,,',
    );
  });

  it('lists each failing rule with its value and leaves failing customers out of the import file', async () => {
    const { summary } = await runMigration(engine, { target: 'salesforce.contact' }, 'migration');
    const problems = await queryRows(
      engine,
      'SELECT external_id, field, rule, value FROM migration_problems ORDER BY kura_order, position, rule',
    );
    expect(problems).toEqual([
      { external_id: '3', field: 'LastName', rule: 'required', value: null },
      { external_id: '3', field: 'Email', rule: 'email', value: 'not-an-email' },
      { external_id: '3', field: 'Phone', rule: 'phone', value: '12345' },
      { external_id: '3', field: 'MailingCity', rule: 'max_length', value: '長'.repeat(41) },
      { external_id: '4', field: 'Birthdate', rule: 'date', value: 'someday' },
    ]);
    expect(summary).toMatchObject({ target: 'salesforce.contact', customers: 5, passing: 3, failing: 2, records: 8 });
    expect(summary.problems[0]).toEqual({ field: 'LastName', rule: 'required', customers: 1 });
    const text = new TextDecoder().decode(await migrationFileBytes(engine, { target: 'salesforce.contact' }, 'migration', 'import'));
    expect(
      text
        .split('\r\n')
        .filter(Boolean)
        .map((line) => line.split(',')[0]),
    ).toEqual(['Kura_Customer_Id__c', '0', '1', '2']);
  });

  it('checks picklists, postal codes and duplicate external ids, and writes the Japanese CSV in CP932', async () => {
    await runMigration(engine, { target: 'jp.generic' }, 'migration');
    const problems = await queryRows(engine, 'SELECT external_id, field, rule FROM migration_problems');
    expect(problems).toContainEqual({ external_id: '3', field: '都道府県', rule: 'picklist' });
    expect(problems).toContainEqual({ external_id: '3', field: '郵便番号', rule: 'postal_code' });
    // A US address is no Japanese one: its ZIP code and state fail the Japanese CRM's rules.
    expect(problems.filter((p) => p.external_id === '1')).toEqual([
      { external_id: '1', field: '郵便番号', rule: 'postal_code' },
      { external_id: '1', field: '都道府県', rule: 'picklist' },
    ]);
    expect(problems.filter((p) => p.external_id === '0' || p.external_id === '2')).toEqual([]);
    const bytes = await migrationFileBytes(engine, { target: 'jp.generic' }, 'migration', 'import');
    expect(Encoding.detect(bytes)).toBe('SJIS');
    const text = new TextDecoder('shift_jis').decode(bytes);
    expect(text.split('\r\n')[0]).toBe(
      '顧客ID,姓,名,メールアドレス,電話番号,携帯電話番号,会社名,郵便番号,都道府県,市区町村,住所,生年月日,登録日',
    );
    expect(text.split('\r\n')[1]).toBe(
      '0,山田,太郎,t.yamada@sakura.example.jp,0332011234,09011112222,さくら商事株式会社,100-0005,東京都,千代田区,丸の内1-1-1,1975/04/12,2019/12/31',
    );

    await engine.exec(
      'CREATE OR REPLACE TABLE twice AS SELECT * FROM customers_golden WHERE cluster_id IN (0, 1) UNION ALL SELECT * FROM customers_golden WHERE cluster_id = 0',
    );
    const { summary } = await runMigration(engine, { target: 'hubspot.contact', table: 'twice' }, 'twice');
    expect(summary.problems).toEqual([{ field: 'kura_customer_id', rule: 'unique', customers: 2 }]);
  });

  it('guards formulas in the import file and keeps phone numbers written +81…', async () => {
    await runMigration(engine, { target: 'hubspot.contact' }, 'migration');
    const text = new TextDecoder().decode(await migrationFileBytes(engine, { target: 'hubspot.contact' }, 'migration', 'import'));
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text).toContain(',+14155550134,');
    expect(await queryRows(engine, "SELECT firstname, lastname FROM migration_rows WHERE kura_customer_id = '4'")).toEqual([
      { firstname: 'Mary Ann', lastname: 'Lee' },
    ]);
  });

  it('traces every input record once to the external id of its customer', async () => {
    await runMigration(engine, { target: 'salesforce.contact' }, 'migration');
    const trace = await queryRows(engine, 'SELECT external_id, source, row FROM migration_trace');
    const clusters = await queryRows(engine, 'SELECT cluster_id::VARCHAR AS external_id, source, row FROM identity_clusters');
    expect(trace).toHaveLength(clusters.length);
    expect(new Set(trace.map((r) => `${r.source}:${r.row}`)).size).toBe(clusters.length);
    expect([...trace].sort((a, b) => `${a.source}${a.row}`.localeCompare(`${b.source}${b.row}`))).toEqual(
      [...clusters].sort((a, b) => `${a.source}${a.row}`.localeCompare(`${b.source}${b.row}`)),
    );
    const file = new TextDecoder('utf-8', { ignoreBOM: true }).decode(
      await migrationFileBytes(engine, { target: 'salesforce.contact' }, 'migration', 'trace'),
    );
    expect(file.split('\r\n').slice(0, 3)).toEqual(['\uFEFFexternal_id,source,row', '0,crm,1', '0,shop,4']);
  });

  it('writes one account per company however it is written, each contact linked to it, and traces the records to their account', async () => {
    await engine.exec(`CREATE OR REPLACE TABLE colleagues AS SELECT * FROM (VALUES
      (0, '山田 太郎', 'さくら商事株式会社', '+81332011234'), (1, '佐藤 花子', 'さくら商事㈱', '+81332011235'),
      (2, 'John Smith', 'Acme, Inc.', NULL), (3, 'Mary Lee', 'ＡＣＭＥ', NULL), (4, '鈴木 一郎', NULL, NULL)) t(customer_id, name, company, phone)`);
    const accounts = await runMigration(engine, { target: 'salesforce.account', table: 'colleagues' }, 'accounts');
    expect(accounts.summary).toMatchObject({ customers: 2, passing: 2 });
    const accountRows = await queryRows(engine, 'SELECT Kura_Account_Id__c AS id, Name, Phone FROM accounts_rows ORDER BY kura_order');
    // The first customer's values speak for the company.
    expect(accountRows.map((row) => [row.Name, row.Phone])).toEqual([
      ['さくら商事株式会社', '+81332011234'],
      ['Acme, Inc.', null],
    ]);
    await runMigration(engine, { target: 'salesforce.contact', table: 'colleagues' }, 'contacts');
    const links = await queryRows(
      engine,
      'SELECT Kura_Customer_Id__c AS customer, "Account.Kura_Account_Id__c" AS account FROM contacts_rows',
    );
    const byCustomer = new Map(links.map((row) => [row.customer, row.account]));
    expect(byCustomer.get('0')).toBe(accountRows[0]!.id);
    expect(byCustomer.get('1')).toBe(accountRows[0]!.id);
    expect(byCustomer.get('2')).toBe(accountRows[1]!.id);
    expect(byCustomer.get('3')).toBe(accountRows[1]!.id);
    expect(byCustomer.get('4')).toBeNull();
    // Every record of the input is in the account trace: under its company's account, or under none.
    const trace = await queryRows(engine, 'SELECT external_id, row FROM accounts_trace ORDER BY row');
    expect(trace.map((row) => row.external_id)).toEqual([
      accountRows[0]!.id,
      accountRows[0]!.id,
      accountRows[1]!.id,
      accountRows[1]!.id,
      null,
    ]);
  });

  it("finds exactly the planted losses, extras and truncations in the target's export after the import", async () => {
    await runMigration(engine, { target: 'salesforce.contact' }, 'sent');
    // The export as Salesforce writes it: labels for headers, its own ids, dates M/D/YYYY, phones spaced, no Mobile/Title/Account columns;
    // planted: customer 1 lost, customer 2's street truncated, a record 99 that was never sent.
    await engine.exec(`CREATE OR REPLACE TABLE sf_export AS
      SELECT '003' || lpad(Kura_Customer_Id__c, 15, '0') AS "Contact ID", Kura_Customer_Id__c AS "Kura Customer Id", LastName AS "Last Name",
        FirstName AS "First Name", Email, CASE WHEN Phone LIKE '+81%' THEN '+81 ' || substr(Phone, 4) ELSE Phone END AS Phone,
        CASE WHEN Kura_Customer_Id__c = '2' THEN left(MailingStreet, 5) ELSE MailingStreet END AS "Mailing Street", MailingCity AS "Mailing City",
        MailingState AS "Mailing State/Province", MailingPostalCode AS "Mailing Zip/Postal Code", MailingCountry AS "Mailing Country",
        strftime(Birthdate::DATE, '%m/%d/%Y') AS Birthdate
      FROM sent_rows WHERE Kura_Customer_Id__c IN ('0', '2')
      UNION ALL SELECT '003000000000000099', '99', 'Extra', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL`);
    const reconciled = await reconcileMigration(engine, { target: 'salesforce.contact', prefix: 'sent', received: 'sf_export' });
    expect(reconciled.missing).toBe(1);
    expect(reconciled.result.source.only.samples.map((row) => row.Kura_Customer_Id__c)).toEqual(['1']);
    expect(reconciled.extra).toBe(1);
    expect(reconciled.changed).toEqual([{ field: 'MailingStreet', rows: 1 }]);
    expect(reconciled.result.columns.find((c) => c.source === 'MailingStreet')!.samples).toEqual([
      { key: { Kura_Customer_Id__c: '2' }, source: '中京区柳八幡町65', target: '中京区柳八' },
    ]);
    expect(reconciled.notExported).toEqual(['MobilePhone', 'Title', 'AccountId', 'Account.Kura_Account_Id__c', 'Kura_Customer_Since__c']);
  });

  it('names the values CP932 cannot hold (𠮷, emoji) as encoding problems, and keeps what it can (髙, ㈱, ①)', async () => {
    await engine.exec(`CREATE OR REPLACE TABLE kanji AS SELECT * FROM (VALUES
      (1, '髙橋 一郎', '㈱髙橋①', '東京都'), (2, '𠮷田 花子', 'Cafe 🍰', '大阪府')) t(cluster_id, name, company, region)`);
    const { summary } = await runMigration(engine, { target: 'jp.generic', table: 'kanji' }, 'kanji');
    expect(await queryRows(engine, 'SELECT external_id, field, rule, value FROM kanji_problems ORDER BY kura_order, position')).toEqual([
      { external_id: '2', field: '姓', rule: 'encoding', value: '𠮷田' },
      { external_id: '2', field: '会社名', rule: 'encoding', value: 'Cafe 🍰' },
    ]);
    expect(summary).toMatchObject({ customers: 2, passing: 1 });
    const text = new TextDecoder('shift_jis').decode(await migrationFileBytes(engine, { target: 'jp.generic' }, 'kanji', 'import'));
    expect(text.split('\r\n')[1]).toBe('1,髙橋,一郎,,,,㈱髙橋①,,東京都,,,,');
  });

  it("writes customer since as Salesforce's datetime and names one it cannot read", async () => {
    await engine.exec(`CREATE OR REPLACE TABLE since AS SELECT * FROM (VALUES
      (1, '佐藤 花子', '2020-02-18 20:52:20'), (2, '鈴木 一郎', 'long ago')) t(cluster_id, name, customer_since)`);
    await runMigration(engine, { target: 'salesforce.contact', table: 'since' }, 'since');
    expect(await queryRows(engine, 'SELECT external_id, field, rule, value FROM since_problems')).toEqual([
      { external_id: '2', field: 'Kura_Customer_Since__c', rule: 'datetime', value: 'long ago' },
    ]);
    const text = new TextDecoder().decode(
      await migrationFileBytes(engine, { target: 'salesforce.contact', table: 'since' }, 'since', 'import'),
    );
    expect(text.split('\r\n')[1]).toBe('1,佐藤,花子,,,,,,,,,,,,,2020-02-18T20:52:20.000Z');
  });

  it('migrates any table: each of its rows is its own record in the trace', async () => {
    await engine.exec(
      "CREATE OR REPLACE TABLE people AS SELECT * FROM (VALUES ('a7', 'Grace Hopper', 'grace@navy.example.mil')) t(id, full_name, mail)",
    );
    const { summary } = await runMigration(
      engine,
      { target: 'hubspot.contact', table: 'people', mapping: { kura_customer_id: 'id', email: 'mail', lastname: 'full_name' } },
      'people_migration',
    );
    expect(summary).toMatchObject({ customers: 1, passing: 1, records: 1 });
    expect(await queryRows(engine, 'SELECT * FROM people_migration_trace')).toEqual([{ external_id: 'a7', source: 'people', row: 1 }]);
  });
});
