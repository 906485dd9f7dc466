import { tableFromIPC } from 'apache-arrow';
import type { SpecCellExecutor } from '../spec-cells.ts';
import { readRfmSpec, rfmSegmentCountsSql, rfmSql } from './rfm.ts';

export interface RfmOutcome {
  segments: { segment: string; customers: number; recency_days: number; frequency: number; monetary: number }[];
}

/** Scores every customer in SQL (table named after the cell) and reads the segment summary for the chart. */
export const executeRfmCell: SpecCellExecutor = async (engine, cell) => {
  const table = cell.name || 'rfm';
  await engine.exec(rfmSql(readRfmSpec(cell.spec), table));
  const segments = tableFromIPC(await engine.query(rfmSegmentCountsSql(table)))
    .toArray()
    .map((row) => row.toJSON() as RfmOutcome['segments'][number]);
  return { value: { segments } satisfies RfmOutcome, resultTable: table };
};
