import { parseDate } from '../audit/patterns.ts';
import { describeColumns } from '../audit/profile.ts';
import { reconcile, type ReconcileResult } from '../audit/reconcile.ts';
import type { Engine } from '../engine/engine.ts';
import { quoteIdent, quoteLiteral } from '../engine/sql.ts';
import { migrateError } from './migrate-error.ts';
import { dateTimeSql, importRowsSql, migrationTables } from './sql.ts';
import { fieldColumn, targetPreset, targetPresets, type TargetField, type TargetPreset } from './targets.ts';

/** What was sent (the migration left after `prefix`) against what the target holds after the import (its export, loaded as a table). */
export interface MigrationReconcileSpec {
  target: string;
  prefix: string;
  received: string;
}

export interface MigrationReconciliation {
  /** Rows of import.csv the target's export lacks. */
  missing: number;
  /** Rows of the export that were not sent (or whose external id was lost). */
  extra: number;
  /** Per compared field, the rows whose value the target holds differently. */
  changed: { field: string; rows: number }[];
  /** Target fields the export has no column for (not compared). */
  notExported: string[];
  result: ReconcileResult;
}

/** The reconciliation as the migrate cell keeps and shows it: counts and field names only, never values. */
export type MigrationReconciliationCounts = Omit<MigrationReconciliation, 'result'> & { received: string };

/** A phone number compared by its digits and +, on both sides: the export may space or hyphenate it. */
const phoneDigitsSql = (value: string) => `regexp_replace(${value}, '[^0-9+]', '', 'g')`;

/** The export's value in the form the import file wrote it: dates in the target's format, phone numbers without separators. */
function sentFormSql(field: TargetField, preset: TargetPreset, column: string): string {
  const v = `nullif(trim(CAST(r.${quoteIdent(column)} AS VARCHAR)), '')`;
  if (field.format === 'date') return `coalesce(strftime(${parseDate(v)}, ${quoteLiteral(preset.dateFormat)}), ${v})`;
  if (field.format === 'datetime') return dateTimeSql(v);
  if (field.format === 'phone') return phoneDigitsSql(v);
  return v;
}

/** The tables a reconciliation leaves after `prefix`: what was sent and the export in the sent form, side by side. */
export function reconciliationTables(prefix: string): { sent: string; received: string } {
  return { sent: `${prefix}_sent`, received: `${prefix}_received` };
}

/**
 * Reconciles what a migration sent with the target's export after a (test) import, with the audit's reconciliation
 * keyed on the external id: the export's headers are matched to the target's fields by API name or label, its dates
 * and phone numbers brought to the import file's form first, so only real losses and changes are reported.
 */
export async function reconcileMigration(engine: Engine, spec: MigrationReconcileSpec): Promise<MigrationReconciliation> {
  const preset = targetPreset(spec.target);
  if (!preset) throw migrateError('migrate.target', { target: spec.target, targets: targetPresets.map((p) => p.id).join(', ') });
  const tables = migrationTables(spec.prefix);
  const { sent, received } = reconciliationTables(spec.prefix);
  const columns = (await describeColumns(engine, spec.received)).map((c) => c.name);
  if (columns.length === 0) throw migrateError('migrate.noReceived', { table: spec.received });
  const found = preset.fields.map((field) => ({ field, column: fieldColumn(field, columns) }));
  const externalId = found.find((f) => f.field.name === preset.externalId)!;
  if (!externalId.column) throw migrateError('migrate.noExternalId', { table: spec.received, field: preset.externalId });
  const compared = found.filter((f): f is { field: TargetField; column: string } => f.column !== undefined);
  const sentForm = (field: TargetField) =>
    field.format === 'phone' ? `${phoneDigitsSql(quoteIdent(field.name))} AS ${quoteIdent(field.name)}` : quoteIdent(field.name);
  await engine.exec(
    `CREATE OR REPLACE TABLE ${quoteIdent(sent)} AS SELECT ${compared.map((f) => sentForm(f.field)).join(', ')} FROM (${importRowsSql(preset, tables)})`,
  );
  await engine.exec(
    `CREATE OR REPLACE TABLE ${quoteIdent(received)} AS SELECT ${compared.map((f) => `${sentFormSql(f.field, preset, f.column)} AS ${quoteIdent(f.field.name)}`).join(', ')} FROM ${quoteIdent(spec.received)} AS r`,
  );
  const result = await reconcile(engine, {
    source: sent,
    target: received,
    key: [preset.externalId],
    tolerance: { ignoreWhitespace: true },
  });
  return {
    missing: result.source.only.rows,
    extra: result.target.only.rows,
    changed: result.columns.filter((c) => c.mismatches > 0).map((c) => ({ field: c.source, rows: c.mismatches })),
    notExported: found.filter((f) => f.column === undefined).map((f) => f.field.name),
    result,
  };
}
