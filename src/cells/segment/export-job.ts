import { quoteIdent } from '../../engine/sql.ts';
import type { Job } from '../../jobs/job.ts';
import { csvBytes, csvFromArrow } from '../../engine/csv-writer.ts';

/** A whole table as Excel-safe CSV (formula injection neutralised, optional BOM), built in the worker. */
export const exportTableCsv: Job<{ table: string; bom: boolean }, Uint8Array> = async (engine, { table, bom }) =>
  csvBytes(csvFromArrow(await engine.query(`SELECT * FROM ${quoteIdent(table)}`), { bom }));

declare module '../../jobs/job.ts' {
  interface JobCatalogue {
    exportTableCsv: typeof exportTableCsv;
  }
}
