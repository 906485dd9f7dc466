import { tableFromIPC } from 'apache-arrow';
import type { Engine } from '../../engine/engine.ts';
import { quoteIdent } from '../../engine/sql.ts';
import { inSchemaInUse } from '../../engine/schema-in-use.ts';
import type { SourceCell } from '../../document/model.ts';
import { mappedViewSql } from '../../ingest/mapping/mapped-view.ts';
import { subtableName } from '../../ingest/kintone.ts';
import { sourceMapping } from '../../ingest/mapping/propose.ts';
import { existingTableNames } from '../../engine/catalog.ts';

/** The view with the common customer model's column names over a source table. */
export function mappedViewName(sourceName: string): string {
  return `${sourceName}_mapped`;
}

/** Whether a source cell's table is already in the warehouse (e.g. restored from OPFS after a reload, or from a bundle). */
export async function sourceTableExists(engine: Pick<Engine, 'query'>, cell: SourceCell): Promise<boolean> {
  return baseTableExists(engine, cell.name);
}

async function baseTableExists(engine: Pick<Engine, 'query'>, name: string): Promise<boolean> {
  return (await existingTableNames(engine, [name])).length > 0;
}

/** Letters (any script), digits and `_`, not starting with a digit: a name that a notebook's fence line and SQL can both carry. */
const SOURCE_NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;

/** Whether a source cell may be named `name` (Kura's own `_kura_` tables excepted). */
export function isValidSourceName(name: string): boolean {
  return SOURCE_NAME.test(name) && name.length <= 63 && !name.toLowerCase().startsWith('_kura_');
}

/**
 * Moves a source cell's data from the table `previous` to the cell's current name (ALTER TABLE … RENAME) and
 * rebuilds its mapped view under the new name; false (nothing changed) when there is no table `previous` or the
 * new name is a table already.
 */
export async function renameSourceTable(engine: Pick<Engine, 'query' | 'exec'>, previous: string, cell: SourceCell): Promise<boolean> {
  if (previous === cell.name || !(await baseTableExists(engine, previous)) || (await baseTableExists(engine, cell.name))) return false;
  await engine.exec(`DROP VIEW IF EXISTS ${await inSchemaInUse(engine, mappedViewName(previous))}`);
  await engine.exec(`ALTER TABLE ${quoteIdent(previous)} RENAME TO ${quoteIdent(cell.name)}`);
  // A kintone export's table rows move with their records.
  const [oldSubtable, newSubtable] = [subtableName(previous), subtableName(cell.name)];
  if ((await baseTableExists(engine, oldSubtable)) && !(await baseTableExists(engine, newSubtable))) {
    await engine.exec(`ALTER TABLE ${quoteIdent(oldSubtable)} RENAME TO ${quoteIdent(newSubtable)}`);
  }
  await applySourceMapping(engine, cell);
  return true;
}

/** (Re)builds the mapped view from the cell's preset or corrected mapping over the table's headers; returns the headers. */
export async function applySourceMapping(engine: Pick<Engine, 'query' | 'exec'>, cell: SourceCell): Promise<string[]> {
  const headers = tableFromIPC(await engine.query(`SELECT * FROM ${quoteIdent(cell.name)} LIMIT 0`)).schema.fields.map(
    (field) => field.name,
  );
  await engine.exec(mappedViewSql(cell.name, mappedViewName(cell.name), sourceMapping(cell.spec, headers)));
  return headers;
}
