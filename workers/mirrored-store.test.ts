import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../src/engine/engine.ts';
import { NativeEngine } from '../src/engine/native.ts';
import { queryRows } from '../src/engine/plain-rows.ts';
import { engineFactories } from '../test/unit/engines.ts';
import { contents, fillMirrorFixture, views } from '../test/unit/mirror-fixture.ts';
import { MirroredStore, type StoredFile } from './mirrored-store.ts';

const engines: Engine[] = [];
const folders: string[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.close()));
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/**
 * The stored database (an engine of the kind under test, holding the fixture) and an empty working database; the
 * stored file's bytes are the same fixture written by native DuckDB, whose storage format is the OPFS warehouse's.
 */
async function storedAndWorking(create: () => Promise<Engine>) {
  const stored = await create();
  const working = await create();
  engines.push(stored, working);
  await fillMirrorFixture(stored);
  const bytes = await fixtureFile();
  const file: StoredFile = { read: async () => bytes };
  return { stored, working, file };
}

async function fixtureFile(): Promise<Uint8Array> {
  const folder = mkdtempSync(join(tmpdir(), 'kura-restore-'));
  folders.push(folder);
  const path = join(folder, 'stored.db');
  const writer = await NativeEngine.create(path);
  try {
    await fillMirrorFixture(writer);
    await writer.exec('CHECKPOINT');
  } finally {
    await writer.close();
  }
  return new Uint8Array(readFileSync(path));
}

/** The store's connection, with the statements a save sends to it. */
function recording(engine: Engine) {
  const statements: string[] = [];
  const store = {
    query: (sql: string, params?: Parameters<Engine['query']>[1]) => engine.query(sql, params),
    exec: (sql: string) => (statements.push(sql), engine.exec(sql)),
    insertArrow: (...args: Parameters<Engine['insertArrow']>) => engine.insertArrow(...args),
  };
  return { store, statements };
}

async function workingObjects(engine: Engine): Promise<string[]> {
  return (
    await queryRows(
      engine,
      `SELECT database_name || '.' || schema_name || '.' || table_name AS name FROM duckdb_tables()
       UNION ALL SELECT database_name FROM duckdb_databases() WHERE NOT internal AND database_name <> current_database()
       ORDER BY 1`,
    )
  ).map((row) => String(row.name));
}

describe.each(engineFactories)('restoring the stored tables into a $name working database', ({ create }) => {
  it('attaches the stored file and copies it whole: schemas, every column type, keys, defaults, views; a save then copies nothing', async () => {
    const { stored, working, file } = await storedAndWorking(create);
    const { store, statements } = recording(stored);
    const mirrored = new MirroredStore(store, working);

    expect(await mirrored.restore(file)).toBe('attached');
    expect(await contents(working)).toEqual(await contents(stored));
    expect(await views(working)).toEqual(await views(stored));
    await working.exec(`INSERT INTO notebook_a."odd name" (id) VALUES (3)`);
    expect(await queryRows(working, `SELECT d FROM notebook_a."odd name" WHERE id = 3`)).toEqual([{ d: 1.5 }]);
    await expect(working.exec(`INSERT INTO notebook_a."odd name" (id) VALUES (1)`)).rejects.toThrow();
    // The stored file is neither attached nor registered any more.
    expect((await workingObjects(working)).filter((name) => !name.startsWith('memory.'))).toEqual([]);

    // Only the table changed since the restore goes back.
    statements.length = 0;
    const states: string[] = [];
    mirrored.setListener((state) => void states.push(state.state));
    await mirrored.save();
    expect(states.at(-1)).toBe('saved');
    expect(statements.filter((sql) => /^DROP TABLE/i.test(sql) && !sql.includes('__kura_mirror_chunk'))).toEqual([
      'DROP TABLE IF EXISTS "notebook_a"."odd name"',
    ]);
    expect(await contents(stored)).toEqual(await contents(working));
  });

  it('copies table by table, from nothing, when the stored file cannot be attached or read whole', async () => {
    for (const file of [
      { read: async () => new TextEncoder().encode('not a database') },
      { read: async () => null },
      {
        read: async () => {
          throw new Error('the file could not be read');
        },
      },
    ] satisfies StoredFile[]) {
      const { stored, working } = await storedAndWorking(create);
      const mirrored = new MirroredStore(stored, working);
      expect(await mirrored.restore(file)).toBe('table by table');
      expect(await contents(working)).toEqual(await contents(stored));
      expect(await views(working)).toEqual(await views(stored));
    }
  });
});
