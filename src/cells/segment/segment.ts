import type { QueryParam } from '../../engine/engine.ts';
import { quoteIdent, sql } from '../../engine/sql.ts';
import { specError } from '../../document/spec-error.ts';
import { type PeopleNames, withPeopleNamesSql } from '../people-names.ts';

/**
 * The segment cell's YAML body: customers of a base table (golden records or a mapped source) with per-customer
 * aggregates of orders and tickets, filtered by nested AND/OR conditions.
 *
 *     base: customers_golden          # one row per customer
 *     key: cluster_id                 # the customer's id in the base table
 *     orders: {table: orders, key: contact_id, date: order_date, amount: amount}
 *     tickets: {table: support_tickets, key: 電話番号}
 *     as_of: 2025-06-30               # "within the last N days" counts back from this day
 *     where:
 *       all:
 *         - {field: order_count, op: '>=', value: 3}
 *         - any:
 *             - {field: region, op: in, value: [東京都, 大阪府]}
 *             - {field: revenue, op: '>', value: 100000}
 *     compare: [other_segment]        # overlap with other segment cells
 *
 * Values are bound as query parameters, never written into the SQL text; names are quoted identifiers.
 */
export type Operator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'between' | 'in' | 'contains' | 'empty' | 'not_empty' | 'within_days';
export const operators: readonly Operator[] = [
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'between',
  'in',
  'contains',
  'empty',
  'not_empty',
  'within_days',
];

export interface Condition {
  field: string;
  op: Operator;
  value?: unknown;
}
export type Group = { all: RuleNode[] } | { any: RuleNode[] };
export type RuleNode = Condition | Group;

export interface SegmentSpec {
  base: string;
  key: string;
  orders?: { table: string; key: string; date: string; amount?: string };
  tickets?: { table: string; key: string };
  asOf?: string;
  where: Group;
  compare: string[];
}

/** Columns every customer gets from the orders and tickets tables. */
export const aggregateFields = ['order_count', 'revenue', 'last_order_date', 'days_since_last_order', 'ticket_count'] as const;

export function isGroup(node: RuleNode): node is Group {
  return 'all' in node || 'any' in node;
}

export function readSegmentSpec(spec: Record<string, unknown>): SegmentSpec {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const base = text(spec.base);
  const key = text(spec.key);
  if (!base || !key) throw specError('spec.segmentFields');
  const orders = spec.orders as SegmentSpec['orders'] | undefined;
  if (orders && (!text(orders.table) || !text(orders.key) || !text(orders.date))) throw specError('spec.segmentOrders');
  const tickets = spec.tickets as SegmentSpec['tickets'] | undefined;
  if (tickets && (!text(tickets.table) || !text(tickets.key))) throw specError('spec.segmentTickets');
  const asOf = spec.as_of instanceof Date ? spec.as_of.toISOString().slice(0, 10) : text(spec.as_of);
  const where = (spec.where ?? { all: [] }) as Group;
  checkNode(where);
  const compare = Array.isArray(spec.compare) ? spec.compare.map(String) : [];
  return { base, key, orders: orders || undefined, tickets: tickets || undefined, asOf, where, compare };
}

function checkNode(node: RuleNode): void {
  if (isGroup(node)) {
    const children = 'all' in node ? node.all : node.any;
    if (!Array.isArray(children)) throw specError('spec.segmentGroup');
    children.forEach(checkNode);
    return;
  }
  if (typeof node.field !== 'string' || node.field === '') throw specError('spec.segmentField');
  if (!operators.includes(node.op)) throw specError('spec.segmentOperator', { op: String(node.op), operators: operators.join(', ') });
  if (lacksValue(node)) throw specError('spec.segmentValue', { column: node.field });
}

/** A condition whose operator compares with a value it does not have yet (a condition just added), which would not run. */
function lacksValue(node: Condition): boolean {
  if (node.op === 'empty' || node.op === 'not_empty') return false;
  const blank = (value: unknown) => value === undefined || value === null || String(value).trim() === '';
  if (node.op === 'between') return !Array.isArray(node.value) || node.value.length < 2 || node.value.slice(0, 2).some(blank);
  if (node.op === 'in')
    return Array.isArray(node.value)
      ? node.value.every(blank)
      : String(node.value ?? '')
          .split(',')
          .every(blank);
  return Array.isArray(node.value) ? node.value.every(blank) : blank(node.value);
}

