import { tableFromIPC } from 'apache-arrow';
import { csvFromRows, NumberText, type CsvCell } from '../engine/csv-writer.ts';
import { encodeCsv as encodeCsvText } from '../engine/csv-encoding.ts';
import type { Engine } from '../engine/engine.ts';
import type { Job } from '../jobs/job.ts';
import { migrateError } from './migrate-error.ts';
import type { MigrateSpec } from './plan.ts';
import { xlsxBytes } from './xlsx-file.ts';
import { importRowsSql, migrationTables, problemRowsSql, traceRowsSql } from './sql.ts';
import { targetPreset, targetPresets, type TargetEncoding } from './targets.ts';

export type MigrationFileName = 'import' | 'problems' | 'trace';

/**
 * A phone number written +81332011234 or +1 415 555 0100 is kept as it is although it starts with "+": the formula
 * guard would prefix it with ' and the CRM would store the quote. Digits, spaces, ( ) - . after a "+" call nothing.
 */
const plainPhone = /^\+(?=(?:[^0-9]*[0-9]){6})[0-9 ().-]{6,30}$/;

/** CSV bytes in the encoding: UTF-8, UTF-8 with a byte order mark (for Excel), or CP932 (Shift_JIS; a character it cannot hold is refused). */
export function encodeCsv(header: readonly string[], rows: readonly CsvCell[][], encoding: TargetEncoding): Uint8Array {
  return encodeCsvText(csvFromRows(header, rows), encoding);
}

/**
 * One of a migration's files, built from the tables runMigration left (after `prefix`): the import file in the
 * target's encoding, formula-guarded, phone numbers kept (or as a workbook, every value text); problems.csv and
 * trace.csv in UTF-8 with a BOM, for people.
 */
export async function migrationFileBytes(engine: Engine, spec: MigrateSpec, prefix: string, file: MigrationFileName): Promise<Uint8Array> {
  const tables = migrationTables(prefix);
  if (file !== 'import') {
    const table = tableFromIPC(await engine.query(file === 'problems' ? problemRowsSql(tables) : traceRowsSql(tables)));
    const header = table.schema.fields.map((f) => f.name);
    const rows = table.toArray().map((row) => header.map((name) => cell(row[name])));
    return encodeCsv(header, rows, 'utf-8-bom');
  }
  const preset = targetPreset(spec.target);
  if (!preset) throw migrateError('migrate.target', { target: spec.target, targets: targetPresets.map((p) => p.id).join(', ') });
  const result = tableFromIPC(await engine.query(importRowsSql(preset, tables)));
  const header = preset.fields.map((f) => f.name);
  const columns = preset.fields.map((_, index) => result.getChildAt(index)!);
  const values: (string | null)[][] = [];
  for (let i = 0; i < result.numRows; i++) values.push(columns.map((column) => column.get(i) as string | null));
  if (spec.format === 'xlsx') return xlsxBytes(header, values);
  const phones = preset.fields.map((f) => f.format === 'phone');
  const rows = values.map((row) =>
    row.map((value, index): CsvCell => (phones[index] && value !== null && plainPhone.test(value) ? new NumberText(value) : value)),
  );
  return encodeCsv(header, rows, spec.encoding ?? preset.encoding);
}

/** The name a migration's file is downloaded or written as: the import file as a workbook when the spec says xlsx. */
export function migrationFileName(spec: Pick<MigrateSpec, 'format'>, file: MigrationFileName): string {
  return `${file}.${file === 'import' && spec.format === 'xlsx' ? 'xlsx' : 'csv'}`;
}

function cell(value: unknown): CsvCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint' || typeof value === 'number') return value;
  return String(value);
}

/** The file in the warehouse worker, for the migrate cell's downloads. */
export const migrationFile: Job<{ spec: MigrateSpec; prefix: string; file: MigrationFileName }, Uint8Array> = (
  engine,
  { spec, prefix, file },
) => migrationFileBytes(engine, spec, prefix, file);

declare module '../jobs/job.ts' {
  interface JobCatalogue {
    migrationFile: typeof migrationFile;
  }
}
