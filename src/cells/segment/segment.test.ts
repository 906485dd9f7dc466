import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFactories } from '../../../test/unit/engines.ts';
import type { Engine } from '../../engine/engine.ts';
import { withLocalJobs } from '../../warehouse/local-jobs.ts';
import { segmentKind, type SegmentOutcome } from './kind.ts';
import { readSegmentSpec, segmentCountSql } from './segment.ts';

const base = {
  base: 'contacts',
  key: 'id',
  orders: { table: 'orders', key: 'contact', date: 'day', amount: 'amount' },
  as_of: '2025-06-30',
};

describe.each(engineFactories)('segments on $name', ({ create }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
    await engine.exec(`create table contacts as select * from (values ('1', '東京都'), ('2', '大阪府'), ('3', 'O''Reilly'), ('4', NULL)) t(id, region);
      create table orders as select * from (values ('1', date '2025-06-01', 100.0), ('1', date '2025-06-20', 50.0), ('2', date '2024-01-01', 500.0), ('3', date '2025-05-01', 10.0)) t(contact, day, amount)`);
  });
  afterAll(() => engine.close());

  const members = async (where: unknown) => {
    const query = segmentCountSql(readSegmentSpec({ ...base, where }));
    return tableFromIPC(await engine.query(query.sql, query.params))
      .get(0)!
      .toJSON();
  };

  it('counts nested AND/OR groups over attributes and order aggregates', async () => {
    expect(await members({ all: [{ field: 'order_count', op: '>=', value: 2 }] })).toEqual({ members: 1, customers: 4 });
    expect(
      await members({
        any: [
          { field: 'revenue', op: '>', value: 400 },
          { field: 'region', op: 'in', value: ['東京都'] },
        ],
      }),
    ).toEqual({ members: 2, customers: 4 });
    expect(
      await members({
        all: [
          { field: 'days_since_last_order', op: 'within_days', value: 90 },
          {
            any: [
              { field: 'region', op: 'contains', value: 'reilly' },
              { field: 'revenue', op: 'between', value: [100, 200] },
            ],
          },
        ],
      }),
    ).toEqual({ members: 2, customers: 4 });
    expect(await members({ all: [{ field: 'region', op: 'empty' }] })).toEqual({ members: 1, customers: 4 });
    expect(await members({ all: [{ field: 'last_order_date', op: '>=', value: '2025-01-01' }] })).toEqual({ members: 2, customers: 4 });
  });

  it('binds values as parameters: quotes and SQL in a value are only text', async () => {
    const query = segmentCountSql(readSegmentSpec({ ...base, where: { all: [{ field: 'region', op: '=', value: "O'Reilly" }] } }));
    expect(query.sql).not.toContain('Reilly');
    expect(query.params).toEqual(["O'Reilly"]);
    expect(await members({ all: [{ field: 'region', op: '=', value: "x' OR 1=1 --" }] })).toEqual({ members: 0, customers: 4 });
  });

  it('writes the members as a table and counts the overlap with another segment', async () => {
    const engineWithJobs = withLocalJobs(engine);
    const none = { cells: [] };
    await segmentKind.execute(
      engineWithJobs,
      { id: 'a', kind: 'segment', name: 'buyers', spec: { ...base, where: { all: [{ field: 'order_count', op: '>=', value: 1 }] } } },
      none,
    );
    const outcome = await segmentKind.execute(
      engineWithJobs,
      {
        id: 'b',
        kind: 'segment',
        name: 'tokyo',
        spec: { ...base, where: { all: [{ field: 'region', op: 'in', value: ['東京都', '大阪府'] }] }, compare: ['buyers'] },
      },
      none,
    );
    const value = outcome.value as SegmentOutcome;
    expect(value.members).toBe(2);
    expect(value.overlap).toEqual([{ segment: 'buyers', both: 2, other: 3 }]);
    expect(
      tableFromIPC(await engine.query('select count(*)::INTEGER as n from tokyo'))
        .get(0)!
        .toJSON(),
    ).toEqual({ n: 2 });
  });

  it("puts each member's name and company first when the base is a source with mapped names", async () => {
    await engine.exec(
      `create or replace table named_contacts as select * from (values ('1', '山田', '太郎', '(株)さくら商事'), ('2', 'Smith', 'Jane', NULL)) t("Id", "LastName", "FirstName", "Account.Name")`,
    );
    const source = { id: 's', kind: 'source', name: 'named_contacts', spec: { preset: 'salesforce.contact' } } as const;
    await segmentKind.execute(
      withLocalJobs(engine),
      { id: 'c', kind: 'segment', name: 'named', spec: { base: 'named_contacts', key: 'Id', where: { all: [] } } },
      { cells: [source as never] },
    );
    const table = tableFromIPC(await engine.query('select * from named'));
    expect(table.schema.fields.slice(0, 3).map((field) => field.name)).toEqual(['name', 'company', 'Id']);
    expect(table.toArray().map((row) => row.toJSON())).toMatchObject([
      { name: '山田 太郎', company: '(株)さくら商事', Id: '1' },
      { name: 'Jane Smith', company: null, Id: '2' },
    ]);
  });

  it('refuses a spec without base or with an unknown operator in one sentence', () => {
    expect(() => readSegmentSpec({ key: 'id' })).toThrow(
      'A segment needs "base" (a table of customers) and "key" (its customer id column).',
    );
    expect(() => readSegmentSpec({ ...base, where: { all: [{ field: 'region', op: 'like' }] } })).toThrow(
      /"like" is not a segment operator/,
    );
  });

  it('asks for the value of a condition left empty instead of running it', () => {
    const empty = 'Fill in a value for the condition on order_count.';
    for (const condition of [
      { op: '=', value: '' },
      { op: '>' },
      { op: 'in', value: ' , ' },
      { op: 'between', value: [3, ''] },
      { op: 'within_days', value: ' ' },
    ]) {
      expect(() => readSegmentSpec({ ...base, where: { any: [{ all: [{ field: 'order_count', ...condition }] }] } })).toThrow(empty);
    }
    expect(() =>
      readSegmentSpec({
        ...base,
        where: {
          all: [
            { field: 'region', op: 'empty' },
            { field: 'order_count', op: '=', value: 0 },
          ],
        },
      }),
    ).not.toThrow();
  });
});
