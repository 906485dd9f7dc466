import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
import type { Engine } from '../engine/engine.ts';
import { columnNames, existingTableNames, readCatalog } from '../engine/catalog.ts';
import { engineFactories } from '../../test/unit/engines.ts';
import { parseNotebook, serializeNotebook } from './format.ts';
import { loadFile } from '../ingest/load.ts';
import { openBundle, writeBundle } from '../report/bundle.ts';

const bundleOptions = { createdAt: '2026-12-06T00:00:00.000Z', kuraVersion: 'test' };
import {
  ensureNotebookId,
  freeNotebook,
  freeOtherNotebooks,
  noOtherNotebooks,
  recordNotebookTitle,
  freshNotebookId,
  inNotebookSchema,
  notebookSchema,
  otherNotebooks,
  useNotebookSchema,
} from './namespace.ts';

async function rows(engine: Engine, sql: string): Promise<Record<string, unknown>[]> {
  return tableFromIPC(await engine.query(sql))
    .toArray()
    .map((row) => ({ ...row.toJSON() }));
}

describe('a notebook id', () => {
  it('names the notebook schema; a notebook without one keeps main', () => {
    expect(notebookSchema(parseNotebook('---\nkura: 1\nid: k3x9\n---\n').header)).toBe('notebook_k3x9');
    expect(notebookSchema(parseNotebook('# no header\n').header)).toBe('main');
  });

  it('is given to a notebook without one, written in its header and read back the same', () => {
    const notebook = parseNotebook('---\nkura: 1\ntitle: Mine\n---\n\n```sql a\nselect 1\n```\n');
    expect(ensureNotebookId(notebook)).toBe(true);
    const id = notebook.header.id!;
    expect(id).toMatch(/^[a-z][a-z0-9]{11}$/);
    const text = serializeNotebook(notebook);
    expect(text).toBe(`---\nkura: 1\ntitle: Mine\nid: ${id}\n---\n\n\`\`\`sql a\nselect 1\n\`\`\`\n`);
    expect(parseNotebook(text).header.id).toBe(id);
    expect(ensureNotebookId(parseNotebook(text))).toBe(false);
    expect(new Set(Array.from({ length: 50 }, freshNotebookId)).size).toBe(50);
  });

  it('that could not name a schema is refused with its line', () => {
    expect(() => parseNotebook('---\nkura: 1\nid: "a b"\n---\n')).toThrow('The notebook id at line 3 must be');
    expect(() => parseNotebook('---\nkura: 1\nid: 42\n---\n')).toThrow('The notebook id at line 3 must be');
  });
});

