/**
 * Guesses, from table and column names and types alone, which table holds orders and which holds customers,
 * so a new analytic cell starts filled in. Mapped views (`<source>_mapped`, columns named after the common
 * customer model: contact_id, order_date, amount…) are preferred; raw exports are recognised by common English
 * and Japanese column names. A wrong guess costs the user one pick in the cell's controls.
 */
import type { CatalogTable } from '../engine/catalog.ts';
import { quoteIdent, sql } from '../engine/sql.ts';

type Column = CatalogTable['columns'][number];

export interface TransactionColumns {
  table: string;
  customer: string;
  date: string;
  amount?: string;
}

export interface CustomerColumns {
  table: string;
  key: string;
}

const customerName =
  /^(contact_id|customer_id|customer|client_id|member_id|account_id|user_id|buyer_id)$|customer|contact|client|member|顧客|会員|取引先/i;
const dateName =
  /^(order_date|purchase_date|transaction_date|ordered_at|purchased_at)$|order|purchase|transaction|注文|購入|受注|売上日|取引日|date|日付/i;
const amountName = /^(amount|total|revenue|price|sales|value)$|amount|total|revenue|price|sales|金額|売上|合計|単価|価格/i;
const keyName = /^(id|source_id|contact_id|customer_id|cluster_id)$|(^|_)id$|ＩＤ|ID$|番号$/i;

const isDate = (column: Column) => /^(DATE|TIMESTAMP)/i.test(column.type);
const isNumber = (column: Column) =>
  /^(DOUBLE|FLOAT|REAL|DECIMAL|HUGEINT|BIGINT|INTEGER|SMALLINT|TINYINT|UBIGINT|UINTEGER)/i.test(column.type);

function best<T>(items: readonly T[], score: (item: T) => number): T | undefined {
  let top: T | undefined;
  let topScore = 0;
  for (const item of items) {
    const value = score(item);
    if (value > topScore) [top, topScore] = [item, value];
  }
  return top;
}

/** Dates that say when a record was made or changed, not when something was bought. */
const bookkeepingDate = /creat|updat|modif|birth|close|登録|更新|生年|受付|完了/i;

function transactionColumns(table: CatalogTable): { columns: TransactionColumns; score: number } | undefined {
  const date = best(table.columns, (column) =>
    isDate(column) && dateName.test(column.name) && !bookkeepingDate.test(column.name)
      ? 1 + (/order|purchase|注文|購入/i.test(column.name) ? 1 : 0)
      : 0,
  );
  const customer = best(table.columns, (column) => (customerName.test(column.name) ? 2 + (/id$|ＩＤ|番号/i.test(column.name) ? 1 : 0) : 0));
  if (!date || !customer) return undefined;
  const amount = best(table.columns, (column) => (column !== customer && isNumber(column) && amountName.test(column.name) ? 1 : 0));
  const score =
    2 +
    (amount ? 2 : 0) +
    (/order|purchase|transaction|sales|注文|購入|受注|売上/i.test(table.name) ? 2 : 0) +
    (table.name.endsWith('_mapped') ? 1 : 0);
  return { columns: { table: table.name, customer: customer.name, date: date.name, ...(amount ? { amount: amount.name } : {}) }, score };
}

/** The table that looks most like orders (a customer, a date, ideally an amount), with those columns. */
export function guessTransactions(tables: readonly CatalogTable[]): TransactionColumns | undefined {
  const candidates = tables.map(transactionColumns).filter((candidate) => candidate !== undefined);
  return best(candidates, (candidate) => candidate.score)?.columns;
}

/** Tables that hold people (a name, an e-mail or a phone), each with the column that identifies a row; golden records first. */
export function peopleTables(tables: readonly CatalogTable[]): CustomerColumns[] {
  const scored = tables
    .map((table) => {
      const names = table.columns.map((column) => column.name.toLowerCase());
      const personal = names.filter((name) => /email|mail|phone|name|氏名|メール|電話/.test(name)).length;
      const key = best(
        table.columns,
        (column) =>
          (column.name === 'cluster_id' || column.name === 'source_id' ? 4 : keyName.test(column.name) ? 2 : 0) +
          (column === table.columns[0] ? 1 : 0),
      );
      const score =
        personal === 0 || !key ? 0 : personal + (table.name === 'customers_golden' ? 10 : 0) + (table.name.endsWith('_mapped') ? 1 : 0);
      return { table: table.name, key: key?.name ?? '', score };
    })
    .filter((candidate) => candidate.score > 0)
    .sort((a, b) => b.score - a.score);
  return scored.map(({ table, key }) => ({ table, key }));
}

/** The first column of a type that can be charted on a y axis. */
export function firstNumericColumn(table: CatalogTable): string | undefined {
  return table.columns.find(isNumber)?.name;
}

/**
 * Where a date column's data ends, as `day` YYYY-MM-DD: its 99.9th percentile, not in the future. Exports often
 * hold a few impossible dates (a typo'd year, a test order in 2027) that would otherwise set a cell's as-of date.
 */
export function latestDateSql(table: string, column: string, today = new Date().toISOString().slice(0, 10)): string {
  const day = `${quoteIdent(column)}::DATE`;
  // Today comes from the caller: DuckDB-WASM has no current_date without the ICU extension.
  return `SELECT strftime(quantile_disc(${day}, 0.999) FILTER (WHERE ${day} <= ${sql`DATE ${today}`}), '%Y-%m-%d') AS day FROM ${quoteIdent(table)}`;
}

/** How many distinct values of `left` also appear in `right`, compared as text, as `shared`. */
export function sharedValuesSql(left: { table: string; column: string }, right: { table: string; column: string }): string {
  return `SELECT count(*)::BIGINT AS shared FROM (SELECT DISTINCT ${quoteIdent(left.column)}::VARCHAR AS v FROM ${quoteIdent(left.table)} WHERE ${quoteIdent(left.column)} IS NOT NULL) l SEMI JOIN (SELECT ${quoteIdent(right.column)}::VARCHAR AS v FROM ${quoteIdent(right.table)}) r USING (v)`;
}
