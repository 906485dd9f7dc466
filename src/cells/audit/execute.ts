import type { SpecCellExecutor } from '../spec-cells.ts';
import { readAuditCellSpec } from './spec.ts';

/** Runs the audit job (in the worker in the browser) and keeps its plain result for the view and the report. */
export const executeAuditCell: SpecCellExecutor = async (engine, cell) => {
  const { audit } = readAuditCellSpec(cell.spec);
  return { value: await engine.runJob('audit', audit) };
};
