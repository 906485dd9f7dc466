import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBConnection, DuckDBInstance, DuckDBTypeId, type DuckDBResultReader, type DuckDBValue } from '@duckdb/node-api';
import {
  Bool,
  DateMillisecond,
  Float64,
  Int32,
  Int64,
  Table,
  TimestampMicrosecond,
  Utf8,
  makeData,
  makeVector,
  tableFromIPC,
  tableToIPC,
  vectorFromArray,
  type DataType,
  type Vector,
} from 'apache-arrow';
import type { Engine, ExportFormat, InsertOptions, ProgressListener, QueryParam } from './engine.ts';
import { csvCopySql } from './csv-writer.ts';
import { toKuraError } from './errors.ts';
import { quoteIdent, quoteLiteral, sqlTypeOfArrow } from './sql.ts';

/** Native DuckDB (@duckdb/node-api), pinned to the DuckDB version DuckDB-WASM embeds. */
export class NativeEngine implements Engine {
  private readonly files = new Map<string, string>();
  private readonly fileDir = mkdtempSync(join(tmpdir(), 'kura-'));
  private progressListener: ProgressListener | null = null;
  private running = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async create(path = ':memory:'): Promise<NativeEngine> {
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    const engine = new NativeEngine(instance, connection);
    // UTC like DuckDB-WASM, which has no ICU time zones, so the same SQL gives the same answers.
    await engine.exec("SET autoload_known_extensions=false; SET autoinstall_known_extensions=false; SET TimeZone='UTC';");
    // Spill inside the engine's own folder, not DuckDB's default `.tmp` in the working directory: sealing file
    // access keeps the temp folder writable, and this one is removed on close.
    await engine.exec(`SET temp_directory = ${quoteLiteral(join(engine.fileDir, 'spill'))}`);
    return engine;
  }

  async query(sql: string, params: readonly QueryParam[] = []): Promise<Uint8Array> {
    const reader = await this.run(sql, params);
    return tableToIPC(readerToArrow(reader), 'stream');
  }

  async exec(sql: string): Promise<void> {
    await this.run(sql, []);
  }

  async insertArrow(table: string, ipc: Uint8Array, options: InsertOptions = {}): Promise<void> {
    const arrow = tableFromIPC(ipc);
    const name = quoteIdent(table);
    const fields = arrow.schema.fields;
    if ((options.mode ?? 'create') === 'create') {
      const columns = fields.map((field) => `${quoteIdent(field.name)} ${sqlTypeOfArrow(field.type)}`).join(', ');
      await this.exec(`CREATE OR REPLACE TABLE ${name} (${columns})`);
    }
    // The appender names its table's schema itself (it would take `main`), so it follows `USE` as SQL does.
    const [inUse, catalog] = (await this.connection.runAndReadAll('SELECT current_schema(), current_database()')).getRows()[0] as string[];
    const schema = options.mode === 'append' && options.schema !== undefined ? options.schema : inUse;
    const appender = await this.connection.createAppender(table, schema, catalog);
    const columns = fields.map((_, index) => arrow.getChildAt(index)!);
    for (let row = 0; row < arrow.numRows; row++) {
      for (let column = 0; column < columns.length; column++) {
        appendArrowValue(appender, columns[column]!.get(row), fields[column]!.type);
      }
      appender.endRow();
    }
    appender.flushSync();
    appender.closeSync();
  }

  async registerFile(name: string, bytes: Uint8Array): Promise<string> {
    const path = join(this.fileDir, `${this.files.size}-${name.replace(/[^\w.-]/g, '_')}`);
    writeFileSync(path, bytes);
    this.files.set(name, path);
    return path;
  }

  async dropFile(name: string): Promise<void> {
    const path = this.files.get(name);
    if (path) rmSync(path, { force: true });
    this.files.delete(name);
  }

  async exportQuery(sql: string, format: ExportFormat): Promise<Uint8Array> {
    const path = join(this.fileDir, `export-${Date.now()}.${format}`);
    await this.exec(
      format === 'csv'
        ? await csvCopySql((describe) => this.query(describe), sql, path)
        : `COPY (${sql}) TO ${quoteLiteral(path)} (FORMAT parquet)`,
    );
    const bytes = readFileSync(path);
    rmSync(path, { force: true });
    return new Uint8Array(bytes);
  }

  async setProgressListener(listener: ProgressListener | null): Promise<void> {
    this.progressListener = listener;
  }

