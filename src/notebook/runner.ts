import { tableFromIPC } from 'apache-arrow';
import type { Engine } from '../engine/engine.ts';
import { compileSqlCell } from '../cells/sql/compile.ts';
import type { LoadReport } from '../ingest/types.ts';
import type { SourceCell, SqlCell } from './model.ts';
import { specError } from '../cells/spec-error.ts';

/** What a run leaves for the view to show. */
export interface CellResult {
  /** The engine table the result view pages through. */
  resultTable?: string;
  load?: LoadReport;
  elapsedMs: number;
}

/** Runs a SQL cell: its query becomes a view named after the cell and a materialised page source. */
export async function runSqlCell(engine: Pick<Engine, 'exec' | 'query' | 'insertArrow'>, cell: SqlCell): Promise<CellResult> {
  const started = performance.now();
  if (!cell.sql.trim()) throw specError('spec.emptySql', undefined, 'sql');
  const steps = compileSqlCell(cell);
  if (steps.materialize) {
    await engine.exec(steps.run);
    await engine.exec(steps.materialize);
  } else {
    const ipc = await engine.query(steps.run);
    await engine.insertArrow(steps.resultTable, ipc);
  }
  return { resultTable: steps.resultTable, elapsedMs: performance.now() - started };
}

/** Whether a source cell's table is already in the warehouse (e.g. restored from OPFS after a reload). */
export async function sourceTableExists(engine: Pick<Engine, 'query'>, cell: SourceCell): Promise<boolean> {
  const result = tableFromIPC(
    await engine.query(`SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ?`, [cell.name]),
  );
  return Number(result.getChildAt(0)?.get(0)) > 0;
}

export function mappedViewName(sourceName: string): string {
  return `${sourceName}_mapped`;
}

