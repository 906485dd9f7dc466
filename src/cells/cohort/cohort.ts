import { quoteIdent, sql } from '../../engine/sql.ts';
import { specError } from '../../document/spec-error.ts';

/**
 * Cohort retention: customers grouped by the month of their first order, and for each later month the share of
 * the cohort that ordered again.
 *
 *     transactions: orders
 *     customer: contact_id
 *     date: order_date
 *     months: 12                 # months since the first order shown (default 12)
 */
export interface CohortSpec {
  transactions: string;
  customer: string;
  date: string;
  months: number;
}

export function readCohortSpec(spec: Record<string, unknown>): CohortSpec {
  const text = (key: string) => (spec[key] === undefined || spec[key] === null || spec[key] === '' ? undefined : String(spec[key]));
  const [transactions, customer, date] = [text('transactions'), text('customer'), text('date')];
  if (!transactions || !customer || !date) throw specError('spec.cohortFields');
  const months = typeof spec.months === 'number' && spec.months > 0 ? Math.floor(spec.months) : 12;
  return { transactions, customer, date, months };
}

/** CREATE TABLE `table` (cohort 'YYYY-MM', cohort_size, months_since, customers, rate). */
export function cohortSql(spec: CohortSpec, table: string): string {
  return `CREATE OR REPLACE TABLE ${quoteIdent(table)} AS
WITH activity AS (
  SELECT DISTINCT ${quoteIdent(spec.customer)}::VARCHAR AS customer_id, date_trunc('month', ${quoteIdent(spec.date)}::DATE) AS month
  FROM ${quoteIdent(spec.transactions)}
  WHERE ${quoteIdent(spec.customer)} IS NOT NULL AND ${quoteIdent(spec.date)} IS NOT NULL
), firsts AS (
  SELECT customer_id, min(month) AS cohort_month FROM activity GROUP BY customer_id
), cells AS (
  SELECT f.cohort_month, date_diff('month', f.cohort_month, a.month) AS months_since, count(*) AS customers
  FROM activity a JOIN firsts f USING (customer_id)
  GROUP BY ALL
), sizes AS (
  SELECT cohort_month, count(*) AS cohort_size FROM firsts GROUP BY cohort_month
)
SELECT strftime(c.cohort_month, '%Y-%m') AS cohort, s.cohort_size::INTEGER AS cohort_size, c.months_since::INTEGER AS months_since, c.customers::INTEGER AS customers,
  c.customers / s.cohort_size AS rate
FROM cells c JOIN sizes s USING (cohort_month)
WHERE c.months_since <= ${sql`${spec.months}`}
ORDER BY cohort, months_since`;
}
