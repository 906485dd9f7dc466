import { migrateError } from '../../migrate/migrate-error.ts';
import { runMigration, type MigrationSummary } from '../../migrate/migrate.ts';
import { defaultMigrateTable, type MigrateSpec, type MigrationFileFormat } from '../../migrate/plan.ts';
import { reconcileMigration, reconciliationTables } from '../../migrate/reconcile.ts';
import { migrationTables } from '../../migrate/sql.ts';
import { targetPreset, targetPresets, type TargetEncoding } from '../../migrate/targets.ts';
import { specCellKind } from '../kind.ts';

declare module '../../document/model.ts' {
  interface SpecCellWords {
    migrate: MigrationSummary;
  }
}

/**
 * The migrate cell's YAML body (src/migrate/plan.ts, MigrateSpec):
 *
 *     target: salesforce.contact
 *     table: customers_golden
 *     mapping:
 *       Title: null
 *     encoding: utf-8
 *     received: crm_export
 */
export function readMigrateSpec(spec: Record<string, unknown>): MigrateSpec {
  const text = (key: string) => (spec[key] === undefined || spec[key] === null || spec[key] === '' ? undefined : String(spec[key]));
  const target = text('target');
  const targets = targetPresets.map((p) => p.id).join(', ');
  if (!target) throw migrateError('migrate.noTarget', { targets });
  if (!targetPreset(target)) throw migrateError('migrate.target', { target, targets });
  const mapping = spec.mapping ?? undefined;
  if (mapping !== undefined && (typeof mapping !== 'object' || mapping === null || Array.isArray(mapping)))
    throw migrateError('migrate.mapping');
  const entries = Object.entries((mapping ?? {}) as Record<string, unknown>);
  if (entries.some(([, source]) => source !== null && source !== '' && typeof source !== 'string')) throw migrateError('migrate.mapping');
  return {
    target,
    table: text('table') ?? defaultMigrateTable,
    mapping:
      mapping === undefined ? undefined : Object.fromEntries(entries.map(([field, source]) => [field, (source as string | null) || null])),
    encoding: text('encoding') as TargetEncoding | undefined,
    format: text('format') as MigrationFileFormat | undefined,
    received: text('received'),
    accounts: text('accounts'),
  };
}

/** Maps golden records (or any table) to a CRM's import file and checks its rules; the view downloads the files. */
export const migrateKind = specCellKind<MigrationSummary>({
  word: 'migrate',
  report: () => import('./report.ts'),
  readSpec: readMigrateSpec,
  outputs: (cell) => {
    const prefix = cell.name || 'migrate';
    const reconciled = cell.spec.received ? Object.values(reconciliationTables(prefix)) : [];
    return [...Object.values(migrationTables(prefix)), ...reconciled];
  },
  async execute(engine, cell) {
    const prefix = cell.name || 'migrate';
    const spec = readMigrateSpec(cell.spec);
    const { summary, tables } = await runMigration(engine, spec, prefix);
    if (spec.received) {
      const { result: _, ...counts } = await reconcileMigration(engine, { target: spec.target, prefix, received: spec.received });
      summary.reconciliation = { received: spec.received, ...counts };
    }
    return { value: summary, resultTable: tables.problems };
  },
  create({ tables, freshName }) {
    const golden = tables.some((table) => table.name === defaultMigrateTable);
    return {
      kind: 'migrate',
      name: freshName('migration'),
      spec: golden ? { target: 'salesforce.contact', table: defaultMigrateTable } : { target: 'salesforce.contact' },
    };
  },
});
