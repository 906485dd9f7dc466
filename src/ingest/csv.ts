import { tableFromIPC } from 'apache-arrow';
import type { Engine } from '../engine/engine.ts';
import { KuraError } from '../engine/engine.ts';
import { quoteIdent, quoteLiteral } from '../engine/sql.ts';
import { utf8Head } from './decode.ts';
import { sniffDialect } from './dialect.ts';
import { cleanColumnNames } from './names.ts';
import { unreadable } from './refusal.ts';
import type { RejectedRow } from './types.ts';

/** How many rejected rows a report lists; the count covers all of them. */
export const rejectedListLimit = 500;
const headBytes = 256 * 1024;

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
  const head = utf8Head(utf8, headBytes);
  if (head.trim() === '') throw unreadable('The file is empty; choose a file that holds a header row and data.');
  const dialect = sniffDialect(head, utf8.length <= headBytes, preferTab);
  const width = Math.max(dialect.header.length, dialect.typicalWidth);
  const names = cleanColumnNames(Array.from({ length: width }, (_, index) => dialect.header[index] ?? ''));

  const fileName = `kura-load-${uniqueSuffix}.csv`;
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
        await engine.exec(`CREATE OR REPLACE TABLE ${quoteIdent(table)} AS SELECT * FROM read_csv(${quoteLiteral(path)}, ${options.join(', ')})`);
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
      const rejected = await rejectedRows(engine, rejectsTable, utf8);
      return { delimiter: dialect.delimiter, ...rejected };
    }
  } finally {
    for (const name of rejectTables) await engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(name)}`).catch(() => {});
    await engine.dropFile(fileName).catch(() => {});
  }
}

async function columnsWithCastErrors(engine: Engine, rejectsTable: string): Promise<string[]> {
  const result = tableFromIPC(
    await engine.query(`SELECT DISTINCT column_name FROM ${quoteIdent(rejectsTable)} WHERE CAST(error_type AS VARCHAR) = 'CAST' AND column_name IS NOT NULL`),
  );
  return result.toArray().map((row) => String(row.column_name));
}

async function rejectedRows(engine: Engine, rejectsTable: string, utf8: Uint8Array): Promise<{ rejected: RejectedRow[]; rejectedCount: number }> {
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
  const lines = physicalLines(utf8, positions);
  const rejected = rows.map((row, index) => ({
    line: lines[index] ?? Number(row.line),
    reason: reasonFor(String(row.error_type), String(row.error_message ?? ''), row.column_name === null ? null : String(row.column_name)),
    text: row.csv_line === null ? undefined : String(row.csv_line).replace(/\r?\n$/, ''),
  }));
  return { rejected, rejectedCount };
}

/** DuckDB counts records, not lines, so a quoted multi-line value shifts its numbers; count newlines up to each byte position instead. */
function physicalLines(utf8: Uint8Array, positions: (number | null)[]): (number | undefined)[] {
  const order = positions
    .map((position, index) => ({ position, index }))
    .filter((entry): entry is { position: number; index: number } => entry.position !== null)
    .sort((a, b) => a.position - b.position);
  const lines: (number | undefined)[] = positions.map(() => undefined);
  let line = 1;
  let cursor = 0;
  for (const { position, index } of order) {
    const end = Math.min(position, utf8.length);
    for (; cursor < end; cursor++) if (utf8[cursor] === 0x0a) line++;
    lines[index] = line;
  }
  return lines;
}

function reasonFor(errorType: string, message: string, column: string | null): string {
  const counts = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  switch (errorType) {
    case 'TOO MANY COLUMNS':
    case 'MISSING COLUMNS':
      return counts
        ? `This row has ${counts[2]} fields but the header has ${counts[1]}.`
        : 'This row has a different number of fields than the header.';
    case 'UNQUOTED VALUE':
      return 'This row has a stray or unclosed quote; a quote inside a quoted value must be doubled ("").';
    case 'INVALID ENCODING':
    case 'INVALID UNICODE':
      return 'This row holds bytes that are not valid text.';
    case 'LINE SIZE OVER MAXIMUM':
      return 'This row is longer than the reader allows.';
    case 'CAST':
      return `A value in column ${column ?? '?'} does not fit the column's type.`;
    default:
      return message.split('\n')[0]?.replace(/\.?$/, '.') ?? 'The reader could not read this row.';
  }
}
