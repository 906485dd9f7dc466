import type { JobEngine } from '../jobs/local.ts';
import type { Cell, SpecCell, SpecCellKind } from '../notebook/model.ts';
import { executeAuditCell } from './audit/execute.ts';
import { executeChartCell } from './chart/execute.ts';
import { executeChurnCell } from './churn/execute.ts';
import { executeCohortCell } from './cohort/execute.ts';
import { executeForecastCell } from './forecast/execute.ts';
import { executeRfmCell } from './rfm/execute.ts';
import { executeSegmentCell } from './segment/execute.ts';
import { executeInputCell } from './input/execute.ts';
import { executeMatchCell } from './match/execute.ts';

/** What running an analytic cell leaves: a table to page through and/or plain data for its view and the report. */
export interface SpecCellOutcome {
  resultTable?: string;
  value?: unknown;
}

/** Runs one kind of analytic cell; the same function serves the browser (Warehouse) and `kura run` (native). */
export type SpecCellExecutor = (engine: JobEngine, cell: SpecCell, notebook: NotebookContext) => Promise<SpecCellOutcome>;

/** What a cell may read of the rest of the notebook (e.g. a match cell reads its sources' column mappings). */
export interface NotebookContext {
  cells: readonly Cell[];
}

/** One line per kind, added by the kind's module (src/cells/<kind>/execute.ts). */
export const specCellExecutors: Partial<Record<SpecCellKind, SpecCellExecutor>> = {
  audit: executeAuditCell,
  chart: executeChartCell,
  churn: executeChurnCell,
  cohort: executeCohortCell,
  forecast: executeForecastCell,
  rfm: executeRfmCell,
  segment: executeSegmentCell,
  input: executeInputCell,
  match: executeMatchCell,
};
