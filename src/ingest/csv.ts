import { tableFromIPC } from 'apache-arrow';
import type { Engine } from '../engine/engine.ts';
import { KuraError } from '../engine/engine.ts';
import { quoteIdent, quoteLiteral } from '../engine/sql.ts';
import { utf8Head } from './decode.ts';
import { parseRecords, sniffDialect } from './dialect.ts';
import { cleanColumnNames } from './names.ts';
import { refuseIfTooWide, unreadable } from './refusal.ts';
import type { RejectedRow } from './types.ts';

/** How many rejected rows a report lists; the count covers all of them. */
export const rejectedListLimit = 500;
const headBytes = 256 * 1024;
const defaultMaxLineSize = 2_097_152;
const maxLineSizeCap = 32 * 1024 * 1024;

/** The longest physical line in bytes, from the newline offsets. */
function longestLine(newlines: Uint32Array | Float64Array, length: number): number {
  let longest = 0;
  let start = 0;
  for (const at of newlines) {
    if (at - start > longest) longest = at - start;
    start = at + 1;
  }
  return Math.max(longest, length - start);
}

/**
 * Semicolon- or tab-separated files from European locales write 1,5 for 1.5. The comma is read as the decimal
 * separator when sampled fields hold such numbers and none holds a dot decimal (1.5), which would be ambiguous.
 */
function usesDecimalComma(records: string[][]): boolean {
  let commas = 0;
  for (const record of records) {
    for (const field of record) {
      if (/^\s*-?\d+\.\d+\s*$/.test(field)) return false;
      if (/^\s*-?\d+,\d+\s*$/.test(field)) commas++;
    }
  }
  return commas > 0;
}

/** The text the dialect is sniffed from: the first 256 KiB, or the whole first line when that is longer (a very wide header). */
function sniffedHead(utf8: Uint8Array): string {
  const head = utf8Head(utf8, headBytes);
  if (utf8.length <= headBytes || /[\r\n]/.test(head)) return head;
  const end = utf8.indexOf(0x0a, headBytes);
  return utf8Head(utf8, end < 0 ? maxLineSizeCap : Math.min(end + 1, maxLineSizeCap));
}

export interface DelimitedResult {
  delimiter: string;
  rejected: RejectedRow[];
  rejectedCount: number;
}

/**
 * Loads BOM-free UTF-8 delimited text into `table` with DuckDB's CSV reader. The header and delimiter are
 * taken from our own parse (DuckDB's sniffer drops a header whose width differs from the rows); rows the
 * reader cannot split are kept in a rejects table and reported with their physical line numbers.
 */
