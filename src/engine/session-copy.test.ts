import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from './engine.ts';
import { queryRows } from './plain-rows.ts';
import { copySession, leaveSession } from './session-copy.ts';
import { engineFactories } from '../../test/unit/engines.ts';

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.close()));
});

const session = {
  temporaryTables: (engine: Engine) =>
    queryRows(engine, "SELECT table_name, sql FROM duckdb_tables() WHERE database_name = 'temp' ORDER BY table_name"),
  persistentTables: (engine: Engine) =>
    queryRows(engine, 'SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database() ORDER BY ALL'),
  variables: (engine: Engine) => queryRows(engine, 'SELECT name, value, type FROM duckdb_variables() ORDER BY name'),
  schema: async (engine: Engine) => (await queryRows(engine, 'SELECT current_schema() AS s'))[0]!.s,
};

describe.each(engineFactories)('moving a session to another database ($name)', ({ create }) => {
  it('copies temporary tables (rows and types), temporary views, variables and the schema in use; leaves the first one empty', async () => {
    const from = await create();
    const to = await create();
    engines.push(from, to);
    for (const engine of [from, to])
      await engine.exec('CREATE SCHEMA notebook_a; CREATE TABLE notebook_a.orders AS SELECT range AS id FROM range(5)');
    await from.exec(`USE notebook_a;
      CREATE TEMP TABLE "_kura_result_top orders" AS SELECT id, 'お客様 ' || id AS name, [id, id + 1] AS ids, {'a': id} AS s,
        'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID AS u, id::HUGEINT AS h FROM orders WHERE id > 1;
      CREATE TEMP TABLE empty_result (x DECIMAL(18, 3) DEFAULT 1.5);
      CREATE TEMP VIEW recent AS SELECT * FROM orders WHERE id >= 3;
      SET VARIABLE segment = 'it''s "vip"'; SET VARIABLE since = DATE '2026-01-31'; SET VARIABLE ids = [1, 2, 3];
      SET VARIABLE pair = {'a': 1, 'b': 'x'}; SET VARIABLE nothing = NULL;`);

    await copySession(from, to);

    expect(await session.schema(to)).toBe('notebook_a');
    expect(await session.temporaryTables(to)).toEqual(await session.temporaryTables(from));
    expect(await session.persistentTables(to)).toEqual([{ schema_name: 'notebook_a', table_name: 'orders' }]);
    const rows = 'SELECT * FROM "_kura_result_top orders" ORDER BY id';
    expect(await queryRows(to, rows)).toEqual(await queryRows(from, rows));
    await to.exec('INSERT INTO empty_result DEFAULT VALUES');
    expect(await queryRows(to, 'SELECT x FROM empty_result')).toEqual([{ x: 1.5 }]);
    expect(await queryRows(to, 'SELECT count(*)::INTEGER AS n FROM recent')).toEqual([{ n: 2 }]);
    expect(await session.variables(to)).toEqual(await session.variables(from));
    expect(await queryRows(to, "SELECT getvariable('ids')[2] AS second")).toEqual([{ second: 2 }]);

    await leaveSession(from);
    expect(await session.temporaryTables(from)).toEqual([]);
    expect(await queryRows(from, "SELECT view_name FROM duckdb_views() WHERE database_name = 'temp' AND NOT internal")).toEqual([]);
    expect(await session.variables(from)).toEqual([]);
    expect(await session.schema(from)).toBe('main');
    expect(await session.persistentTables(from)).toEqual([{ schema_name: 'notebook_a', table_name: 'orders' }]);
  });

  it('moves an empty session as it is', async () => {
    const from = await create();
    const to = await create();
    engines.push(from, to);
    await copySession(from, to);
    expect(await session.schema(to)).toBe('main');
    expect(await session.temporaryTables(to)).toEqual([]);
    expect(await session.variables(to)).toEqual([]);
  });
});
