import type { ColumnProfile } from './profile.ts';

/** The words of a column's number statistics, in the reader's language. */
export interface StatisticsWords {
  mean: string;
  std: string;
  median: string;
  iqr: string;
  skewness: string;
  /** Appended when the quantiles come from DuckDB's sketch, not the sorted values. */
  approximate: string;
}

/** "mean 22 · sd 43.6 · median 3 · IQR 2 · skewness 2.23" for numeric columns (and text columns of numbers); '' otherwise. */
export function statisticsText(column: ColumnProfile, words: StatisticsWords, format: (value: number) => string): string {
  if (typeof column.mean !== 'number') return '';
  const parts = [`${words.mean} ${format(column.mean)}`];
  if (column.std !== null && column.std !== undefined) parts.push(`${words.std} ${format(column.std)}`);
  if (column.quantiles) parts.push(`${words.median} ${format(Number(column.quantiles.p50))}`);
  if (column.iqr !== null && column.iqr !== undefined) parts.push(`${words.iqr} ${format(column.iqr)}`);
  if (column.skewness !== null && column.skewness !== undefined) parts.push(`${words.skewness} ${format(column.skewness)}`);
  return parts.join(' · ') + (column.quantileMethod === 'approximate' ? ` ${words.approximate}` : '');
}
