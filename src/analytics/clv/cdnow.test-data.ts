/** Loads the CDNOW reference files (../shared/data/analytics, see its SOURCE.md) for the CLV accuracy tests. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const analyticsDataDir = fileURLToPath(new URL('../../../../shared/data/analytics/', import.meta.url));
export const hasCdnow =
  existsSync(`${analyticsDataDir}cdnow_customers_summary_with_transactions.csv`) && existsSync(`${analyticsDataDir}CDNOW_sample.txt`);
export const missingCdnowMessage = `CDNOW reference data not found in ${analyticsDataDir}; CLV accuracy tests skipped`;

export interface PublishedSummary {
  id: number[];
  frequency: number[];
  recency: number[];
  T: number[];
  monetaryValue: number[];
}

/** cdnow_customers_summary_with_transactions.csv: ID, x, t_x, T (weeks), zbar. */
export function readPublishedSummary(): PublishedSummary {
  const rows = readFileSync(`${analyticsDataDir}cdnow_customers_summary_with_transactions.csv`, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').map(Number));
  return {
    id: rows.map((row) => row[0]!),
    frequency: rows.map((row) => row[1]!),
    recency: rows.map((row) => row[2]!),
    T: rows.map((row) => row[3]!),
    monetaryValue: rows.map((row) => row[4]!),
  };
}

/** CDNOW_sample.txt as columns: sample_id, ISO date, dollar value. */
export function readCdnowSample(): { customer: number[]; date: string[]; amount: number[] } {
  const customer: number[] = [];
  const date: string[] = [];
  const amount: number[] = [];
  for (const line of readFileSync(`${analyticsDataDir}CDNOW_sample.txt`, 'utf8').split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 5) continue;
    const day = fields[2]!;
    customer.push(Number(fields[1]));
    date.push(`${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`);
    amount.push(Number(fields[4]));
  }
  return { customer, date, amount };
}
