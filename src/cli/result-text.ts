import { DataType, tableFromIPC, type Field, type Table } from 'apache-arrow';
import { csvFromArrow } from '../engine/csv-writer.ts';

/** A query result as CSV (the one CSV writer: formulas neutralised), LF line endings. */
export function csvText(ipc: Uint8Array): string {
  return csvFromArrow(ipc, { newline: '\n' });
}

/** A query result as a JSON array of objects; BIGINT as a number when exact, else a string; dates ISO 8601. */
export function jsonText(ipc: Uint8Array): string {
  const table = tableFromIPC(ipc);
  const fields = table.schema.fields;
  const objects = [...rows(table)].map((row) =>
    Object.fromEntries(row.map((value, column) => [fields[column]!.name, jsonOf(value, fields[column]!)])),
  );
  return `${JSON.stringify(objects, null, 2)}\n`;
}

function* rows(table: Table): Generator<unknown[]> {
  const columns = table.schema.fields.map((_, index) => table.getChildAt(index)!);
  for (let row = 0; row < table.numRows; row++) yield columns.map((column) => column.get(row));
}

function jsonOf(value: unknown, field: Field): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  const type = field.type;
  if (DataType.isDate(type)) return new Date(Number(value)).toISOString().slice(0, 10);
  if (DataType.isTimestamp(type)) return new Date(Number(value)).toISOString();
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  return String(value);
}