describe.each(engineFactories)('notebook schemas on $name DuckDB', ({ create }) => {
  let engine: Engine;
  const first = parseNotebook('---\nkura: 1\nid: first\n---\n').header;
  const second = parseNotebook('---\nkura: 1\nid: second\n---\n').header;

  beforeEach(async () => {
    engine = await create();
    await engine.exec("CREATE TABLE shared_before AS SELECT 'old' AS v");
  });
  afterEach(() => engine.close());

  it("keeps each notebook's tables to itself: unqualified names, Arrow inserts and the catalog", async () => {
    await useNotebookSchema(engine, first);
    await engine.exec("CREATE TABLE customers_golden AS SELECT 'first' AS who; CREATE VIEW golden_view AS SELECT * FROM customers_golden");
    await engine.insertArrow('inputs', tableToIPC(tableFromArrays({ n: [1, 2] }), 'stream'));
    await engine.exec('CREATE TEMP TABLE scratch AS SELECT 1 AS x');

    await useNotebookSchema(engine, second);
    await engine.exec("CREATE TABLE customers_golden AS SELECT 'second' AS who, 2 AS extra");
    await engine.insertArrow('inputs', tableToIPC(tableFromArrays({ n: [3] }), 'stream'));
    await engine.insertArrow('inputs', tableToIPC(tableFromArrays({ n: [4] }), 'stream'), { mode: 'append' });
    expect(await rows(engine, 'SELECT who FROM customers_golden')).toEqual([{ who: 'second' }]);
    expect((await readCatalog(engine)).map((table) => table.name)).toEqual(['customers_golden', 'inputs']);
    expect(await columnNames(engine, 'customers_golden')).toEqual(['who', 'extra']);
    expect(await existingTableNames(engine, ['customers_golden', 'golden_view', 'scratch', 'shared_before'])).toEqual(['customers_golden']);

    await useNotebookSchema(engine, first);
    expect(await rows(engine, 'SELECT who FROM golden_view')).toEqual([{ who: 'first' }]);
    expect(await rows(engine, 'SELECT count(*)::INTEGER AS n FROM inputs')).toEqual([{ n: 2 }]);
    expect((await readCatalog(engine)).map((table) => [table.name, table.kind])).toEqual([
      ['customers_golden', 'table'],
      ['golden_view', 'view'],
      ['inputs', 'table'],
    ]);
    expect(await existingTableNames(engine, ['golden_view', 'scratch'])).toEqual([]);

    // A notebook without an id sees what every notebook shared before ids.
    await useNotebookSchema(engine, parseNotebook('# old\n').header);
    expect((await readCatalog(engine)).map((table) => table.name)).toEqual(['shared_before']);
  });

  it("never drops main's table of the same name when a notebook first loads, inserts or restores one", async () => {
    await engine.exec("CREATE TABLE contacts AS SELECT 'main' AS who; CREATE TABLE inputs AS SELECT 'main' AS who");
    await useNotebookSchema(engine, first);
    await loadFile(engine, { fileName: 'contacts.csv', bytes: new TextEncoder().encode('who\nfirst\n') });
    await engine.insertArrow('inputs', tableToIPC(tableFromArrays({ who: ['first'] }), 'stream'));
    expect(await rows(engine, 'SELECT who FROM contacts UNION ALL SELECT who FROM inputs')).toEqual([{ who: 'first' }, { who: 'first' }]);
    // Restored into a notebook that holds no contacts table yet.
    await openBundle(
      engine,
      await writeBundle(engine, '---\nkura: 1\nid: third\n---\n\n```source contacts\nfile: contacts.csv\n```\n', bundleOptions),
    );
    expect(await rows(engine, 'SELECT current_schema() AS s, who FROM contacts')).toEqual([{ s: 'notebook_third', who: 'first' }]);
    expect(await rows(engine, 'SELECT who FROM main.contacts UNION ALL SELECT who FROM main.inputs')).toEqual([
      { who: 'main' },
      { who: 'main' },
    ]);
  });

  it('runs work in a notebook schema and returns to the one it was using', async () => {
    await useNotebookSchema(engine, first);
    const inside = await inNotebookSchema(engine, second, async () => {
      await engine.exec('CREATE TABLE restored AS SELECT 1 AS n');
      return rows(engine, 'SELECT current_schema() AS s');
    });
    expect(inside).toEqual([{ s: 'notebook_second' }]);
    expect(await rows(engine, 'SELECT current_schema() AS s')).toEqual([{ s: 'notebook_first' }]);
    expect(await existingTableNames(engine, ['restored'])).toEqual([]);
    await expect(inNotebookSchema(engine, second, () => engine.exec('SELECT * FROM nowhere'))).rejects.toThrow();
    expect(await rows(engine, 'SELECT current_schema() AS s')).toEqual([{ s: 'notebook_first' }]);
  });
});

