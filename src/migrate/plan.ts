import { migrateError } from './migrate-error.ts';
import {
  derivedSources,
  fieldColumn,
  targetPreset,
  targetPresets,
  type TargetEncoding,
  type TargetField,
  type TargetPreset,
} from './targets.ts';

/**
 * What to migrate, as plain data (the migrate cell's YAML body, `kura migrate`'s flags):
 *
 *     target: salesforce.contact
 *     table: customers_golden          # default
 *     mapping:                         # target field: source column or derived value; null leaves it empty
 *       Title: job_title
 *       Birthdate: null
 *     encoding: utf-8-bom              # default: the target's
 *     format: xlsx                     # the import file as an Excel workbook; default csv
 *     received: crm_export             # the target's export after a (test) import, reconciled with what was sent
 *     accounts: accounts_rows          # the accounts file the contacts' account links must point into
 */
export interface MigrateSpec {
  target: string;
  table?: string;
  mapping?: Record<string, string | null>;
  encoding?: TargetEncoding;
  format?: MigrationFileFormat;
  received?: string;
  accounts?: string;
}

/** Where a contact's account link must point: the accounts table and its external id column. */
export interface AccountsCheck {
  table: string;
  column: string;
}

export type MigrationFileFormat = 'csv' | 'xlsx';
export const migrationFileFormats: readonly MigrationFileFormat[] = ['csv', 'xlsx'];

export interface PlannedField extends TargetField {
  /** The source the field is filled from (the preset's default unless the mapping says otherwise). */
  source: string | null;
}

/** A spec checked against its target and the input table's columns: every field with its source. */
export interface MigrationPlan {
  preset: TargetPreset;
  table: string;
  encoding: TargetEncoding;
  fields: PlannedField[];
  accounts?: AccountsCheck;
}

export const defaultMigrateTable = 'customers_golden';
const encodings: readonly TargetEncoding[] = ['utf-8', 'utf-8-bom', 'cp932'];

/** The columns a source needs: a column is itself, a derived value needs the column it is computed from. */
export function sourceColumn(source: string): string {
  return source.startsWith('name.') ? 'name' : source === 'email.domain' ? 'email' : source === 'company.account_id' ? 'company' : source;
}

/**
 * Checks the spec against the target preset and the table's columns. A preset default whose column the table lacks
 * leaves the field empty; an explicit mapping to a missing column, and a required field without a source, are errors
 * named before anything is written.
 */
export function planMigration(spec: MigrateSpec, columns: readonly string[], accountColumns: readonly string[] = []): MigrationPlan {
  const preset = targetPreset(spec.target);
  if (!preset) throw migrateError('migrate.target', { target: spec.target, targets: targetPresets.map((p) => p.id).join(', ') });
  const encoding = spec.encoding ?? preset.encoding;
  if (!encodings.includes(encoding)) throw migrateError('migrate.encoding', { encoding });
  if (spec.format !== undefined && !migrationFileFormats.includes(spec.format))
    throw migrateError('migrate.format', { format: spec.format });
  const table = spec.table || defaultMigrateTable;
  const mapping = spec.mapping ?? {};
  for (const field of Object.keys(mapping)) {
    if (!preset.fields.some((f) => f.name === field)) {
      throw migrateError('migrate.field', { field, target: preset.id, fields: preset.fields.map((f) => f.name).join(', ') });
    }
  }
  const available = (source: string) =>
    columns.includes(source) || ((derivedSources as readonly string[]).includes(source) && columns.includes(sourceColumn(source)));
  const fields = preset.fields.map((field): PlannedField => {
    if (Object.hasOwn(mapping, field.name)) {
      const source = mapping[field.name] || null;
      if (source !== null && !available(source)) {
        throw migrateError('migrate.column', { field: field.name, column: source, table, derived: derivedSources.join(', ') });
      }
      return { ...field, source };
    }
    return { ...field, source: [field.from, field.fallback].find((source) => source != null && available(source)) ?? null };
  });
  const unmapped = fields.filter((f) => f.required && f.source === null).map((f) => f.name);
  if (unmapped.length > 0) throw migrateError('migrate.unmapped', { target: preset.id, fields: unmapped.join(', ') });
  return { preset, table, encoding, fields, ...(spec.accounts ? { accounts: accountsCheck(preset, spec.accounts, accountColumns) } : {}) };
}

/** The accounts table's external id column, for a target whose fields link to accounts; named errors when it cannot be checked. */
function accountsCheck(preset: TargetPreset, table: string, columns: readonly string[]): AccountsCheck {
  const link = preset.fields.find((f) => f.linksTo);
  if (!link) throw migrateError('migrate.noAccountLink', { target: preset.id });
  if (columns.length === 0) throw migrateError('migrate.noAccounts', { table });
  const accountId = targetPreset(link.linksTo!)!.fields.find((f) => f.name === targetPreset(link.linksTo!)!.externalId)!;
  const column = fieldColumn(accountId, columns);
  if (!column) throw migrateError('migrate.noExternalId', { table, field: accountId.name });
  return { table, column };
}
