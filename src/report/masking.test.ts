import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFactories } from '../../test/unit/engines.ts';
import type { Engine } from '../engine/engine.ts';
import { mappingFromPreset } from '../ingest/mapping/propose.ts';
import { maskedSelectSql, maskExpression, maskValue, personalColumns } from './masking.ts';

const headers = [
  'Id',
  'LastName',
  'FirstName',
  'LastNameKana__c',
  'Email',
  'Phone',
  'MobilePhone',
  'MailingStreet',
  'MailingCity',
  'MailingPostalCode',
  'Title',
];

describe('personalColumns', () => {
  it('takes the personal fields of the column mapping, in table order, plus named extras', () => {
    const mapping = mappingFromPreset('salesforce.contact', headers) as Record<string, string>;
    expect(personalColumns(mapping, headers, { Title: 'name' }).map(({ column, kind }) => `${column}:${kind}`)).toEqual([
      'LastName:name',
      'FirstName:name',
      'LastNameKana__c:name',
      'Email:email',
      'Phone:phone',
      'MobilePhone:phone',
      'MailingStreet:address',
      'MailingPostalCode:postal_code',
      'Title:name',
    ]);
    expect(() => personalColumns(mapping, headers, { Notes: 'name' })).toThrow(
      'Column "Notes" is not in the table, so it cannot be masked; check its spelling.',
    );
  });

  it('quotes every identifier, so a hostile column name stays a name', () => {
    expect(maskedSelectSql('t"x', ['a"b', 'c'], [{ column: 'a"b', kind: 'name' }], 'hash', "s'alt")).toBe(
      `SELECT CASE WHEN "a""b" IS NULL THEN NULL ELSE left(sha256('s''alt' || CAST("a""b" AS VARCHAR)), 32) END AS "a""b", "c" FROM "t""x"`,
    );
  });
});

describe.each(engineFactories)('masking on $name', ({ create }) => {
  let engine: Engine;
  const rows = async (sql: string) =>
    tableFromIPC(await engine.query(sql))
      .toArray()
      .map((row) => row.toJSON() as Record<string, unknown>);
  beforeAll(async () => {
    engine = await create();
    await engine.exec(`create table people as select * from (values
      (1, 'tomoko.murakami@example.jp', '090-1234-5678', '山田', '東町4丁目28-1', '131-5236', date '1980-05-01'),
      (2, 'x@y.example', '03(8057)6523', 'Smith', '', null, null),
      (3, null, '+81 90 1234 5678', null, null, '338', null)
    ) t(id, email, phone, name, street, postal, born)`);
    await engine.exec(
      `create table orders as select * from (values ('tomoko.murakami@example.jp', 10), ('x@y.example', 20)) t(email, amount)`,
    );
  });
  afterAll(() => engine.close());

  const kinds = [
    { column: 'email', kind: 'email' as const },
    { column: 'phone', kind: 'phone' as const },
    { column: 'name', kind: 'name' as const },
    { column: 'street', kind: 'address' as const },
    { column: 'postal', kind: 'postal_code' as const },
    { column: 'born', kind: 'birth_date' as const },
  ];
  const columns = ['id', 'email', 'phone', 'name', 'street', 'postal', 'born'];

  it('masks readably and keeps NULL', async () => {
    expect(await rows(`${maskedSelectSql('people', columns, kinds, 'mask')} order by id`)).toEqual([
      { id: 1, email: 't***@example.jp', phone: '090-****-5678', name: '山***', street: '***', postal: '1**-****', born: '1980' },
      { id: 2, email: 'x***@y.example', phone: '03(****)6523', name: 'S***', street: '', postal: null, born: null },
      { id: 3, email: null, phone: '+81 ** **** 5678', name: null, street: null, postal: '3**', born: null },
    ]);
  });

  it('masks a value in JS (the report) exactly as in SQL (the bundle)', async () => {
    const samples = [
      'tomoko.murakami@example.jp ',
      '@x',
      'plain',
      '０３－１２３４－５６７８',
      '12345',
      '+1 (415) 555-0134',
      '  山田 太郎',
      ' ',
      '',
      '〒131-5236',
      '1980-05-01',
      '㈱さくら',
    ];
    await engine.exec(
      `create or replace table samples as select * from (values ${samples.map((value) => `('${value}')`).join(', ')}) t(value)`,
    );
    for (const { kind } of kinds) {
      const masked = await rows(`select value, ${maskExpression('value', kind, 'mask')} as masked from samples`);
      for (const row of masked) expect(maskValue(row.value as string, kind), `${kind}: ${String(row.value)}`).toBe(row.masked);
    }
  });

  it('hashes with the salt, the same value to the same hash in every table, so joins still work', async () => {
    const salt = 'bundle-salt';
    await engine.exec(`create or replace table people_h as ${maskedSelectSql('people', columns, kinds, 'hash', salt)}`);
    await engine.exec(
      `create or replace table orders_h as ${maskedSelectSql('orders', ['email', 'amount'], [{ column: 'email', kind: 'email' }], 'hash', salt)}`,
    );
    const hashed = await rows('select * from people_h order by id');
    expect(hashed[0]!.email).toMatch(/^[0-9a-f]{32}$/);
    expect(hashed[0]!.email).not.toContain('tomoko');
    expect(hashed[2]!.email).toBeNull();
    const expected = await rows(`select left(sha256('bundle-salt' || 'tomoko.murakami@example.jp'), 32) as h`);
    expect(hashed[0]!.email).toBe(expected[0]!.h);
    expect(await rows('select p.id, o.amount from people_h p join orders_h o using (email) order by p.id')).toEqual([
      { id: 1, amount: 10 },
      { id: 2, amount: 20 },
    ]);
    const otherSalt = await rows(
      `${maskedSelectSql('people', ['email'], [{ column: 'email', kind: 'email' }], 'hash', 'other')} where email is not null limit 1`,
    );
    expect(otherSalt[0]!.email).not.toBe(hashed[0]!.email);
  });
});