/** The customers with their aggregates, as a query. */
function enrichedSql(spec: SegmentSpec): string {
  const joins: string[] = [];
  const columns = ['b.*'];
  if (spec.orders) {
    const o = spec.orders;
    const amount = o.amount ? `sum(${quoteIdent(o.amount)})::DOUBLE` : 'NULL::DOUBLE';
    joins.push(`LEFT JOIN (SELECT ${quoteIdent(o.key)}::VARCHAR AS k, count(*)::INTEGER AS n, ${amount} AS revenue, max(${quoteIdent(o.date)})::DATE AS last_order
      FROM ${quoteIdent(o.table)} GROUP BY 1) o ON o.k = b.${quoteIdent(spec.key)}::VARCHAR`);
    // Without as_of, today from JS: DuckDB-WASM has no current_date without the ICU extension.
    const asOf = sql`DATE ${spec.asOf ?? new Date().toISOString().slice(0, 10)}`;
    columns.push(
      'coalesce(o.n, 0) AS order_count',
      'coalesce(o.revenue, 0) AS revenue',
      'o.last_order AS last_order_date',
      `date_diff('day', o.last_order, ${asOf}) AS days_since_last_order`,
    );
  }
  if (spec.tickets) {
    joins.push(
      `LEFT JOIN (SELECT ${quoteIdent(spec.tickets.key)}::VARCHAR AS k, count(*)::INTEGER AS n FROM ${quoteIdent(spec.tickets.table)} GROUP BY 1) t ON t.k = b.${quoteIdent(spec.key)}::VARCHAR`,
    );
    columns.push('coalesce(t.n, 0) AS ticket_count');
  }
  return `SELECT ${columns.join(', ')} FROM ${quoteIdent(spec.base)} b ${joins.join(' ')}`;
}

function conditionSql(node: RuleNode, params: QueryParam[]): string {
  if (isGroup(node)) {
    const all = 'all' in node;
    const children = (all ? node.all : node.any).map((child) => conditionSql(child, params));
    if (children.length === 0) return all ? 'TRUE' : 'FALSE';
    return `(${children.join(all ? ' AND ' : ' OR ')})`;
  }
  const field = quoteIdent(node.field);
  const bind = (value: unknown): string => {
    params.push(
      typeof value === 'number' || typeof value === 'boolean' ? value : value === null || value === undefined ? null : String(value),
    );
    return '?';
  };
  switch (node.op) {
    case 'empty':
      return `(${field} IS NULL OR trim(${field}::VARCHAR) = '')`;
    case 'not_empty':
      return `(${field} IS NOT NULL AND trim(${field}::VARCHAR) <> '')`;
    case 'contains':
      return `contains(lower(${field}::VARCHAR), lower(${bind(node.value)}))`;
    case 'in': {
      const values = Array.isArray(node.value)
        ? node.value
        : String(node.value ?? '')
            .split(',')
            .map((value) => value.trim())
            .filter(Boolean);
      if (values.length === 0) return 'FALSE';
      return `${field}::VARCHAR IN (${values.map((value) => bind(String(value))).join(', ')})`;
    }
    case 'between': {
      const [low, high] = Array.isArray(node.value) ? node.value : [];
      return `${field} BETWEEN ${bind(low)} AND ${bind(high)}`;
    }
    case 'within_days':
      return `${field} IS NOT NULL AND ${field} <= ${bind(Number(node.value))}`;
    default:
      // DuckDB infers the parameter's type from the column, so dates and numbers compare as such.
      return `${field} ${node.op === '!=' ? '<>' : node.op} ${bind(node.value)}`;
  }
}

export interface CompiledQuery {
  sql: string;
  params: QueryParam[];
}

/** The segment's members as a table named after the cell; with `people`, each member's name and company come first. */
export function segmentSql(spec: SegmentSpec, table: string, people?: PeopleNames): CompiledQuery {
  const params: QueryParam[] = [];
  const where = conditionSql(spec.where, params);
  const members = withPeopleNamesSql(`SELECT * FROM customers WHERE ${where}`, spec.key, people, [{ column: spec.key }]);
  return { sql: `CREATE OR REPLACE TABLE ${quoteIdent(table)} AS\nWITH customers AS (${enrichedSql(spec)})\n${members}`, params };
}

/** The live count while editing: members and all customers. */
export function segmentCountSql(spec: SegmentSpec): CompiledQuery {
  const params: QueryParam[] = [];
  const where = conditionSql(spec.where, params);
  return {
    sql: `WITH customers AS (${enrichedSql(spec)})\nSELECT count(*) FILTER (WHERE ${where})::INTEGER AS members, count(*)::INTEGER AS customers FROM customers`,
    params,
  };
}

/** Columns a condition can use: the base table's plus the aggregates the spec enables. */
export function segmentFields(spec: Partial<SegmentSpec>, baseColumns: readonly string[]): string[] {
  const aggregates = [
    ...(spec.orders ? aggregateFields.filter((field) => field !== 'ticket_count') : []),
    ...(spec.tickets ? ['ticket_count'] : []),
  ];
  return [...aggregates, ...baseColumns];
}
