/**
 * CSV for people who will open it in a spreadsheet.
 *
 * Threat model: a CSV exported from customer data is opened in Excel, LibreOffice or Google Sheets, which run a
 * cell starting with `=`, `+`, `-` or `@` as a formula (`=HYPERLINK(...)`, DDE payloads); a leading tab or CR can
 * hide such a start. Every text cell starting with one of those characters gets a leading `'` (OWASP's advice), so
 * it shows as text. Numbers are never changed: a numeric column's -5 is written -5 (escaping it would turn a number
 * into text); the text "-5" in a text column does get the quote, since the exporter cannot know what follows.
 * Quoting follows RFC 4180 (fields with the delimiter, a quote, CR or LF are quoted, quotes doubled; CRLF rows).
 * An optional UTF-8 BOM lets Excel detect UTF-8 (else it reads Japanese text as CP932 mojibake).
 */
import { DataType, tableFromIPC, type Table } from 'apache-arrow';
import type { Engine } from '../engine/engine.ts';
import { compileRule, type Rule } from '../audit/rules.ts';

export interface CsvOptions {
  /** Start with a UTF-8 byte order mark, for Excel. Default false. */
  bom?: boolean;
  /** Prefix text cells that start like a formula with `'`. Default true. */
  neutralizeFormulas?: boolean;
  /** Row separator; default CRLF as RFC 4180 says. */
  newline?: '\r\n' | '\n';
}

/** A number already written as text (e.g. an exact decimal): written as it is, never escaped. */
export class NumberText {
  constructor(readonly text: string) {}
}

/** A cell: text is checked for formulas, numbers (and bigints) are written as they are, null is an empty field. */
export type CsvCell = string | number | bigint | boolean | NumberText | null | undefined;

const formulaStart = /^[=+\-@\t\r]/;

/** The text as a spreadsheet will show it, never run it: a leading `'` when it starts with = + - @ tab or CR. */
export function neutralizeFormula(text: string): string {
  return formulaStart.test(text) ? `'${text}` : text;
}

function quoteField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function cellText(value: CsvCell, neutralize: boolean): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof NumberText) return value.text;
  return quoteField(neutralize ? neutralizeFormula(value) : value);
}

/** CSV text from a header and rows of cells (arrays in header order, or objects keyed by the header's names). */
export function csvFromRows(header: readonly string[], rows: Iterable<readonly CsvCell[] | Readonly<Record<string, CsvCell>>>, options: CsvOptions = {}): string {
  const neutralize = options.neutralizeFormulas ?? true;
  const newline = options.newline ?? '\r\n';
  const lines = [header.map((name) => cellText(name, neutralize)).join(',')];
  for (const row of rows) {
    const cells = Array.isArray(row) ? (row as readonly CsvCell[]) : header.map((name) => (row as Record<string, CsvCell>)[name]);
    lines.push(cells.map((cell) => cellText(cell, neutralize)).join(','));
  }
  return (options.bom ? '\uFEFF' : '') + lines.join(newline) + newline;
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

/** UTF-8 bytes of CSV text (the BOM, if asked for, is already part of the text). */
export function csvBytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** The rows failing a rule, as CSV bytes (every failing row, not only the samples). */
export async function exportFailingRows(engine: Pick<Engine, 'query'>, rule: Rule, options: CsvOptions = {}): Promise<Uint8Array> {
  return csvBytes(csvFromArrow(await engine.query(compileRule(rule).failingRowsSql), options));
}

function arrowCell(value: unknown, type: DataType): CsvCell {
  if (value === null || value === undefined) return null;
  if (DataType.isDecimal(type)) return decimalText(value, type.scale);
  if (DataType.isInt(type) || DataType.isFloat(type)) return typeof value === 'bigint' ? value : Number(value);
  if (DataType.isBool(type)) return Boolean(value);
  if (DataType.isDate(type) && typeof value === 'number') return new Date(value).toISOString().slice(0, 10);
  if (DataType.isTimestamp(type) && typeof value === 'number') return new Date(value).toISOString().replace('T', ' ').replace(/\.000Z$|Z$/, '');
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