export async function loadDelimited(
  engine: Engine,
  utf8: Uint8Array,
  table: string,
  preferTab: boolean,
  uniqueSuffix: string,
): Promise<DelimitedResult> {
  const head = sniffedHead(utf8);
  if (head.trim() === '') throw unreadable('refuse.empty');
  const dialect = sniffDialect(head, utf8.length <= headBytes, preferTab);
  const decimalComma =
    dialect.delimiter !== ',' && usesDecimalComma(parseRecords(head, dialect.delimiter, 200, utf8.length <= headBytes).slice(1));
  const width = Math.max(dialect.header.length, dialect.typicalWidth);
  refuseIfTooWide(width);
  const names = cleanColumnNames(Array.from({ length: width }, (_, index) => dialect.header[index] ?? ''));

  const fileName = `kura-load-${uniqueSuffix}.csv`;
  // The engine may take the bytes (DuckDB-WASM transfers them to its worker), so line numbers are indexed first.
  const lineStarts = newlineOffsets(utf8);
  // DuckDB refuses a row longer than 2 MB (e.g. one 5 MB cell) with an error for the whole file; allow the longest
  // line there is, up to 32 MiB: DuckDB-WASM runs out of memory on a single 120 MB line, and no CSV record is that long.
  const longest = longestLine(lineStarts, utf8.length);
  if (longest > maxLineSizeCap) {
    throw unreadable('refuse.lineTooLong', { megabytes: Math.round(longest / 1024 / 1024) });
  }
  const maxLineSize = Math.max(defaultMaxLineSize, longest + 1024);
  const path = await engine.registerFile(fileName, utf8);
  const rejectTables: string[] = [];
  try {
    const textColumns = new Set<string>();
    let sniffTypes = true;
    for (let attempt = 1; ; attempt++) {
      const rejectsTable = `_kura_rejects_${uniqueSuffix}_${attempt}`;
      const rejectsScan = `_kura_rejects_scan_${uniqueSuffix}_${attempt}`;
      rejectTables.push(rejectsTable, rejectsScan);
      // A header narrower than the rows would make DuckDB reject every row, so then we skip it and name the columns ourselves.
      const headerFitsRows = dialect.header.length >= dialect.typicalWidth;
      const options = [
        headerFitsRows ? 'header=true' : 'header=false, skip=1',
        `delim=${quoteLiteral(dialect.delimiter)}`,
        `quote='"'`,
        `escape='"'`,
        `comment=''`,
        ...(maxLineSize > defaultMaxLineSize ? [`max_line_size=${maxLineSize}`] : []),
        ...(decimalComma ? [`decimal_separator=','`] : []),
        `null_padding=${dialect.typicalWidth < dialect.header.length}`,
        'store_rejects=true',
        `rejects_table=${quoteLiteral(rejectsTable)}`,
        `rejects_scan=${quoteLiteral(rejectsScan)}`,
      ];
      if (sniffTypes) {
        options.push(`names=[${names.map(quoteLiteral).join(', ')}]`);
        if (textColumns.size > 0) options.push(`types={${[...textColumns].map((name) => `${quoteLiteral(name)}: 'VARCHAR'`).join(', ')}}`);
      } else {
        options.push('auto_detect=false', `columns={${names.map((name) => `${quoteLiteral(name)}: 'VARCHAR'`).join(', ')}}`);
      }
      try {
        await engine.exec(
          `CREATE OR REPLACE TABLE ${quoteIdent(table)} AS SELECT * FROM read_csv(${quoteLiteral(path)}, ${options.join(', ')})`,
        );
      } catch (error) {
        // The sniffer gives up on some broken files (e.g. an unclosed quote); reading every column as text needs no sniffing.
        if (sniffTypes && error instanceof KuraError && /sniff/i.test(error.detail ?? error.message)) {
          sniffTypes = false;
          continue;
        }
        throw error;
      }
      const castColumns = await columnsWithCastErrors(engine, rejectsTable);
      const newTextColumns = castColumns.filter((name) => !textColumns.has(name));
      if (newTextColumns.length > 0 && attempt < 4) {
        // A value the sniffer's sample did not foresee (e.g. "not a date" after many dates): keep the column as text, not lose the row.
        newTextColumns.forEach((name) => textColumns.add(name));
        continue;
      }
      if (newTextColumns.length > 0) {
        sniffTypes = false;
        continue;
      }
      const rejected = await rejectedRows(engine, rejectsTable, lineStarts, dialect.delimiter);
      return { delimiter: dialect.delimiter, ...rejected };
    }
  } finally {
    for (const name of rejectTables) await engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(name)}`).catch(() => {});
    await engine.dropFile(fileName).catch(() => {});
  }
}

async function columnsWithCastErrors(engine: Engine, rejectsTable: string): Promise<string[]> {
  const result = tableFromIPC(
    await engine.query(
      `SELECT DISTINCT column_name FROM ${quoteIdent(rejectsTable)} WHERE CAST(error_type AS VARCHAR) = 'CAST' AND column_name IS NOT NULL`,
    ),
  );
  return result.toArray().map((row) => String(row.column_name));
}

async function rejectedRows(
  engine: Engine,
  rejectsTable: string,
  newlines: Uint32Array | Float64Array,
  delimiter: string,
): Promise<{ rejected: RejectedRow[]; rejectedCount: number }> {
  const rejects = quoteIdent(rejectsTable);
  const count = tableFromIPC(await engine.query(`SELECT count(DISTINCT line_byte_position) AS n FROM ${rejects}`));
  const rejectedCount = Number(count.get(0)?.n ?? 0);
  if (rejectedCount === 0) return { rejected: [], rejectedCount };
  const rows = tableFromIPC(
    await engine.query(
      `SELECT line_byte_position AS position, min(line) AS line,
              CAST(arg_min(error_type, cast_last) AS VARCHAR) AS error_type,
              arg_min(error_message, cast_last) AS error_message,
              arg_min(column_name, cast_last) AS column_name,
              any_value(csv_line) AS csv_line
       FROM (SELECT *, CAST(error_type AS VARCHAR) = 'CAST' AS cast_last FROM ${rejects}) r GROUP BY line_byte_position ORDER BY line_byte_position LIMIT ${rejectedListLimit}`,
    ),
  ).toArray();
  const positions = rows.map((row) => (row.position === null ? null : Number(row.position)));
  const lines = positions.map((position) => (position === null ? undefined : lineAt(newlines, position)));
  const rejected = rows.map((row, index) => {
    const line = lines[index] ?? Number(row.line);
    const text = row.csv_line === null ? undefined : String(row.csv_line).replace(/\r?\n$/, '');
    const spans = text === undefined ? 1 : text.split('\n').length;
    const why: Pick<RejectedRow, 'reason' | 'code' | 'values'> =
      String(row.error_type) === 'UNQUOTED VALUE' && spans > 1
        ? {
            reason: `This row opens a quote that is not closed where it should be, so lines ${line}–${line + spans - 1} were read as one row and not loaded; a quote inside a value must be doubled ("").`,
            code: 'quoteSpan',
            values: { first: line, last: line + spans - 1 },
          }
        : reasonFor(
            String(row.error_type),
            String(row.error_message ?? ''),
            row.column_name === null ? null : String(row.column_name),
            fieldCount(text, delimiter),
          );
    return { line, ...why, text };
  });
  return { rejected, rejectedCount };
}

/** Byte offsets of every newline; DuckDB counts records, not lines, so a quoted multi-line value would shift its numbers. */
export function newlineOffsets(utf8: Uint8Array): Uint32Array | Float64Array {
  const offsets: number[] = [];
  for (let at = utf8.indexOf(0x0a); at !== -1; at = utf8.indexOf(0x0a, at + 1)) offsets.push(at);
  return utf8.length < 2 ** 32 ? Uint32Array.from(offsets) : Float64Array.from(offsets);
}

/** The 1-based physical line holding the byte at `position`: one more than the newlines before it. */
export function lineAt(newlines: Uint32Array | Float64Array, position: number): number {
  let low = 0;
  let high = newlines.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (newlines[middle]! < position) low = middle + 1;
    else high = middle;
  }
  return low + 1;
}

/** Fields in a rejected row's text: DuckDB stops counting at one more than expected. */
function fieldCount(text: string | undefined, delimiter: string): number | undefined {
  if (text === undefined || text.length > 1_000_000) return undefined;
  return parseRecords(text, delimiter, 1, true)[0]?.length;
}

function reasonFor(
  errorType: string,
  message: string,
  column: string | null,
  fields?: number,
): Pick<RejectedRow, 'reason' | 'code' | 'values'> {
  const counts = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  switch (errorType) {
    case 'TOO MANY COLUMNS':
    case 'MISSING COLUMNS':
      if (!counts) return { reason: 'This row has a different number of fields than the header.', code: 'fieldCountUnknown' };
      return {
        reason: `This row has ${fields ?? counts[2]} fields but the header has ${counts[1]}.`,
        code: 'fieldCount',
        values: { fields: fields ?? Number(counts[2]), expected: Number(counts[1]) },
      };
    case 'UNQUOTED VALUE':
      return {
        reason: 'This row has a stray or unclosed quote; a quote inside a quoted value must be doubled ("").',
        code: 'unclosedQuote',
      };
    case 'INVALID ENCODING':
    case 'INVALID UNICODE':
      return { reason: 'This row holds bytes that are not valid text.', code: 'invalidText' };
    case 'LINE SIZE OVER MAXIMUM':
      return { reason: 'This row is longer than the reader allows.', code: 'lineTooLong' };
    case 'CAST':
      return {
        reason: `A value in column ${column ?? '?'} does not fit the column's type.`,
        code: 'cast',
        values: { column: column ?? '?' },
      };
    default:
      return { reason: message.split('\n')[0]?.replace(/\.?$/, '.') ?? 'The reader could not read this row.' };
  }
}
