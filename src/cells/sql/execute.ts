import type { Engine } from '../../engine/engine.ts';
import type { SqlCell } from '../../document/model.ts';
import { specError } from '../../document/spec-error.ts';
import { compileSqlCell } from './compile.ts';

/** Runs a SQL cell: its query becomes a view named after the cell and a materialised page source; returns that table. */
export async function runSqlCell(engine: Pick<Engine, 'exec' | 'query' | 'insertArrow'>, cell: SqlCell): Promise<string> {
  if (!cell.sql.trim()) throw specError('spec.emptySql', undefined, 'sql');
  const steps = compileSqlCell(cell);
  if (steps.materialize) {
    await engine.exec(steps.run);
    await engine.exec(steps.materialize);
  } else {
    const ipc = await engine.query(steps.run);
    await engine.insertArrow(steps.resultTable, ipc);
  }
  return steps.resultTable;
}
