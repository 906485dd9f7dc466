import { Bool, DateDay, Float64, Int64, Table, TimestampMicrosecond, Utf8, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';

/** A column of plain JS values read by a JS-side reader (XLSX, JSON, Parquet). */
export interface ColumnValues {
  name: string;
  values: unknown[];
  /** The type the source declares; otherwise it is inferred from the values. */
  kind?: ValueKind;
}

export type ValueKind = 'integer' | 'float' | 'boolean' | 'date' | 'timestamp' | 'text';

/** Arrow IPC stream bytes for columns of JS values; mixed types become text, nested values JSON text. */
export function columnsToArrowIpc(columns: readonly ColumnValues[]): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const column of columns) vectors[column.name] = toVector(column.values, column.kind ?? inferKind(column.values));
  return tableToIPC(new Table(vectors), 'stream');
}

export function inferKind(values: readonly unknown[]): ValueKind {
  let kind: ValueKind | undefined;
  for (const value of values) {
    if (value === null || value === undefined) continue;
    const next = kindOf(value);
    if (kind === undefined || kind === next) kind = next;
    else if ((kind === 'integer' && next === 'float') || (kind === 'float' && next === 'integer')) kind = 'float';
    else if ((kind === 'date' && next === 'timestamp') || (kind === 'timestamp' && next === 'date')) kind = 'timestamp';
    else return 'text';
  }
  return kind ?? 'text';
}

function kindOf(value: unknown): ValueKind {
  if (typeof value === 'bigint') return 'integer';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'integer' : Number.isFinite(value) ? 'float' : 'text';
  if (typeof value === 'boolean') return 'boolean';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'text' : value.getTime() % 86_400_000 === 0 ? 'date' : 'timestamp';
  return 'text';
}

function toVector(values: readonly unknown[], kind: ValueKind): Vector {
  const present = (convert: (value: unknown) => unknown) =>
    values.map((value) => (value === null || value === undefined ? null : convert(value)));
  switch (kind) {
    case 'integer':
      return vectorFromArray(
        present((value) => BigInt(value as number | bigint)),
        new Int64(),
      );
    case 'float':
      return vectorFromArray(present(Number), new Float64());
    case 'boolean':
      return vectorFromArray(present(Boolean), new Bool());
    case 'date':
      return vectorFromArray(present(asDate), new DateDay());
    case 'timestamp':
      return vectorFromArray(
        present((value) => asDate(value).getTime()),
        new TimestampMicrosecond(),
      );
    default:
      return vectorFromArray(present(asText), new Utf8());
  }
}

function asDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(Number(value));
}

/** Text for any JS value: Dates as ISO 8601, objects and arrays as JSON. */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.getTime() % 86_400_000 === 0 ? value.toISOString().slice(0, 10) : value.toISOString();
  if (typeof value === 'object')
    return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner));
  return String(value);
}
