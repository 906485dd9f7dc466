/**
 * Per-customer summary for the CLV models, compiled to one SQL query. Definitions are lifetimes'
 * summary_data_from_transaction_data and calibration_and_holdout_data:
 * - Purchases are collapsed to one per customer and day (their amounts summed); only days ≤ calibrationEnd count.
 * - frequency: purchase days after the first (x, repeat purchases).
 * - recency: last purchase day − first purchase day (t_x); 0 when frequency is 0.
 * - T: calibrationEnd − first purchase day.
 * - monetary_value: mean of the repeat days' summed amounts (the first day excluded); 0 when frequency is 0.
 * - frequency_holdout (with observationEnd): purchase days in (calibrationEnd, observationEnd] for customers seen in
 *   calibration; duration_holdout = observationEnd − calibrationEnd.
 * Times are in days, or with timeUnit 'week' in days / 7 (lifetimes' freq='D', freq_multiplier=7), which is how the
 * published CDNOW summary gives recency 30.43 and T 38.86.
 */
import { tableFromIPC } from 'apache-arrow';
import { quoteIdent, sql } from '../../engine/sql.ts';

export interface CustomerSummarySpec {
  /** Table (or view) of transactions. */
  transactions: string;
  customerId: string;
  /** A DATE, TIMESTAMP or ISO date text column. */
  date: string;
  /** Transaction value; without it monetary_value is not computed. */
  amount?: string;
  /** Last day of the calibration period, YYYY-MM-DD, inclusive. */
  calibrationEnd: string;
  /** Last day of the holdout period, YYYY-MM-DD, inclusive. */
  observationEnd?: string;
  timeUnit?: 'day' | 'week';
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function dateLiteral(value: string, field: string): string {
  if (!ISO_DATE.test(value) || Number.isNaN(Date.parse(value)))
    throw new Error(`${field} must be a date as YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return String(sql`DATE ${value}`);
}

/**
 * SQL returning one row per customer: customer_id, frequency, recency, "T", monetary_value (with amount), and
 * frequency_holdout, duration_holdout (with observationEnd), ordered by customer_id.
 */
export function customerSummarySql(spec: CustomerSummarySpec): string {
  const calibrationEnd = dateLiteral(spec.calibrationEnd, 'calibrationEnd');
  const observationEnd = spec.observationEnd === undefined ? null : dateLiteral(spec.observationEnd, 'observationEnd');
  if (observationEnd && spec.observationEnd! < spec.calibrationEnd) throw new Error('observationEnd is before calibrationEnd');
  const unit = (spec.timeUnit ?? 'day') === 'week' ? ' / 7.0' : '';
  const amount = spec.amount === undefined ? null : quoteIdent(spec.amount);
  const lastDay = observationEnd ?? calibrationEnd;

  const days = `days AS (
  SELECT ${quoteIdent(spec.customerId)} AS customer_id, CAST(${quoteIdent(spec.date)} AS DATE) AS day${amount ? `, SUM(${amount}) AS amount` : ''}
  FROM ${quoteIdent(spec.transactions)}
  WHERE ${quoteIdent(spec.customerId)} IS NOT NULL AND CAST(${quoteIdent(spec.date)} AS DATE) <= ${lastDay}
  GROUP BY 1, 2
)`;
  const ranked = `calibration_days AS (
  SELECT *, row_number() OVER (PARTITION BY customer_id ORDER BY day) AS nth FROM days WHERE day <= ${calibrationEnd}
)`;
  const calibration = `calibration AS (
  SELECT customer_id,
    CAST(count(*) - 1 AS DOUBLE) AS frequency,
    CAST(date_diff('day', min(day), max(day)) AS DOUBLE)${unit} AS recency,
    CAST(date_diff('day', min(day), ${calibrationEnd}) AS DOUBLE)${unit} AS "T"${
      amount ? `,\n    coalesce(avg(amount) FILTER (WHERE nth > 1), 0) AS monetary_value` : ''
    }
  FROM calibration_days
  GROUP BY customer_id
)`;
  if (!observationEnd) {
    return `WITH ${days},\n${ranked},\n${calibration}\nSELECT * FROM calibration ORDER BY customer_id`;
  }
  const holdout = `holdout AS (
  SELECT customer_id, count(*) AS frequency_holdout FROM days WHERE day > ${calibrationEnd} GROUP BY customer_id
)`;
  return `WITH ${days},\n${ranked},\n${calibration},\n${holdout}
SELECT calibration.*,
  CAST(coalesce(holdout.frequency_holdout, 0) AS DOUBLE) AS frequency_holdout,
  CAST(date_diff('day', ${calibrationEnd}, ${observationEnd}) AS DOUBLE)${unit} AS duration_holdout
FROM calibration LEFT JOIN holdout USING (customer_id)
ORDER BY customer_id`;
}

export interface CustomerSummary {
  customerId: unknown[];
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  /** Zeros when the spec had no amount. */
  monetaryValue: Float64Array;
  /** Zeros when the spec had no observationEnd. */
  frequencyHoldout: Float64Array;
}

/** Reads the result of customerSummarySql (Arrow IPC bytes from Engine.query) into the arrays the models take. */
export function readCustomerSummary(ipc: Uint8Array): CustomerSummary {
  const table = tableFromIPC(ipc);
  const numbers = (name: string): Float64Array => {
    const column = table.getChild(name);
    return column ? Float64Array.from(column.toArray() as ArrayLike<number>, Number) : new Float64Array(table.numRows);
  };
  return {
    customerId: [...(table.getChild('customer_id')?.toArray() ?? [])],
    frequency: numbers('frequency'),
    recency: numbers('recency'),
    T: numbers('T'),
    monetaryValue: numbers('monetary_value'),
    frequencyHoldout: numbers('frequency_holdout'),
  };
}
