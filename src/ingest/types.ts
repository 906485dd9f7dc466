import type { ProgressListener } from '../engine/engine.ts';

export type FileFormat = 'csv' | 'tsv' | 'xlsx' | 'parquet' | 'json' | 'ndjson';
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'shift_jis' | 'utf-16le' | 'utf-16be';

/** How people call each encoding (Excel's and editors' names). */
export const encodingLabels: Record<TextEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 (BOM)',
  shift_jis: 'Shift_JIS (CP932)',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
};

/** What the user (or the CLI) asks to load. */
export interface LoadRequest {
  /** The file's name as the user sees it, e.g. "salesforce_contacts.csv". */
  fileName: string;
  bytes: Uint8Array;
  /** Target table name; defaults to tableNameFor(fileName). */
  table?: string;
  /** Forces a format instead of detecting it. */
  format?: FileFormat;
  /** Forces a text encoding instead of detecting it. */
  encoding?: TextEncoding;
  /** XLSX: the sheet to load (name); defaults to the first sheet. */
  sheet?: string;
  onProgress?: ProgressListener;
  /** Checked between phases; when aborted the load stops and nothing is left behind. */
  signal?: AbortSignal;
}

/** A row the reader could not load, kept so nothing is dropped silently. */
export interface RejectedRow {
  /** 1-based line number in the file (for XLSX: the sheet row number). */
  line: number;
  /** One English sentence (the command line and audit.json show it). */
  reason: string;
  /** What went wrong, so the app can say it in the UI's language (`reject.<code>` with `values`); absent for a reader's own message. */
  code?: RejectCode;
  values?: Record<string, string | number>;
  /** The row as written in the file, when the reader kept it. */
  text?: string;
}

export const rejectCodes = [
  'quoteSpan',
  'fieldCount',
  'fieldCountUnknown',
  'unclosedQuote',
  'invalidText',
  'lineTooLong',
  'cast',
  'jsonInvalid',
  'jsonNotObject',
] as const;
export type RejectCode = (typeof rejectCodes)[number];

export interface LoadReport {
  table: string;
  fileName: string;
  format: FileFormat;
  encoding?: TextEncoding;
  sheet?: string;
  /** Sheet names, for XLSX. */
  sheets?: string[];
  rows: number;
  columns: { name: string; type: string }[];
  rejected: RejectedRow[];
  /** Number of rejected rows in total (rejected may hold only the first few hundred). */
  rejectedCount: number;
  /** A kintone export's table field rows (サブテーブル), kept in a table of their own beside the records (kintone.ts). */
  subtable?: { table: string; rows: number; columns: { name: string; type: string }[] };
}
