import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFactories } from '../../../test/unit/engines.ts';
import type { Engine } from '../../engine/engine.ts';
import { chartSql, readChartSpec } from './chart-spec.ts';
import { chartPlotOptions } from './chart-plot.ts';
import { chartKind } from './kind.ts';
import { isSafeColourValue } from './chart-colours.ts';
import { drawChart } from '../../report/notebook-report.ts';
import { reportDocument } from '../../cli/commands/run.ts';
import { withLocalJobs } from '../../warehouse/local-jobs.ts';
import type { SpecCell } from '../../document/model.ts';

describe('chart spec', () => {
  it('reads Plot mark names and refuses incomplete specs in one sentence', () => {
    expect(readChartSpec({ data: 'orders_by_month', mark: 'barY', x: 'month', y: 'revenue' }).mark).toBe('bar');
    expect(() => readChartSpec({ data: 'orders', x: 'month' })).toThrow('This chart needs "y" (a column), or aggregation: count.');
    expect(() => readChartSpec({ data: 'orders', mark: 'pie', x: 'a', y: 'b' })).toThrow(
      /mark must be one of bar, line, area, dot, histogram, cell/,
    );
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
    await engine.exec(
      "create table orders as select * from (values ('2025-01', 'web', 10.5::DECIMAL(10,2)), ('2025-01', 'store', 5), ('2025-02', 'web', 7)) t(month, channel, amount)",
    );
  });
  afterAll(() => engine.close());

  it('aggregates by x and colour with the chosen function, as numbers', async () => {
    const rows = tableFromIPC(
      await engine.query(chartSql(readChartSpec({ data: 'orders', mark: 'bar', x: 'month', y: 'amount', aggregation: 'sum' }))),
    )
      .toArray()
      .map((row) => row.toJSON());
    expect(rows).toEqual([
      { x: '2025-01', y: 15.5 },
      { x: '2025-02', y: 7 },
    ]);
    const counted = tableFromIPC(
      await engine.query(chartSql(readChartSpec({ data: 'orders', mark: 'cell', x: 'month', color: 'channel', aggregation: 'count' }))),
    );
    expect(counted.numRows).toBe(3);
  });
});

describe('chart colours from data', () => {
  it('lets plain colours and categories through and stops functional notation that can point elsewhere', () => {
    for (const value of [
      'red',
      'currentColor',
      '#a0b',
      '#aabbcc80',
      'rgb(0, 10, 255)',
      'rgba(0 0 0 / 50%)',
      'hsl(120deg 50% 50%)',
      'web',
      'store (online)',
      3,
      null,
    ]) {
      expect(isSafeColourValue(value), String(value)).toBe(true);
    }
    for (const value of [
      'url(https://example.com/x)',
      ' URL(//example.com/x)',
      'url(#local)',
      'var(--x)',
      'color-mix(in srgb, red, url(https://e.x/y))',
      'rgb(url(https://e.x/y))',
      'image(https://e.x)',
      'hsl(from url(x) h s l)',
    ]) {
      expect(isSafeColourValue(value), value).toBe(false);
    }
  });

  it('draws no remote reference even when handed such rows directly', () => {
    const chart = readChartSpec({ data: 'paint', mark: 'bar', x: 'k', y: 'v', color: 'c' });
    const rows = [
      { x: 'a', y: 1, color: 'url(https://example.com/a)' },
      { x: 'b', y: 2, color: 'url(//example.com/b)' },
    ];
    expect(chartPlotOptions(chart, rows, { x: 'k', y: 'v', blank: '(blank)' }).color).toMatchObject({ type: 'categorical' });
    const svg = drawChart(chart, rows, reportDocument());
    expect(svg).toContain('<rect');
    expect(svg).not.toMatch(/="[^"]*url\((?!#)/);
    expect(svg).toContain('>url(https://example.com/a)<'); // a legend label, as text
    const plain = drawChart(
      chart,
      [
        { x: 'a', y: 1, color: 'red' },
        { x: 'b', y: 2, color: '#00f' },
      ],
      reportDocument(),
    );
    expect(plain).toContain('fill="red"');
  });

  it('names a missing category on the axis and in the legend, in the report language, and keeps numeric colours numeric', () => {
    const chart = readChartSpec({ data: 'sales', mark: 'bar', x: 'region', y: 'amount', color: 'channel' });
    const rows = [
      { x: 'north', y: 3, color: 'web' },
      { x: null, y: 1, color: null },
    ];
    const svg = drawChart(chart, rows, reportDocument(), '（空欄）');
    expect(svg.match(/（空欄）/g)?.length).toBeGreaterThanOrEqual(2);
    const numeric = readChartSpec({ data: 'sales', mark: 'dot', x: 'amount', y: 'amount', color: 'score' });
    const options = chartPlotOptions(
      numeric,
      [
        { x: 1, y: 1, color: 0.5 },
        { x: 2, y: 2, color: null },
      ],
      { x: 'amount', y: 'amount', blank: '(blank)' },
    );
    expect(JSON.stringify(options)).not.toContain('(blank)');
  });
});

describe.each(engineFactories)('chart cell on $name', ({ create }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
    await engine.exec(
      "create table paint as select * from (values ('a', 1, 'url(https://example.com/fill-a)'), ('b', 2, 'red')) t(k, v, c)",
    );
  });
  afterAll(() => engine.close());

  const cell = (spec: Record<string, unknown>) => ({ id: 'c1', kind: 'chart', spec }) as unknown as SpecCell;

  it('refuses a colour column holding a value that is not a plain colour, in one sentence', async () => {
    await expect(
      chartKind.execute(withLocalJobs(engine), cell({ data: 'paint', mark: 'bar', x: 'k', y: 'v', color: 'c' }), { cells: [] }),
    ).rejects.toMatchObject({
      message:
        'The colour column "c" holds "url(https://example.com/fill-a)", which a chart does not draw; use colour names, #hex, rgb() or hsl() there, or another column.',
      sentence: { key: 'spec.chartColour' },
    });
    await engine.exec("update paint set c = 'blue' where k = 'a'");
    await expect(
      chartKind.execute(withLocalJobs(engine), cell({ data: 'paint', mark: 'bar', x: 'k', y: 'v', color: 'c' }), { cells: [] }),
    ).resolves.toHaveProperty('value');
  });
});
