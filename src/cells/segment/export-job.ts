import { quoteIdent } from '../../engine/sql.ts';
import type { Job } from '../../jobs/job.ts';
import { csvFromArrow } from '../../engine/csv-writer.ts';
import { encodeCsv, type CsvEncoding } from '../../engine/csv-encoding.ts';

/** A whole table as Excel-safe CSV (formula injection neutralised) in the chosen encoding, built in the worker. */
export const exportTableCsv: Job<{ table: string; encoding: CsvEncoding }, Uint8Array> = async (engine, { table, encoding }) =>
  encodeCsv(csvFromArrow(await engine.query(`SELECT * FROM ${quoteIdent(table)}`)), encoding);

declare module '../../jobs/job.ts' {
  interface JobCatalogue {
    exportTableCsv: typeof exportTableCsv;
  }
}
