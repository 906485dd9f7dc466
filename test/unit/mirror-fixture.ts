import type { Engine } from '../../src/engine/engine.ts';
import { queryRows } from '../../src/engine/plain-rows.ts';

/** A database for mirror and restore tests: two schemas, a table of every kind of column type (keys and defaults), views over views. */
export async function fillMirrorFixture(engine: Engine): Promise<void> {
  await engine.exec(`CREATE SCHEMA notebook_a;
    CREATE TABLE notebook_a."odd name" (id INTEGER PRIMARY KEY, u UUID, h HUGEINT, e ENUM('x', 'y'), l INTEGER[], s STRUCT(a INTEGER, b VARCHAR),
      i INTERVAL, d DECIMAL(18,3) DEFAULT 1.5, t TIMESTAMP, day DATE, b BLOB, m MAP(VARCHAR, INTEGER), name VARCHAR);
    INSERT INTO notebook_a."odd name" VALUES
      (1, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 170141183460469231731687303715884105727, 'y', [1, NULL, 3], {a: 1, b: '名前'},
       INTERVAL 3 DAY, 2.5, TIMESTAMP '2026-12-06 10:00:00', DATE '2026-01-31', '\\xAA'::BLOB, MAP {'k': 1}, '佐藤 花子'),
      (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
    CREATE TABLE main.people AS SELECT range AS id, 'person ' || range AS name FROM range(10);
    DELETE FROM main.people WHERE id IN (3, 4, 5);
    CREATE TABLE notebook_a.empty (x INTEGER);
    CREATE VIEW notebook_a.names AS SELECT name FROM notebook_a."odd name";
    CREATE VIEW main.people_view AS SELECT * FROM main.people WHERE id > 1;
    CREATE VIEW notebook_a.over_view AS SELECT * FROM main.people_view;`);
}

/** Every table's column types and rows as text, by qualified name. */
export async function contents(engine: Engine): Promise<Record<string, string[]>> {
  const tables = await queryRows(
    engine,
    `SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database() ORDER BY schema_name, table_name`,
  );
  const result: Record<string, string[]> = {};
  for (const { schema_name: schema, table_name: name } of tables) {
    const rows = await queryRows(
      engine,
      `SELECT __kura_whole_row::VARCHAR AS row FROM "${String(schema)}"."${String(name)}" AS __kura_whole_row ORDER BY rowid`,
    );
    const types = await queryRows(
      engine,
      `SELECT column_name || ' ' || data_type AS c FROM duckdb_columns() WHERE schema_name = '${String(schema)}' AND table_name = '${String(name)}' ORDER BY column_index`,
    );
    result[`${String(schema)}.${String(name)}`] = [...types.map((row) => String(row.c)), ...rows.map((row) => String(row.row))];
  }
  return result;
}

export async function views(engine: Engine): Promise<string[]> {
  return (await queryRows(engine, `SELECT sql FROM duckdb_views() WHERE NOT internal ORDER BY schema_name, view_name`)).map((row) =>
    String(row.sql),
  );
}
