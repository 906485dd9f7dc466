/**
 * The one CSV writer: every CSV Kura writes, in the app or on the command line, comes from here.
 *
 * Threat model: a CSV exported from customer data is opened in Excel, LibreOffice or Google Sheets, which run a
 * cell starting with `=`, `+`, `-` or `@` (or their full-width forms `＝＋－＠`) as a formula (`=HYPERLINK(…)`,
 * DDE payloads), also after leading spaces, line breaks or invisible characters such as a zero-width space; a
 * leading tab or CR can hide such a start. Every text cell like that gets a leading `'` (OWASP's advice), so it
 * shows as text. Numbers are never changed: a numeric column's -5 is written -5 (escaping it would turn a number
 * into text); the text "-5" in a text column does get the quote, since the writer cannot know what follows.
 * Quoting follows RFC 4180 (fields with the delimiter, a quote, CR or LF are quoted, quotes doubled; CRLF rows).
 * The text becomes bytes in csv-encoding.ts (UTF-8 with or without a BOM, or CP932).
 *
 * Big tables are written by DuckDB's own `COPY … (FORMAT csv)`; `csvCopySql` wraps each column that is written as
 * text in the same rule, rendered as a regular expression for DuckDB (formulaGuardSql).
 */
import { DataType, tableFromIPC, type Table } from 'apache-arrow';
import { quoteIdent, quoteLiteral } from './sql.ts';

type CodePoints = readonly (number | readonly [number, number])[];

/** What a spreadsheet may skip before it looks for a formula: white space, line breaks, zero-width and direction marks. */
const skipped: CodePoints = [
  [0x09, 0x0d],
  0x20,
  0x85,
  0xa0,
  0x1680,
  0x180e,
  [0x2000, 0x200f],
  [0x2028, 0x202f],
  [0x205f, 0x2064],
  [0x2066, 0x206f],
  0x3000,
  0xfeff,
];
/** What starts a formula: = + - @, full width (＝＋－＠) and small forms. */
const formulaStart: CodePoints = [0x3d, 0x2b, 0x2d, 0x40, 0xff1d, 0xff0b, 0xff0d, 0xff20, 0xfe66, 0xfe62, 0xfe63, 0xfe6b];
/** Guarded as the very first character whatever follows: tab and CR. */
const hidingStart: CodePoints = [0x09, 0x0d];

/** The rule as one regular expression, with code points written the way `hex` writes them (JS and RE2 differ). */
function formulaPattern(hex: (codePoint: number) => string): string {
  const set = (points: CodePoints) => `[${points.map((p) => (typeof p === 'number' ? hex(p) : `${hex(p[0])}-${hex(p[1])}`)).join('')}]`;
  return `^(?:${set(hidingStart)}|${set(skipped)}*${set(formulaStart)})`;
}

const formulaRegExp = new RegExp(
  formulaPattern((p) => `\\u{${p.toString(16)}}`),
  'u',
);
const formulaRegExpSql = formulaPattern((p) => `\\x{${p.toString(16)}}`);

/** The text as a spreadsheet will show it, never run it: a leading `'` when it starts like a formula. */
export function neutralizeFormula(text: string): string {
  return formulaRegExp.test(text) ? `'${text}` : text;
}

/** The same rule in DuckDB SQL, for a VARCHAR expression. */
export function formulaGuardSql(expression: string): string {
  return `CASE WHEN regexp_matches(${expression}, ${quoteLiteral(formulaRegExpSql)}) THEN '''' || ${expression} ELSE ${expression} END`;
}

export interface CsvOptions {
  /** Row separator; default CRLF as RFC 4180 says. */
  newline?: '\r\n' | '\n';
}

/** A number already written as text (e.g. an exact decimal): written as it is, never escaped. */
export class NumberText {
  constructor(readonly text: string) {}
}

/** A cell: text is checked for formulas, numbers (and bigints) are written as they are, null is an empty field. */
export type CsvCell = string | number | bigint | boolean | NumberText | null | undefined;

function quoteField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function cellText(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof NumberText) return value.text;
  return quoteField(neutralizeFormula(value));
}

