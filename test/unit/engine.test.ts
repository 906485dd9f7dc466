import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import type { Engine } from '../../src/engine/engine.ts';
import { KuraError } from '../../src/engine/engine.ts';
import { engineFactories } from './engines.ts';

const rows = (ipc: Uint8Array) =>
  tableFromIPC(ipc)
    .toArray()
    .map((row) => row.toJSON());

describe.each(engineFactories)('Engine on $name DuckDB', ({ create }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
  });
  afterAll(() => engine.close());

  it('runs SQL and returns Arrow IPC', async () => {
    const result = rows(await engine.query("select 42::integer as answer, '髙橋' as name"));
    expect(result).toEqual([{ answer: 42, name: '髙橋' }]);
  });

  it('binds parameters without splicing them into SQL', async () => {
    const result = rows(await engine.query('select ?::varchar as v, ?::integer + 1 as n', ["o'hara", 1]));
    expect(result).toEqual([{ v: "o'hara", n: 2 }]);
  });

  it('creates and appends tables from Arrow', async () => {
    const source = await engine.query("select range::integer as id, 'row ' || range as label from range(5)");
    await engine.insertArrow('from_arrow', source);
    await engine.insertArrow('from_arrow', source, { mode: 'append' });
    expect(rows(await engine.query('select count(*)::integer as n, sum(id)::integer as s from from_arrow'))).toEqual([{ n: 10, s: 20 }]);
  });

  it('reads a registered file with the CSV reader', async () => {
    const path = await engine.registerFile('people.csv', new TextEncoder().encode('id,name\n1,山田\n2,Smith\n'));
    const result = rows(await engine.query(`select * from read_csv('${path}') order by id`));
    expect(result.map((r) => r.name)).toEqual(['山田', 'Smith']);
    await engine.dropFile('people.csv');
  });

  it('exports CSV', async () => {
    const csv = new TextDecoder().decode(await engine.exportQuery("select 1 as a, 'x,y' as b", 'csv'));
    expect(csv.trim().split('\n')).toEqual(['a,b', '1,"x,y"']);
  });

  it('reports bad SQL as one plain sentence and stays usable', async () => {
    const failure = await engine.query('selec 1').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(KuraError);
    expect((failure as KuraError).message).toMatch(/syntax error near "selec"/);
    expect((failure as KuraError).message.split('\n')).toHaveLength(1);
    expect(rows(await engine.query('select 1 as ok'))).toEqual([{ ok: 1 }]);
  });

  it('names a missing table plainly', async () => {
    const failure = (await engine.query('select * from no_such_table').catch((e: unknown) => e)) as KuraError;
    expect(failure.message).toBe('There is no table named no_such_table; check the table names in the schema browser.');
  });

  it('says plainly when a query runs out of memory', async () => {
    await engine.exec("SET memory_limit='32MB'");
    try {
      const failure = (await engine.query('select list(range::varchar) from range(20000000)').catch((e: unknown) => e)) as KuraError;
      expect(failure).toBeInstanceOf(KuraError);
      expect(failure.detail).toMatch(/Out of Memory/i);
      expect(failure.kind).toBe('out-of-memory');
      expect(failure.message).toMatch(/ran out of memory.*fewer rows.*kura run/);
    } finally {
      await engine.exec('RESET memory_limit');
    }
    expect(rows(await engine.query('select 1 as ok'))).toEqual([{ ok: 1 }]);
  });

  it('cannot reach the network from SQL', async () => {
    const failure = (await engine.query("select * from read_csv('https://example.com/x.csv')").catch((e: unknown) => e)) as KuraError;
    expect(failure).toBeInstanceOf(KuraError);
    expect(failure.kind).toBe('network-blocked');
  });
});

describe.each(engineFactories)('Engine on $name DuckDB under concurrent calls', ({ create }) => {
  it('gives every concurrent query its own result', async () => {
    const engine = await create();
    const queries = Array.from({ length: 12 }, (_, i) =>
      engine.query(`select ${i}::integer as i, range::integer as r from range(${1000 + i * 500})`),
    );
    const results = (await Promise.all(queries)).map((ipc) => tableFromIPC(ipc));
    results.forEach((table, i) => {
      expect(table.numRows).toBe(1000 + i * 500);
      expect(table.getChild('i')?.get(0)).toBe(i);
    });
    await engine.close();
  });
});
