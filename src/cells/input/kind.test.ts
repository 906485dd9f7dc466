import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFactories } from '../../../test/unit/engines.ts';
import type { Engine } from '../../engine/engine.ts';
import { withLocalJobs } from '../../warehouse/local-jobs.ts';
import type { SpecCell } from '../../document/model.ts';
import { inputKind } from './kind.ts';

const none = { cells: [] };
const input = (name: string, spec: Record<string, unknown>): SpecCell => ({ id: name, kind: 'input', name, spec });

describe.each(engineFactories)('input cells on $name', ({ create }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
    await engine.exec(
      "create table contacts as select * from (values ('東京都', 10), ('大阪府', 20), ('O''Brien; drop table contacts; --', 30)) t(region, amount)",
    );
  });
  afterAll(() => engine.close());

  const rows = async (sql: string) =>
    tableFromIPC(await engine.query(sql))
      .toArray()
      .map((row) => ({ ...row.toJSON() }));

  it('binds a selected value as data, so quotes and SQL in it are just text', async () => {
    await inputKind.execute(
      withLocalJobs(engine),
      input('region', { control: 'select', options: { table: 'contacts', column: 'region' }, value: "O'Brien; drop table contacts; --" }),
      none,
    );
    expect(await rows('select amount from contacts where region = (select value from region)')).toEqual([{ amount: 30 }]);
    expect(await rows('select count(*)::INTEGER as n from contacts')).toEqual([{ n: 3 }]);
  });

  it('binds a multi-select as one row per value', async () => {
    await inputKind.execute(
      withLocalJobs(engine),
      input('regions', { control: 'multiselect', options: { table: 'contacts', column: 'region' }, value: ['東京都', '大阪府'] }),
      none,
    );
    expect(await rows('select sum(amount)::INTEGER as total from contacts where region in (select value from regions)')).toEqual([
      { total: 30 },
    ]);
  });

  it('binds a date range and a slider with their types', async () => {
    await inputKind.execute(
      withLocalJobs(engine),
      input('period', { control: 'daterange', value: { start: '2025-01-01', end: '2025-03-31' } }),
      none,
    );
    expect(await rows('select (date \'2025-02-10\' between start and "end") as inside, typeof(start) as type from period')).toEqual([
      { inside: true, type: 'DATE' },
    ]);
    await inputKind.execute(withLocalJobs(engine), input('min_amount', { control: 'slider', min: 0, max: 100, value: 15 }), none);
    expect(await rows('select count(*)::INTEGER as n from contacts where amount > (select value from min_amount)')).toEqual([{ n: 2 }]);
  });

  it('refuses an unknown control and an input without a name in one sentence', async () => {
    await expect(inputKind.execute(withLocalJobs(engine), input('x', { control: 'wheel' }), none)).rejects.toThrow(
      /control must be one of select, multiselect, daterange, slider, text/,
    );
    await expect(inputKind.execute(withLocalJobs(engine), input('', { control: 'text', value: 'a' }), none)).rejects.toThrow(
      /Give the input a name/,
    );
  });
});
