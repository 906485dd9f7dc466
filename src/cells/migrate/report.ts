import type { MigrationSummary } from '../../migrate/migrate.ts';
import type { ReportSection } from '../report-section.ts';
import { reportMessages } from '../report-section.ts';

const messages = reportMessages({
  en: {
    migrateSummary:
      "{target}: {passing} of {customers} rows will be created; {failing} fail the target's rules. The trace maps them to {records} source records.",
    migrateField: 'Target field',
    migrateRule: 'Rule',
    migrateFailing: 'Failing customers',
  },
  ja: {
    migrateSummary:
      '{target}: {customers} 件中 {passing} 件を作成します。{failing} 件は移行先のルールを満たしません。対応表は {records} 件の元レコードを結びます。',
    migrateField: '移行先の項目',
    migrateRule: 'ルール',
    migrateFailing: '満たさない顧客数',
  },
});

/** Counts only: the problems table holds the failing values, which are personal data. */
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
        : '')
    );
  },
};
