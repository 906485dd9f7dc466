import { DataType, tableFromIPC, util, type Field } from 'apache-arrow';
import { parquetMetadata, parquetReadObjects, parquetSchema, type SchemaElement } from 'hyparquet';
import { ByteWriter, parquetWrite, type ColumnSource, type SchemaElement as WriterSchemaElement } from 'hyparquet-writer';
import type { Engine } from '../engine/engine.ts';
import { asText, type ColumnValues, type ValueKind } from './arrow.ts';
import { cleanColumnNames } from './names.ts';
import { unreadable } from './refusal.ts';

/** Reads every row of a Parquet file into columns; nested columns become JSON text. */
export async function readParquet(bytes: Uint8Array): Promise<ColumnValues[]> {
  const file =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? (bytes.buffer as ArrayBuffer)
      : (bytes.slice().buffer as ArrayBuffer);
  let fields: { name: string; element: SchemaElement; nested: boolean }[];
  let rows: Record<string, unknown>[];
  try {
    const metadata = parquetMetadata(file);
    fields = parquetSchema(metadata).children.map((child) => ({
      name: child.element.name,
      element: child.element,
      nested: child.children.length > 0,
    }));
    rows = (await parquetReadObjects({ file, metadata })) as Record<string, unknown>[];
  } catch (error) {
    throw unreadable('refuse.parquet', undefined, String(error));
  }
  const names = cleanColumnNames(fields.map((field) => field.name));
  return fields.map((field, index) => {
    const kind: ValueKind | undefined = field.nested ? 'text' : kindOfParquet(field.element);
    return { name: names[index]!, kind, values: rows.map((row) => row[field.name] ?? null) };
  });
}

function kindOfParquet(element: SchemaElement): ValueKind | undefined {
  const logical = element.logical_type?.type;
  if (logical === 'DATE' || element.converted_type === 'DATE') return 'date';
  if (logical === 'TIMESTAMP' || element.converted_type === 'TIMESTAMP_MILLIS' || element.converted_type === 'TIMESTAMP_MICROS')
    return 'timestamp';
  if (logical === 'DECIMAL' || element.converted_type === 'DECIMAL') return 'float';
  if (element.type === 'BOOLEAN') return 'boolean';
  if (element.type === 'INT32' || element.type === 'INT64') return 'integer';
  if (element.type === 'FLOAT' || element.type === 'DOUBLE') return 'float';
  if (element.type === 'BYTE_ARRAY' || element.type === 'FIXED_LEN_BYTE_ARRAY') return 'text';
  return undefined;
}

/**
 * Writes a query's result as Parquet bytes in JS, because DuckDB-WASM has no parquet extension offline.
 */
export async function exportParquet(engine: Engine, sql: string): Promise<Uint8Array> {
  const table = tableFromIPC(await engine.query(sql));
  const columnData: ColumnSource[] = [];
  const schema: WriterSchemaElement[] = [{ name: 'root', num_children: table.schema.fields.length }];
  table.schema.fields.forEach((field, index) => {
    const vector = table.getChildAt(index)!;
    const values = Array.from({ length: table.numRows }, (_, row) => vector.get(row) as unknown);
    const { element, data } = parquetColumn(field, values);
    columnData.push({ name: field.name, data });
    schema.push(element);
  });
  const writer = new ByteWriter();
  parquetWrite({ writer, columnData, schema });
  return new Uint8Array(writer.getBuffer());
}

function parquetColumn(field: Field, values: unknown[]): { element: WriterSchemaElement; data: unknown[] } {
  const name = field.name;
  const type = field.type;
  const optional = { name, repetition_type: 'OPTIONAL' as const };
  const map = (convert: (value: unknown) => unknown) =>
    values.map((value) => (value === null || value === undefined ? null : convert(value)));
  if (DataType.isBool(type)) return { element: { ...optional, type: 'BOOLEAN' }, data: values };
  if (DataType.isInt(type)) {
    if (type.bitWidth <= 16 || (type.bitWidth === 32 && type.isSigned))
      return { element: { ...optional, type: 'INT32' }, data: map(Number) };
    return { element: { ...optional, type: 'INT64' }, data: map((value) => BigInt(value as bigint | number)) };
  }
  if (DataType.isFloat(type)) return { element: { ...optional, type: 'DOUBLE' }, data: map(Number) };
  if (DataType.isDecimal(type)) {
    return { element: { ...optional, type: 'DOUBLE' }, data: map((value) => decimalToNumber(value, type.scale)) };
  }
  if (DataType.isDate(type)) {
    return {
      element: { ...optional, type: 'INT32', converted_type: 'DATE' },
      data: map((value) => (value instanceof Date ? value : new Date(Number(value)))),
    };
  }
  if (DataType.isTimestamp(type)) {
    return {
      element: { ...optional, type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' },
      data: map((value) => (value instanceof Date ? value : new Date(Number(value)))),
    };
  }
  return { element: { ...optional, type: 'BYTE_ARRAY', converted_type: 'UTF8' }, data: map(asText) };
}

function decimalToNumber(value: unknown, scale: number): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value) / 10 ** scale;
  return util.bigNumToNumber(value as Parameters<typeof util.bigNumToNumber>[0], scale);
}
