import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine/engine.ts';
import { NativeEngine } from '../engine/native.ts';
import { parseNotebook } from './format.ts';
import { sqlReferences } from './sql-references.ts';

/** SQL → the tables it reads, as a reader would say. Also checked against DuckDB's parser below. */
const corpus: [string, string[]][] = [
  ['select * from orders', ['orders']],
  ['SELECT * FROM "Orders 2024" o JOIN main.crm c ON o.id = c.id', ['orders 2024', 'crm']],
  ['select a, b from x, y as yy, z where x.a in (select a from w)', ['x', 'y', 'z', 'w']],
  ['select \'from orders\' as t, "from" from t1 -- from t2\n /* join t3 */', ['t1']],
  ['with crm as (select * from contacts), m as (select * from crm join leads using (email)) select * from m, crm', ['contacts', 'leads']],
  ['with recursive r(n) as (select 1 union all select n + 1 from r where n < 3) select * from r', []],
  ['select extract(year from order_date) as y, substring(name from 2) from orders', ['orders']],
  ["select * from read_csv('x.csv') join range(10) r on true", []],
  ['select count(*) as customers from crm_contacts group by all order by customers', ['crm_contacts']],
  ['select (select max(x) from a) as m, exists (select 1 from b) from c', ['a', 'b', 'c']],
  ['from orders select sum(amount)', ['orders']],
  ['select * from (select * from a) s left join (b natural join c) on true', ['a', 'b', 'c']],
  ['select * from a union all select * from b except select * from c', ['a', 'b', 'c']],
  ['select * from a where x = (select value from channel)', ['a', 'channel']],
  ['select * from a asof join b on a.t >= b.t positional join c', ['a', 'b', 'c']],
  ['select $$from nowhere$$ as s from 東京_顧客', ['東京_顧客']],
  ['select * from lateral_test, lateral (select 1) l', ['lateral_test']],
  ['select list(x order by y) filter (where z) from t qualify row_number() over (partition by a order by b) = 1', ['t']],
];

describe('sqlReferences', () => {
  it.each(corpus)('%s', (sql, expected) => {
    expect(sqlReferences(sql).reads).toEqual(expected);
  });

  it('tells what statements create and change from what they read', () => {
    expect(sqlReferences('create or replace table t as select * from s; insert into log (a) select a from t; update u set a = 1')).toEqual({
      reads: ['s', 't'],
      writes: ['t', 'log', 'u'],
    });
    expect(sqlReferences('CREATE TEMP VIEW IF NOT EXISTS v AS TABLE w')).toEqual({ reads: ['w'], writes: ['v'] });
  });
});

describe('sqlReferences against DuckDB’s parser (native json_serialize_sql)', () => {
  let engine: NativeEngine;
  beforeAll(async () => (engine = await NativeEngine.create()));
  afterAll(() => engine.close());

  it('finds the same tables for every query of the corpus and of the demo notebook', async () => {
    const demo = parseNotebook(readFileSync(join(import.meta.dirname, '../../public/demo/demo.kura.md'), 'utf8'));
    const queries = [...corpus.map(([sql]) => sql), ...demo.cells.flatMap((cell) => (cell.kind === 'sql' ? [cell.sql] : []))];
    let compared = 0;
    for (const sql of queries) {
      const parsed = await parsedTableReferences(engine, sql);
      if (parsed === null) continue;
      compared++;
      expect([...sqlReferences(sql).reads].sort(), sql).toEqual([...parsed].sort());
    }
    expect(compared).toBeGreaterThan(20);
  });
});

/**
 * DuckDB's own answer, from `json_serialize_sql` (native DuckDB only: DuckDB-WASM lacks the json extension).
 * Base tables read by SELECT statements, CTE names removed, lower case; null when the engine cannot parse
 * the statement this way (no json extension, or not a SELECT).
 */
async function parsedTableReferences(engine: Pick<Engine, 'query'>, sql: string): Promise<string[] | null> {
  let text: string;
  try {
    text = String(
      tableFromIPC(await engine.query('SELECT json_serialize_sql(?::VARCHAR) AS tree', [sql]))
        .getChildAt(0)
        ?.get(0),
    );
  } catch {
    return null;
  }
  const tree = JSON.parse(text) as { error?: boolean };
  if (tree.error) return null;
  const tables: string[] = [];
  const ctes = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.type === 'BASE_TABLE' && typeof record.table_name === 'string') tables.push(record.table_name.toLowerCase());
    const cteMap = record.cte_map as { map?: { key?: string }[] } | undefined;
    for (const entry of cteMap?.map ?? []) if (entry.key) ctes.add(entry.key.toLowerCase());
    Object.values(record).forEach(walk);
  };
  walk(tree);
  return [...new Set(tables.filter((name) => !ctes.has(name)))];
}