  async cancel(): Promise<boolean> {
    if (!this.running) return false;
    this.connection.interrupt();
    return true;
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
    rmSync(this.fileDir, { recursive: true, force: true });
  }

  private async run(sql: string, params: readonly QueryParam[]): Promise<DuckDBResultReader> {
    this.running = true;
    try {
      this.progressListener?.({ phase: 'progress.query', done: 0, total: 0 });
      if (params.length === 0) return await this.connection.runAndReadAll(sql);
      return await this.connection.runAndReadAll(sql, params as DuckDBValue[]);
    } catch (error) {
      throw toKuraError(error);
    } finally {
      this.running = false;
    }
  }
}

function readerToArrow(reader: DuckDBResultReader): Table {
  const names = reader.deduplicatedColumnNames();
  const columns = reader.getColumns();
  const vectors: Record<string, Vector> = {};
  names.forEach((name, index) => {
    const typeId = reader.columnTypeId(index);
    vectors[name] = toArrowVector(columns[index] ?? [], typeId);
  });
  return new Table(vectors);
}

function toArrowVector(values: readonly DuckDBValue[], typeId: DuckDBTypeId): Vector {
  switch (typeId) {
    case DuckDBTypeId.BOOLEAN:
      return vectorFromArray(values as (boolean | null)[], new Bool());
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
      return vectorFromArray(values as (number | null)[], new Int32());
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return vectorFromArray(
        values.map((v) => (v === null ? null : BigInt(v as bigint | number))),
        new Int64(),
      );
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.DECIMAL:
      return vectorFromArray(
        values.map((v) => (v === null ? null : Number(String(v)))),
        new Float64(),
      );
    case DuckDBTypeId.DATE:
      return vectorFromArray(
        values.map((v) => (v === null ? null : new Date(`${String(v)}T00:00:00Z`))),
        new DateMillisecond(),
      );
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return vectorFromArray(
        values.map((v) => (v === null ? null : timestampMillis(v))),
        new TimestampMicrosecond(),
      );
    default:
      return utf8Vector(values);
  }
}

/**
 * Text values as an Arrow Utf8 vector, encoded straight into one buffer: apache-arrow's builder (vectorFromArray)
 * took ~4 µs a value, which made reading a 1M-row result from native DuckDB take minutes.
 */
function utf8Vector(values: readonly DuckDBValue[]): Vector {
  const encoder = new TextEncoder();
  const texts = values.map((value) => (value === null ? null : typeof value === 'string' ? value : String(value)));
  const offsets = new Int32Array(texts.length + 1);
  const validity = new Uint8Array((texts.length + 7) >> 3);
  // A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair, two units, is 4).
  const data = new Uint8Array(texts.reduce((bytes, text) => bytes + (text === null ? 0 : text.length * 3), 0));
  let end = 0;
  let nullCount = 0;
  texts.forEach((text, index) => {
    if (text === null) nullCount++;
    else {
      validity[index >> 3]! |= 1 << (index & 7);
      end += encoder.encodeInto(text, data.subarray(end)).written;
    }
    offsets[index + 1] = end;
  });
  return makeVector(
    makeData({
      type: new Utf8(),
      length: texts.length,
      nullCount,
      nullBitmap: nullCount > 0 ? validity : null,
      valueOffsets: offsets,
      data: data.subarray(0, end),
    }),
  );
}

function timestampMillis(value: DuckDBValue): number {
  const micros = (value as { micros?: bigint }).micros;
  if (typeof micros === 'bigint') return Number(micros / 1000n);
  return Date.parse(String(value).replace(' ', 'T') + 'Z');
}

type Appender = Awaited<ReturnType<DuckDBConnection['createAppender']>>;

function appendArrowValue(appender: Appender, value: unknown, type: DataType): void {
  if (value === null || value === undefined) return appender.appendNull();
  switch (sqlTypeOfArrow(type)) {
    case 'BOOLEAN':
      return appender.appendBoolean(Boolean(value));
    case 'INTEGER':
      return appender.appendInteger(Number(value));
    case 'BIGINT':
      return appender.appendBigInt(BigInt(value as bigint));
    case 'DOUBLE':
      return appender.appendDouble(Number(value));
    case 'DATE':
      return appender.appendVarchar(toIsoTime(value).slice(0, 10));
    case 'TIMESTAMP':
      return appender.appendVarchar(toIsoTime(value).replace('T', ' ').replace('Z', ''));
    default:
      return appender.appendVarchar(String(value));
  }
}

function toIsoTime(value: unknown): string {
  return (value instanceof Date ? value : new Date(Number(value))).toISOString();
}
