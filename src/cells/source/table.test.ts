import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeEngine } from '../../engine/native.ts';
import { queryRows } from '../../engine/plain-rows.ts';
import type { SourceCell } from '../../document/model.ts';
import { isValidSourceName, renameSourceTable } from './table.ts';

const sourceCell = (name: string): SourceCell => ({
  id: 'c1',
  kind: 'source',
  name,
  spec: { file: 'contacts.csv', mapping: { email: 'mail' } },
});

describe('renaming a source table', () => {
  let engine: NativeEngine;
  beforeAll(async () => {
    engine = await NativeEngine.create();
    await engine.exec(`CREATE TABLE source_1 AS SELECT * FROM (VALUES (1, 'ann@example.com'), (2, 'bob@example.com')) t(id, mail)`);
    await engine.exec(`CREATE VIEW source_1_mapped AS SELECT mail AS email FROM source_1`);
    await engine.exec(`CREATE TABLE taken AS SELECT 1 AS n`);
  });
  afterAll(async () => engine.close());

  const tables = async () =>
    (await queryRows(engine, `SELECT table_name FROM information_schema.tables ORDER BY 1`)).map((row) => row.table_name);

  it('moves the table and its mapped view to the new name, rows intact', async () => {
    expect(await renameSourceTable(engine, 'source_1', sourceCell('contacts'))).toBe(true);
    expect(await tables()).toEqual(['contacts', 'contacts_mapped', 'taken']);
    expect(await queryRows(engine, `SELECT email FROM contacts_mapped ORDER BY email`)).toEqual([
      { email: 'ann@example.com' },
      { email: 'bob@example.com' },
    ]);
  });

  it('changes nothing when the old table is gone or the new name is a table already', async () => {
    expect(await renameSourceTable(engine, 'source_1', sourceCell('other'))).toBe(false);
    expect(await renameSourceTable(engine, 'contacts', sourceCell('taken'))).toBe(false);
    expect(await tables()).toEqual(['contacts', 'contacts_mapped', 'taken']);
    expect(await queryRows(engine, `SELECT count(*)::INTEGER AS n FROM contacts`)).toEqual([{ n: 2 }]);
  });

  it('moves the table rows of a kintone export (<table>_subtable) with their records', async () => {
    await engine.exec(`CREATE TABLE deals AS SELECT 1 AS id, 'a@example.com' AS mail`);
    await engine.exec(`CREATE TABLE deals_subtable AS SELECT 1 AS id, 'item' AS line`);
    expect(await renameSourceTable(engine, 'deals', sourceCell('案件'))).toBe(true);
    expect(await tables()).toEqual(expect.arrayContaining(['案件', '案件_subtable', '案件_mapped']));
    expect(await tables()).not.toContain('deals_subtable');
    expect(await queryRows(engine, `SELECT line FROM "案件_subtable"`)).toEqual([{ line: 'item' }]);
  });

  it('accepts letters of any script, digits and _, not a leading digit, a space or Kura’s own prefix', () => {
    expect(['contacts', '_crm', '顧客_2024', 'Kunden'].every(isValidSourceName)).toBe(true);
    expect(['', '2024_contacts', 'crm contacts', 'a-b', 'x"y', '_kura_results', 'a'.repeat(64)].some(isValidSourceName)).toBe(false);
  });
});
