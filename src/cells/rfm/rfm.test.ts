import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFactories } from '../../../test/unit/engines.ts';
import type { Engine } from '../../engine/engine.ts';
import { readRfmSpec, rfmSql } from './rfm.ts';
import { cohortSql, readCohortSpec } from '../cohort/cohort.ts';

describe.each(engineFactories)('RFM and cohorts on $name', ({ create }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
    // 10 customers: c1 bought most recently and most often, c10 long ago and once; one order after as_of.
    await engine.exec(`create table orders as
      select 'c' || n as customer, date '2025-06-30' - (n * 20 + k * 3)::INTEGER as day, 100.0 * (11 - n) as amount
      from range(1, 11) a(n), range(0, 11) b(k) where k <= 10 - n
      union all select 'c1', date '2025-07-15', 1e6`);
  });
  afterAll(() => engine.close());

  const rows = async (sql: string) =>
    tableFromIPC(await engine.query(sql))
      .toArray()
      .map((row) => row.toJSON());

  it('scores quintiles with recency reversed and names segments from R and F', async () => {
    await engine.exec(
      rfmSql(readRfmSpec({ transactions: 'orders', customer: 'customer', date: 'day', amount: 'amount', as_of: '2025-06-30' }), 'rfm'),
    );
    const scored = await rows(
      'select customer_id, recency_days, frequency, recency_score, frequency_score, monetary_score, segment from rfm order by recency_days',
    );
    expect(scored).toHaveLength(10);
    expect(scored[0]).toMatchObject({ customer_id: 'c1', recency_days: 20, recency_score: 5, frequency_score: 5, segment: 'champions' });
    expect(scored.at(-1)).toMatchObject({ customer_id: 'c10', recency_score: 1, frequency_score: 1, segment: 'hibernating' });
    expect(Number((await rows("select monetary from rfm where customer_id = 'c1'"))[0]!.monetary)).toBe(10 * 1000);
  });

  it("puts each customer's name and company in front when a people table links", async () => {
    await engine.exec(
      `create or replace table people as select * from (values ('c1', 'Lovelace', 'Ada', 'Analytical'), ('c2', '佐藤', '花子', null)) t(id, family, given, firm)`,
    );
    const spec = readRfmSpec({ transactions: 'orders', customer: 'customer', date: 'day', amount: 'amount', as_of: '2025-06-30' });
    await engine.exec(rfmSql(spec, 'rfm_named', { table: 'people', id: 'id', familyName: 'family', givenName: 'given', company: 'firm' }));
    const table = tableFromIPC(await engine.query('select * from rfm_named'));
    expect(table.schema.fields.slice(0, 3).map((field) => field.name)).toEqual(['name', 'company', 'customer_id']);
    const named = table.toArray().map((row) => row.toJSON());
    expect(named.map((row) => row.customer_id)).toEqual([...named.map((row) => String(row.customer_id))].sort());
    expect(named.find((row) => row.customer_id === 'c1')).toMatchObject({ name: 'Ada Lovelace', company: 'Analytical' });
    expect(named.find((row) => row.customer_id === 'c2')).toMatchObject({ name: '佐藤 花子', company: null });
    expect(named.find((row) => row.customer_id === 'c3')).toMatchObject({ name: null });
  });

  it('counts each first-order cohort and its later months', async () => {
    await engine.exec(cohortSql(readCohortSpec({ transactions: 'orders', customer: 'customer', date: 'day' }), 'cohorts'));
    const cells = await rows('select cohort, cohort_size, months_since, customers, rate from cohorts where months_since = 0');
    expect(cells.reduce((sum, cell) => sum + Number(cell.cohort_size), 0)).toBe(10);
    for (const cell of cells) expect(cell.rate).toBe(1);
    expect(() => readCohortSpec({ transactions: 'orders' })).toThrow('The cohort cell needs transactions, customer and date.');
  });
});
