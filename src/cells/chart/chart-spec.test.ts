import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFactories } from '../../../test/unit/engines.ts';
import type { Engine } from '../../engine/engine.ts';
import { chartSql, readChartSpec } from './chart-spec.ts';

describe('chart spec', () => {
  it('reads Plot mark names and refuses incomplete specs in one sentence', () => {
    expect(readChartSpec({ data: 'orders_by_month', mark: 'barY', x: 'month', y: 'revenue' }).mark).toBe('bar');
    expect(() => readChartSpec({ data: 'orders', x: 'month' })).toThrow('This chart needs "y" (a column), or aggregation: count.');
    expect(() => readChartSpec({ data: 'orders', mark: 'pie', x: 'a', y: 'b' })).toThrow(/mark must be one of bar, line, area, dot, histogram, cell/);
    expect(() => readChartSpec({ mark: 'bar' })).toThrow(/needs "data"/);
  });

  it('quotes identifiers, so a hostile column name stays a name', () => {
    const sql = chartSql(readChartSpec({ data: 'o"; drop table x; --', x: 'a"b', y: 'c', aggregation: 'sum' }));
    expect(sql).toBe('SELECT "a""b" AS x, (sum("c"))::DOUBLE AS y FROM "o""; drop table x; --" GROUP BY ALL ORDER BY x LIMIT 20000');
  });
});

describe.each(engineFactories)('chart SQL on $name', ({ create }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
    await engine.exec("create table orders as select * from (values ('2025-01', 'web', 10.5::DECIMAL(10,2)), ('2025-01', 'store', 5), ('2025-02', 'web', 7)) t(month, channel, amount)");
  });
  afterAll(() => engine.close());

  it('aggregates by x and colour with the chosen function, as numbers', async () => {
    const rows = tableFromIPC(await engine.query(chartSql(readChartSpec({ data: 'orders', mark: 'bar', x: 'month', y: 'amount', aggregation: 'sum' })))).toArray().map((row) => row.toJSON());
    expect(rows).toEqual([
      { x: '2025-01', y: 15.5 },
      { x: '2025-02', y: 7 },
    ]);
    const counted = tableFromIPC(await engine.query(chartSql(readChartSpec({ data: 'orders', mark: 'cell', x: 'month', color: 'channel', aggregation: 'count' }))));
    expect(counted.numRows).toBe(3);
  });
});
