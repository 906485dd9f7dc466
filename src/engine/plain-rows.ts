import { DataType, tableFromIPC, type Table } from 'apache-arrow';
import type { Engine, QueryParam } from './engine.ts';
import { Sql } from './sql.ts';

/** A result row as plain, JSON-serialisable data: integers as numbers (or strings when too large), dates as ISO text. */
export type PlainRow = Record<string, string | number | boolean | null>;

/**
 * Runs a query and returns its rows as plain objects: the one Arrow → plain conversion for results read in code.
 * A `sql` fragment runs with its string values bound as parameters.
 */
export async function queryRows(engine: Pick<Engine, 'query'>, sql: string | Sql, params: readonly QueryParam[] = []): Promise<PlainRow[]> {
  const [text, bound] = sql instanceof Sql ? sql.bound() : [sql, params];
  return plainRows(tableFromIPC(await engine.query(text, bound)));
}

export function plainRows(table: Table): PlainRow[] {
  const fields = table.schema.fields;
  const rows: PlainRow[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const row: PlainRow = {};
    for (const [index, field] of fields.entries()) row[field.name] = plainValue(table.getChildAt(index)!.get(i), field.type);
    rows.push(row);
  }
  return rows;
}

function plainValue(value: unknown, type: DataType): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (DataType.isDecimal(type)) return Number(String(value)) / 10 ** type.scale;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (DataType.isDate(type) && typeof value === 'number') return new Date(value).toISOString().slice(0, 10);
  if (DataType.isTimestamp(type) && typeof value === 'number')
    return new Date(value)
      .toISOString()
      .replace('T', ' ')
      .replace(/\.000Z$|Z$/, '');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

/** A count from a result row, 0 when NULL. */
export function num(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}