describe.each(engineFactories)("freeing other notebooks' tables on $name DuckDB", ({ create }) => {
  it('counts and drops every other notebook schema and the tables of main, never the open one', async () => {
    const engine = await create();
    try {
      await engine.exec('CREATE TABLE before_ids AS SELECT 1 AS n; CREATE VIEW before_view AS SELECT * FROM before_ids');
      await engine.exec('CREATE SCHEMA elsewhere; CREATE TABLE elsewhere.kept AS SELECT 1 AS n');
      for (const id of ['one', 'two']) {
        await useNotebookSchema(engine, parseNotebook(`---\nkura: 1\nid: ${id}\n---\n`).header);
        await engine.exec('CREATE TABLE customers_golden AS SELECT range AS n FROM range(5)');
      }
      expect(await otherNotebooks(engine)).toEqual({
        notebooks: 2,
        tables: 2,
        rows: 6,
        kept: [
          { schema: 'notebook_one', title: null, tables: 1, rows: 5 },
          { schema: 'main', title: null, tables: 1, rows: 1 },
        ],
      });
      await freeOtherNotebooks(engine);
      expect(await otherNotebooks(engine)).toEqual(noOtherNotebooks);
      expect(await rows(engine, 'SELECT count(*)::INTEGER AS n FROM customers_golden')).toEqual([{ n: 5 }]);
      expect(
        await rows(engine, "SELECT schema_name || '.' || table_name AS t FROM duckdb_tables() WHERE NOT internal ORDER BY ALL"),
      ).toEqual([{ t: 'elsewhere.kept' }, { t: 'notebook_two.customers_golden' }]);
      expect(await rows(engine, 'SELECT count(*)::INTEGER AS n FROM duckdb_views() WHERE NOT internal')).toEqual([{ n: 0 }]);
    } finally {
      await engine.close();
    }
  });
});

describe.each(engineFactories)("naming and freeing one other notebook's tables on $name DuckDB", ({ create }) => {
  it('names each kept notebook by the title it recorded and frees one without touching the others or the open one', async () => {
    const engine = await create();
    try {
      const headers = ['one', 'two', 'three'].map((id) => parseNotebook(`---\nkura: 1\nid: ${id}\ntitle: "Q3 顧客 ${id}'s"\n---\n`).header);
      for (const header of headers) {
        await useNotebookSchema(engine, header);
        await recordNotebookTitle(engine, header);
        await engine.exec(`CREATE TABLE customers_golden AS SELECT range AS n FROM range(${header.id === 'one' ? 7 : 2})`);
      }
      // A notebook that recorded its title but holds no table is not listed; a renamed title replaces the old one.
      await recordNotebookTitle(engine, parseNotebook('---\nkura: 1\nid: empty\ntitle: Nothing yet\n---\n').header);
      await recordNotebookTitle(engine, { ...headers[1]!, title: 'Renamed' });
      const kept = await otherNotebooks(engine);
      expect(kept.kept.map(({ schema, title, tables }) => ({ schema, title, tables }))).toEqual([
        { schema: 'notebook_one', title: "Q3 顧客 one's", tables: 1 },
        { schema: 'notebook_two', title: 'Renamed', tables: 1 },
      ]);
      expect(kept.kept[0]!.rows).toBeGreaterThanOrEqual(7);

      await freeNotebook(engine, 'notebook_one');
      expect((await otherNotebooks(engine)).kept.map((notebook) => notebook.schema)).toEqual(['notebook_two']);
      expect(await rows(engine, "SELECT count(*)::INTEGER AS n FROM duckdb_schemas() WHERE schema_name = 'notebook_one'")).toEqual([
        { n: 0 },
      ]);
      expect(await rows(engine, 'SELECT count(*)::INTEGER AS n FROM notebook_two.customers_golden')).toEqual([{ n: 2 }]);
      expect(await rows(engine, 'SELECT count(*)::INTEGER AS n FROM customers_golden')).toEqual([{ n: 2 }]);
      await expect(freeNotebook(engine, 'notebook_three')).rejects.toThrow(/open notebook/);
      await expect(freeNotebook(engine, 'elsewhere')).rejects.toThrow(/not a notebook/);
    } finally {
      await engine.close();
    }
  });
});
