import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from './engine.ts';
import { queryRows } from './plain-rows.ts';
import { mirrorTables, tableVersions, type MirrorEngine } from './table-mirror.ts';
import { engineFactories } from '../../test/unit/engines.ts';
import { contents, fillMirrorFixture, views } from '../../test/unit/mirror-fixture.ts';

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.close()));
});

describe.each(engineFactories)('mirroring tables ($name to $name)', ({ create }) => {
  async function pair(): Promise<[Engine, Engine]> {
    const from = await create();
    const to = await create();
    engines.push(from, to);
    return [from, to];
  }

  it('copies schemas, tables of every kind of column type (types, keys and defaults kept), and views', async () => {
    const [from, to] = await pair();
    await fillMirrorFixture(from);
    const result = await mirrorTables(from, to, new Map(), { chunkRows: 2 });
    expect(result.copied.sort()).toEqual(['"main"."people"', '"notebook_a"."empty"', '"notebook_a"."odd name"']);
    expect(result.viewProblems).toEqual([]);
    expect(await contents(to)).toEqual(await contents(from));
    expect(await views(to)).toEqual(await views(from));
    await to.exec(`INSERT INTO notebook_a."odd name" (id) VALUES (3)`);
    expect(await queryRows(to, `SELECT d FROM notebook_a."odd name" WHERE id = 3`)).toEqual([{ d: 1.5 }]);
    await expect(to.exec(`INSERT INTO notebook_a."odd name" (id) VALUES (1)`)).rejects.toThrow();
  });

  it('copies only what changed since the versions it was given; drops what is gone', async () => {
    const [from, to] = await pair();
    await fillMirrorFixture(from);
    const first = await mirrorTables(from, to, new Map());
    expect(await tableVersions(from)).toEqual(first.versions);

    const unchanged = await mirrorTables(from, to, first.versions);
    expect(unchanged.copied).toEqual([]);
    expect(unchanged.versions).toEqual(first.versions);

    // An UPDATE keeps the table's oid and row count: its content hash tells, also in a table with a column named t.
    await from.exec(`UPDATE main.people SET name = 'changed' WHERE id = 7; UPDATE notebook_a."odd name" SET name = '佐藤 花' WHERE id = 1`);
    await from.exec(`CREATE OR REPLACE VIEW main.people_view AS SELECT * FROM main.people WHERE id > 2`);
    const updated = await mirrorTables(from, to, unchanged.versions);
    expect(updated.copied.sort()).toEqual(['"main"."people"', '"notebook_a"."odd name"']);
    expect(await contents(to)).toEqual(await contents(from));
    expect(await views(to)).toEqual(await views(from));

    await from.exec(
      `DROP VIEW notebook_a.over_view; DROP VIEW notebook_a.names; DROP TABLE notebook_a."odd name"; CREATE TABLE notebook_b_t AS SELECT 1 AS one`,
    );
    const dropped = await mirrorTables(from, to, updated.versions);
    expect(dropped.dropped).toEqual(['"notebook_a"."odd name"']);
    expect(dropped.copied).toEqual(['"main"."notebook_b_t"']);
    expect(await contents(to)).toEqual(await contents(from));

    await from.exec(`DROP SCHEMA notebook_a CASCADE`);
    await mirrorTables(from, to, dropped.versions);
    expect(await queryRows(to, `SELECT count(*) AS n FROM duckdb_schemas() WHERE schema_name = 'notebook_a'`)).toEqual([{ n: 0 }]);
    expect(await contents(to)).toEqual(await contents(from));
  });

  it('restores into an empty database without reading versions', async () => {
    const [from, to] = await pair();
    await fillMirrorFixture(from);
    const restored = await mirrorTables(from, to, new Map(), { compare: false });
    expect(restored.versions.size).toBe(0);
    expect(await contents(to)).toEqual(await contents(from));
  });

  it('leaves the previous copy of a table whole when a copy is cut short', async () => {
    const [from, to] = await pair();
    await fillMirrorFixture(from);
    const first = await mirrorTables(from, to, new Map(), { chunkRows: 2 });
    const before = await contents(to);
    await from.exec(`INSERT INTO main.people SELECT range, 'new' FROM range(100, 110)`);
    let chunks = 0;
    const failing: MirrorEngine = {
      query: (sql, params) => to.query(sql, params),
      exec: (sql) => to.exec(sql),
      insertArrow: async (table, ipc, options) => {
        if (++chunks === 3) throw new Error('the tab was closed');
        await to.insertArrow(table, ipc, options);
      },
    };
    await expect(mirrorTables(from, failing, first.versions, { chunkRows: 2 })).rejects.toThrow('the tab was closed');
    expect(await contents(to)).toEqual(before);
    // The next mirror, with the versions from before, completes it.
    await mirrorTables(from, to, first.versions, { chunkRows: 2 });
    expect(await contents(to)).toEqual(await contents(from));
  });
});
