import { quoteIdent, sql } from '../../engine/sql.ts';
import { specError } from '../../document/spec-error.ts';
import { type PeopleNames, withPeopleNamesSql } from '../people-names.ts';

/**
 * RFM as in R's rfm package (rfm_table_order + rfm_segment): per customer the days since the last order
 * (recency), the number of orders (frequency) and their total (monetary), each scored 1–5 by quintile
 * (ntile over the sorted values; recency reversed, so 5 = most recent), then named segments from the R and F
 * scores. The rfm package also checks M; the issue asks for R and F, and the ranges below are the package's
 * documented R and F ranges, the first matching segment winning.
 *
 *     transactions: orders
 *     customer: contact_id
 *     date: order_date
 *     amount: amount
 *     as_of: 2025-06-30          # recency is counted to this day; later orders are left out
 */
export interface RfmSpec {
  transactions: string;
  customer: string;
  date: string;
  amount: string;
  asOf: string;
}

/** The segments by recency and frequency score. `name` is the data (SQL and exports read it); `ja` is how Japanese shows it. */
export const rfmSegments: readonly { name: string; ja: string; recency: [number, number]; frequency: [number, number] }[] = [
  { name: 'champions', ja: 'チャンピオン', recency: [4, 5], frequency: [4, 5] },
  { name: 'loyal customers', ja: 'ロイヤル顧客', recency: [2, 5], frequency: [3, 5] },
  { name: 'potential loyalists', ja: 'ロイヤル候補', recency: [3, 5], frequency: [1, 3] },
  { name: 'new customers', ja: '新規顧客', recency: [4, 5], frequency: [1, 1] },
  { name: 'promising', ja: '有望', recency: [3, 4], frequency: [1, 1] },
  { name: 'need attention', ja: '要注意', recency: [2, 3], frequency: [2, 3] },
  { name: 'about to sleep', ja: '休眠間近', recency: [2, 3], frequency: [1, 2] },
  { name: "can't lose them", ja: '失いたくない顧客', recency: [1, 1], frequency: [4, 5] },
  { name: 'at risk', ja: '離反リスク', recency: [1, 2], frequency: [2, 5] },
  { name: 'hibernating', ja: '休眠', recency: [1, 2], frequency: [1, 2] },
];

/** An RFM segment's name in `lang`; a name this version does not know stays as it is. */
export function rfmSegmentLabel(name: string, lang: 'en' | 'ja'): string {
  return lang === 'ja' ? (rfmSegments.find((segment) => segment.name === name)?.ja ?? name) : name;
}

export function readRfmSpec(spec: Record<string, unknown>): RfmSpec {
  const text = (key: string) => (spec[key] === undefined || spec[key] === null || spec[key] === '' ? undefined : String(spec[key]));
  const asOf = spec.as_of instanceof Date ? spec.as_of.toISOString().slice(0, 10) : text('as_of');
  const [transactions, customer, date, amount] = [text('transactions'), text('customer'), text('date'), text('amount')];
  if (!transactions || !customer || !date || !amount || !asOf) throw specError('spec.rfmFields');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw specError('spec.rfmAsOf');
  return { transactions, customer, date, amount, asOf };
}

/**
 * CREATE TABLE `table` with customer_id, recency_days, frequency, monetary, the three scores, rfm (e.g. 545) and
 * segment; with `people`, each customer's name and company come first.
 */
export function rfmSql(spec: RfmSpec, table: string, people?: PeopleNames): string {
  const asOf = sql`DATE ${spec.asOf}`;
  const segment = rfmSegments
    .map(
      (s) =>
        sql`WHEN recency_score BETWEEN ${s.recency[0]} AND ${s.recency[1]} AND frequency_score BETWEEN ${s.frequency[0]} AND ${s.frequency[1]} THEN ${s.name}`,
    )
    .join('\n      ');
  const scores = `WITH orders AS (
  SELECT ${quoteIdent(spec.customer)}::VARCHAR AS customer_id, ${quoteIdent(spec.date)}::DATE AS day, ${quoteIdent(spec.amount)}::DOUBLE AS amount
  FROM ${quoteIdent(spec.transactions)}
  WHERE ${quoteIdent(spec.customer)} IS NOT NULL AND ${quoteIdent(spec.date)}::DATE <= ${asOf}
), per_customer AS (
  SELECT customer_id, date_diff('day', max(day), ${asOf})::INTEGER AS recency_days, count(*)::INTEGER AS frequency, sum(amount) AS monetary
  FROM orders GROUP BY customer_id
), scored AS (
  SELECT *,
    ntile(5) OVER (ORDER BY recency_days DESC, customer_id)::INTEGER AS recency_score,
    ntile(5) OVER (ORDER BY frequency, customer_id)::INTEGER AS frequency_score,
    ntile(5) OVER (ORDER BY monetary, customer_id)::INTEGER AS monetary_score
  FROM per_customer
)
SELECT *, recency_score * 100 + frequency_score * 10 + monetary_score AS rfm,
  CASE ${segment}
      ELSE 'others' END AS segment
FROM scored`;
  const listed = people
    ? withPeopleNamesSql(scores, 'customer_id', people, [{ column: 'customer_id' }])
    : `${scores}\nORDER BY customer_id`;
  return `CREATE OR REPLACE TABLE ${quoteIdent(table)} AS\n${listed}`;
}

export function rfmSegmentCountsSql(table: string): string {
  return `SELECT segment, count(*)::INTEGER AS customers, avg(recency_days) AS recency_days, avg(frequency) AS frequency, avg(monetary) AS monetary
FROM ${quoteIdent(table)} GROUP BY segment ORDER BY customers DESC`;
}