/** CSV text from a header and rows of cells (arrays in header order, or objects keyed by the header's names). */
export function csvFromRows(
  header: readonly string[],
  rows: Iterable<readonly CsvCell[] | Readonly<Record<string, CsvCell>>>,
  options: CsvOptions = {},
): string {
  const newline = options.newline ?? '\r\n';
  const lines = [header.map((name) => cellText(name)).join(',')];
  for (const row of rows) {
    const cells = Array.isArray(row) ? (row as readonly CsvCell[]) : header.map((name) => (row as Record<string, CsvCell>)[name]);
    lines.push(cells.map((cell) => cellText(cell)).join(','));
  }
  return lines.join(newline) + newline;
}

/** CSV text from an Arrow table (or Arrow IPC bytes, as Engine.query returns them). Numeric columns are never escaped. */
export function csvFromArrow(data: Table | Uint8Array, options: CsvOptions = {}): string {
  const table = data instanceof Uint8Array ? tableFromIPC(data) : data;
  const fields = table.schema.fields;
  const columns = fields.map((field, index) => ({ vector: table.getChildAt(index)!, type: field.type }));
  const rows = (function* () {
    for (let i = 0; i < table.numRows; i++) yield columns.map(({ vector, type }) => arrowCell(vector.get(i), type));
  })();
  return csvFromRows(
    fields.map((field) => field.name),
    rows,
    options,
  );
}

/** DuckDB types COPY writes as numbers, truth values or times: never a formula, so never escaped. */
const plainTypes =
  /^(BOOLEAN|U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|FLOAT|DOUBLE|DECIMAL\(\d+,\s*\d+\)|DATE|TIME|TIMESTAMP(_S|_MS|_NS)?|TIME WITH TIME ZONE|TIMESTAMP WITH TIME ZONE)$/i;

/**
 * `COPY (sql) TO path (FORMAT csv, HEADER true)` with every column that is not a number, truth value or time
 * written as text through formulaGuardSql, header names included. `query` runs the DESCRIBE that finds the types.
 */
export async function csvCopySql(query: (sql: string) => Promise<Uint8Array>, sql: string, path: string): Promise<string> {
  const described = tableFromIPC(await query(`DESCRIBE ${sql}`));
  const names = described.getChild('column_name')!.toArray() as string[];
  const types = described.getChild('column_type')!.toArray() as string[];
  const columns = names.map((name, index) => {
    const column = `kura_csv.${quoteIdent(name)}`;
    const value = plainTypes.test(String(types[index])) ? column : formulaGuardSql(`CAST(${column} AS VARCHAR)`);
    return `${value} AS ${quoteIdent(neutralizeFormula(name))}`;
  });
  return `COPY (SELECT ${columns.join(', ')} FROM (${sql}) AS kura_csv) TO ${quoteLiteral(path)} (FORMAT csv, HEADER true)`;
}

function arrowCell(value: unknown, type: DataType): CsvCell {
  if (value === null || value === undefined) return null;
  if (DataType.isDecimal(type)) return decimalText(value, type.scale);
  if (DataType.isInt(type) || DataType.isFloat(type)) return typeof value === 'bigint' ? value : Number(value);
  if (DataType.isBool(type)) return Boolean(value);
  if (DataType.isDate(type) && typeof value === 'number') return new Date(value).toISOString().slice(0, 10);
  if (DataType.isTimestamp(type) && typeof value === 'number')
    return new Date(value)
      .toISOString()
      .replace('T', ' ')
      .replace(/\.000Z$|Z$/, '');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return value;
  return String(value);
}

/** A decimal written exactly from its unscaled digits; a number, so never escaped even when negative. */
function decimalText(value: unknown, scale: number): NumberText {
  const digits = String(value);
  if (scale === 0) return new NumberText(digits);
  const negative = digits.startsWith('-');
  const abs = (negative ? digits.slice(1) : digits).padStart(scale + 1, '0');
  return new NumberText(`${negative ? '-' : ''}${abs.slice(0, -scale)}.${abs.slice(-scale)}`);
}
