import type { MigrationSummary } from '../../migrate/migrate.ts';
import type { MigrationReconciliationCounts } from '../../migrate/reconcile.ts';
import type { ReportSection, ReportWriter } from '../report-section.ts';
import { reportMessages } from '../report-section.ts';

const messages = reportMessages({
  en: {
    migrateSummary:
      "{target}: {passing} of {customers} rows will be created; {failing} fail the target's rules. The trace maps them to {records} source records.",
    migrateField: 'Target field',
    migrateRule: 'Rule',
    migrateFailing: 'Failing customers',
    migrateReconciled:
      "Reconciled with {table}, the target's export after the import: {missing} sent {missing|row is|rows are} missing and {extra} {extra|row was|rows were} not sent.",
    migrateSame: 'Every value sent is there unchanged.',
    migrateChangedRows: 'Rows holding another value',
    migrateNotExported: 'Not in the export, so not compared: {fields}.',
  },
  ja: {
    migrateSummary:
      '{target}: {customers} 件中 {passing} 件を作成します。{failing} 件は移行先のルールを満たしません。対応表は {records} 件の元レコードを結びます。',
    migrateField: '移行先の項目',
    migrateRule: 'ルール',
    migrateFailing: '満たさない顧客数',
    migrateReconciled:
      'インポート後の移行先エクスポート {table} と突合しました: 送った行のうち {missing} 行がなく、送っていない行が {extra} 行あります。',
    migrateSame: '送った値はすべてそのまま入っています。',
    migrateChangedRows: '値が違う行数',
    migrateNotExported: 'エクスポートにないため突合していない項目: {fields}。',
  },
});

/** Counts and field names only: the problems table and the export hold the values, which are personal data. */
export const reportSection: ReportSection = {
  render(_, { value }, w) {
    const summary = value as Partial<MigrationSummary> | undefined;
    if (typeof summary?.customers !== 'number' || !Array.isArray(summary.problems)) return w.kindNote();
    const m = messages[w.lang];
    const counts = {
      target: summary.target ?? '',
      customers: summary.customers,
      passing: summary.passing ?? 0,
      failing: summary.failing ?? 0,
      records: summary.records ?? 0,
    };
    const rules = summary.problems.map((p) => ({ field: p.field, rule: p.rule, customers: w.number(p.customers) }));
    return (
      `<p class="migrate-summary">${w.fill(m.migrateSummary, counts)}</p>` +
      (rules.length > 0
        ? w.table(
            [
              { key: 'field', label: m.migrateField },
              { key: 'rule', label: m.migrateRule },
              { key: 'customers', label: m.migrateFailing, numeric: true },
            ],
            rules,
          )
        : '') +
      reconciliationHtml(summary.reconciliation, m, w)
    );
  },
};

function reconciliationHtml(reconciled: MigrationReconciliationCounts | undefined, m: (typeof messages)['en'], w: ReportWriter): string {
  if (!reconciled) return '';
  const counts = { table: reconciled.received, missing: reconciled.missing, extra: reconciled.extra };
  const changed = reconciled.changed.map((c) => ({ field: c.field, rows: w.number(c.rows) }));
  return (
    `<p class="migrate-reconciled">${w.fill(m.migrateReconciled, counts)}${changed.length === 0 ? ` ${w.fill(m.migrateSame)}` : ''}</p>` +
    (changed.length > 0
      ? w.table(
          [
            { key: 'field', label: m.migrateField },
            { key: 'rows', label: m.migrateChangedRows, numeric: true },
          ],
          changed,
        )
      : '') +
    (reconciled.notExported.length > 0 ? `<p>${w.fill(m.migrateNotExported, { fields: reconciled.notExported.join(', ') })}</p>` : '')
  );
}
