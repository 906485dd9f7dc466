import type { Engine } from '../engine/engine.ts';
import { queryRows } from '../engine/plain-rows.ts';
import { quoteIdent } from '../engine/sql.ts';
import { migrateError } from './migrate-error.ts';
import { planMigration, type MigrateSpec, type MigrationPlan } from './plan.ts';
import { notInCp932 } from './encoding-check.ts';
import type { MigrationReconciliationCounts } from './reconcile.ts';
import {
  encodingProblemsSql,
  migrationCountsSql,
  migrationSql,
  migrationTables,
  nonAsciiCharactersSql,
  problemCountsSql,
  type MigrationTables,
} from './sql.ts';
import { columnNames } from '../engine/catalog.ts';

export interface MigrationSummary {
  target: string;
  customers: number;
  /** Rows the import file creates: customers that pass every rule of the target. */
  passing: number;
  failing: number;
  /** Failing customers per field and rule. */
  problems: { field: string; rule: string; customers: number }[];
  /** Input records in the trace. */
  records: number;
  /** What the target holds after a (test) import against what was sent, when the spec names its export (`received`). */
  reconciliation?: MigrationReconciliationCounts;
}

export interface Migration {
  plan: MigrationPlan;
  tables: MigrationTables;
  summary: MigrationSummary;
}

/**
 * Maps the table to the target, checks the target's rules in SQL and keeps the result in tables named after
 * `prefix` (migrationTables). The trace comes from identity_clusters when the table is one of golden records
 * (it has cluster_id and the match's identity_clusters exists).
 */
export async function runMigration(engine: Engine, spec: MigrateSpec, prefix: string): Promise<Migration> {
  const table = spec.table || 'customers_golden';
  const columns = await columnNames(engine, table);
  if (columns.length === 0) throw migrateError('migrate.noTable', { table });
  const plan = planMigration(spec, columns, spec.accounts ? await columnNames(engine, spec.accounts) : []);
  const clusterColumns = columns.includes('cluster_id') ? await columnNames(engine, 'identity_clusters') : [];
  const clusters = ['cluster_id', 'source', 'row'].every((c) => clusterColumns.includes(c)) ? 'identity_clusters' : null;
  const tables = migrationTables(prefix);
  for (const step of migrationSql(plan, tables, clusters)) await engine.exec(step);
  if (plan.encoding === 'cp932') {
    const characters = (await queryRows(engine, nonAsciiCharactersSql(plan, tables))).map((row) => String(row.c));
    const lost = notInCp932(characters);
    if (lost.length > 0) await engine.exec(encodingProblemsSql(plan, tables, lost));
  }
  const [counts] = await queryRows(engine, migrationCountsSql(tables));
  const problems = (await queryRows(engine, problemCountsSql(tables))).map((row) => ({
    field: String(row.field),
    rule: String(row.rule),
    customers: Number(row.customers),
  }));
  const [traced] = await queryRows(engine, `SELECT count(*)::INTEGER AS records FROM ${quoteIdent(tables.trace)}`);
  const customers = Number(counts!.customers);
  const passing = Number(counts!.passing);
  return {
    plan,
    tables,
    summary: { target: plan.preset.id, customers, passing, failing: customers - passing, problems, records: Number(traced!.records) },
  };
}
