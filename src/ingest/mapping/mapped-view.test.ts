import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeEngine } from '../../engine/native.ts';
import { mappedViewSql } from './mapped-view.ts';

describe('mappedViewSql', () => {
  it('puts model columns first, in model order, then every original column', () => {
    expect(mappedViewSql('hubspot contacts', 'contacts', { phone: 'Phone Number', email: 'Email' })).toBe(
      'CREATE OR REPLACE VIEW "contacts" AS SELECT "Email" AS "email", "Phone Number" AS "phone", * EXCLUDE ("Email") FROM "hubspot contacts"',
    );
  });

  it('quotes awkward names', () => {
    expect(mappedViewSql('t', 'v', { full_name: 'Name "quoted"' })).toBe(
      'CREATE OR REPLACE VIEW "v" AS SELECT "Name ""quoted""" AS "full_name", * FROM "t"',
    );
  });

  it('rejects fields outside the customer model', () => {
    expect(() => mappedViewSql('t', 'v', { e_mail: 'Email' })).toThrow(/not a field of the customer model/);
  });
});

describe('mappedViewSql on native DuckDB', () => {
  let engine: NativeEngine;
  beforeAll(async () => {
    engine = await NativeEngine.create();
    await engine.exec(`
      CREATE TABLE raw_contacts AS SELECT * FROM (VALUES
        ('003A', 'Taro@Example.JP', '03-1234-5678', '090-1', '山田', '100-0005'),
        ('003B', NULL, '06 1234 5678', '080-2', 'Smith', '530-0001')
      ) AS t("Id", "Email", "Phone Number", "phone", "LastName", "zip")`);
  });
  afterAll(() => engine.close());

  async function rows(sql: string) {
    const table = tableFromIPC(await engine.query(sql));
    return { columns: table.schema.fields.map((field) => field.name), rows: table.toArray().map((row) => row.toJSON()) };
  }

  it('shows mapped values under model names and keeps the originals', async () => {
    await engine.exec(
      mappedViewSql('raw_contacts', 'contacts', {
        source_id: 'Id',
        email: 'Email',
        phone: 'Phone Number',
        family_name: 'LastName',
        postal_code: 'zip',
      }),
    );
    const result = await rows('SELECT * FROM contacts ORDER BY source_id');
    expect(result.columns).toEqual([
      'source_id',
      'family_name',
      'email',
      'phone',
      'postal_code',
      'Id',
      'Phone Number',
      'phone_1',
      'LastName',
      'zip',
    ]);
    expect(result.rows[0]).toMatchObject({
      source_id: '003A',
      email: 'Taro@Example.JP',
      phone: '03-1234-5678',
      phone_1: '090-1',
      family_name: '山田',
      Id: '003A',
    });
    expect(result.rows[1]).toMatchObject({ source_id: '003B', email: null, postal_code: '530-0001', zip: '530-0001' });
  });

  it('works when every column is mapped under its own name', async () => {
    await engine.exec(`CREATE TABLE plain AS SELECT 'a@example.com' AS email`);
    await engine.exec(mappedViewSql('plain', 'plain_mapped', { email: 'email' }));
    expect(await rows('SELECT * FROM plain_mapped')).toEqual({ columns: ['email'], rows: [{ email: 'a@example.com' }] });
  });
});
