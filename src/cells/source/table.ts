import { tableFromIPC } from 'apache-arrow';
import type { Engine } from '../../engine/engine.ts';
import { quoteIdent } from '../../engine/sql.ts';
import type { SourceCell } from '../../document/model.ts';
import { mappedViewSql } from '../../ingest/mapping/mapped-view.ts';
import { sourceMapping } from '../../ingest/mapping/propose.ts';

/** The view with the common customer model's column names over a source table. */
export function mappedViewName(sourceName: string): string {
  return `${sourceName}_mapped`;
}

/** Whether a source cell's table is already in the warehouse (e.g. restored from OPFS after a reload, or from a bundle). */
export async function sourceTableExists(engine: Pick<Engine, 'query'>, cell: SourceCell): Promise<boolean> {
  const result = tableFromIPC(
    await engine.query(`SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ?`, [cell.name]),
  );
  return Number(result.getChildAt(0)?.get(0)) > 0;
}

/** (Re)builds the mapped view from the cell's preset or corrected mapping over the table's headers; returns the headers. */
export async function applySourceMapping(engine: Pick<Engine, 'query' | 'exec'>, cell: SourceCell): Promise<string[]> {
  const headers = tableFromIPC(await engine.query(`SELECT * FROM ${quoteIdent(cell.name)} LIMIT 0`)).schema.fields.map((field) => field.name);
  await engine.exec(mappedViewSql(cell.name, mappedViewName(cell.name), sourceMapping(cell.spec, headers)));
  return headers;
}
