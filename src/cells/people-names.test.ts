import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeEngine } from '../engine/native.ts';
import { queryRows } from '../engine/plain-rows.ts';
import type { Cell } from '../document/model.ts';
import { findPeopleNames, peopleNamesFromMapping, peopleNamesSql, withPeopleNamesSql } from './people-names.ts';

describe('people names', () => {
  let engine: NativeEngine;
  beforeAll(async () => {
    engine = await NativeEngine.create();
    await engine.exec(`
      CREATE TABLE contacts AS SELECT * FROM (VALUES
        ('c1', '山田', '太郎', '(株)さくら商事'),
        ('c2', 'Smith', 'Jane', NULL),
        ('c3', ' ', NULL, 'Acme')) t("Id", "LastName", "FirstName", "Account.Name");
      CREATE TABLE signups AS SELECT * FROM (VALUES ('h1', 'Ann Lee')) t("Record ID", "Full Name");
      CREATE TABLE orders AS SELECT * FROM (VALUES ('c2', 10), ('c1', 30), ('c9', 20), ('c1', 5)) t(contact_id, amount);
    `);
  });
  afterAll(() => engine.close());

  it('reads the id, name and company columns from a mapping, or nothing without an id and a name', () => {
    expect(
      peopleNamesFromMapping('contacts', {
        source_id: 'Id',
        family_name: 'LastName',
        given_name: 'FirstName',
        company: 'Account.Name',
        email: 'Email',
      }),
    ).toEqual({
      table: 'contacts',
      id: 'Id',
      familyName: 'LastName',
      givenName: 'FirstName',
      company: 'Account.Name',
    });
    expect(peopleNamesFromMapping('orders', { source_id: 'order_id', amount: 'amount' })).toBeUndefined();
    expect(peopleNamesFromMapping('x', { full_name: 'Name' })).toBeUndefined();
  });

  it('writes Japanese names family first, Latin names given first, and blank names as null', async () => {
    const people = { table: 'contacts', id: 'Id', familyName: 'LastName', givenName: 'FirstName', company: 'Account.Name' };
    const rows = await queryRows(engine, `${peopleNamesSql(people)} ORDER BY person_id`);
    expect(rows).toEqual([
      { person_id: 'c1', person_name: '山田 太郎', person_company: '(株)さくら商事' },
      { person_id: 'c2', person_name: 'Jane Smith', person_company: null },
      { person_id: 'c3', person_name: null, person_company: 'Acme' },
    ]);
  });

  it('puts name and company in front of a list, keeps its order and its unmatched ids', async () => {
    const people = { table: 'contacts', id: 'Id', familyName: 'LastName', givenName: 'FirstName', company: 'Account.Name' };
    const list = `SELECT contact_id, sum(amount) AS spend FROM orders GROUP BY 1`;
    const rows = await queryRows(engine, withPeopleNamesSql(list, 'contact_id', people, [{ column: 'spend', descending: true }]));
    expect(rows).toEqual([
      { name: '山田 太郎', company: '(株)さくら商事', contact_id: 'c1', spend: 35 },
      { name: null, company: null, contact_id: 'c9', spend: 20 },
      { name: 'Jane Smith', company: null, contact_id: 'c2', spend: 10 },
    ]);
    expect(withPeopleNamesSql(list, 'contact_id', undefined)).toBe(list);
  });

  it('finds the mapped source whose ids the list points at, and none when no source with names links', async () => {
    const cells = [
      { id: 'a', kind: 'source', name: 'signups', spec: { preset: 'hubspot.contact' } },
      { id: 'b', kind: 'source', name: 'contacts', spec: { preset: 'salesforce.contact' } },
      { id: 'c', kind: 'source', name: 'orders', spec: { mapping: { contact_id: 'contact_id', amount: 'amount' } } },
    ] as unknown as Cell[];
    expect(await findPeopleNames(engine, cells, { table: 'orders', column: 'contact_id' })).toEqual({
      table: 'contacts',
      id: 'Id',
      familyName: 'LastName',
      givenName: 'FirstName',
      company: 'Account.Name',
    });
    expect(await findPeopleNames(engine, cells.slice(0, 1), { table: 'orders', column: 'contact_id' })).toBeUndefined();
  });
});
