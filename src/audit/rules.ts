import type { Engine } from '../engine/engine.ts';
import { quoteIdent, quoteLiteral, sql } from '../engine/sql.ts';
import { isEmail, isPhone, isPostalCode, parseDate } from './patterns.ts';
import { shownValueLength, type ColumnProfile, type TableProfile } from './profile.ts';
import { num, queryRows, type PlainRow } from '../engine/plain-rows.ts';

interface ColumnRule {
  table: string;
  column: string;
}

/**
 * A data-quality rule: plain serialisable data, stored in the notebook. Column checks skip NULL and blank values
 * (not_null is the rule that catches those); a value fails when it is present and breaks the rule.
 */
export type Rule =
  | ({ kind: 'not_null' } & ColumnRule)
  | { kind: 'unique'; table: string; columns: string[] }
  | ({ kind: 'accepted_values'; values: string[]; ignoreCase?: boolean } & ColumnRule)
  | ({ kind: 'regex'; pattern: string } & ColumnRule)
  /** Numbers compare as numbers; when min or max is an ISO date text the values are parsed as dates. */
  | ({ kind: 'range'; min?: number | string; max?: number | string } & ColumnRule)
  | ({ kind: 'valid_email' } & ColumnRule)
  | ({ kind: 'valid_phone' } & ColumnRule)
  | ({ kind: 'valid_postal_code' } & ColumnRule)
  | ({ kind: 'references'; refTable: string; refColumn: string } & ColumnRule)
  /** The latest date in the column is at most maxAgeDays before asOf (an ISO date; never the clock). */
  | ({ kind: 'freshness'; asOf: string; maxAgeDays: number } & ColumnRule)
  | { kind: 'row_count'; table: string; min?: number; max?: number; equalsTable?: string };

export type RuleKind = Rule['kind'];

export interface CompiledRule {
  /** The offending rows (for table-level rules: one summary row when the rule fails). */
  failingRowsSql: string;
  /** One row with one column, failing. */
  failingCountSql: string;
  /** For rules on rows: a condition on one row of the table (in a WHERE over it) that holds when that row fails. */
  rowFailsSql?: string;
}

export interface RuleResult {
  rule: Rule;
  passed: boolean;
  failingCount: number;
  /** Up to 5 failing rows. */
  samples: PlainRow[];
  /** Set when the rule could not run (missing table or column); passed is then false. */
  error?: string;
}

const sampleLimit = 5;

export function compileRule(rule: Rule): CompiledRule {
  const from = quoteIdent(rule.table);
  const where = (condition: string): CompiledRule => ({
    failingRowsSql: `SELECT * FROM ${from} WHERE ${condition}`,
    failingCountSql: `SELECT count(*) AS failing FROM ${from} WHERE ${condition}`,
    rowFailsSql: condition,
  });
  const summary = (select: string, failsWhen: string): CompiledRule => ({
    failingRowsSql: `SELECT * FROM (${select}) WHERE ${failsWhen}`,
    failingCountSql: `SELECT count(*) AS failing FROM (${select}) WHERE ${failsWhen}`,
  });
  switch (rule.kind) {
    case 'not_null':
      return where(`${blankOrNull(rule.column)}`);
    case 'unique': {
      const cols = rule.columns.map(quoteIdent);
      const present = cols.map((c) => `${c} IS NOT NULL`).join(' AND ');
      const rows = `SELECT * FROM ${from} WHERE ${present} QUALIFY count(*) OVER (PARTITION BY ${cols.join(', ')}) > 1`;
      const repeated = `SELECT ${cols.join(', ')} FROM ${from} WHERE ${present} GROUP BY ALL HAVING count(*) > 1`;
      return {
        failingRowsSql: rows,
        failingCountSql: `SELECT count(*) AS failing FROM (${rows})`,
        rowFailsSql: `${present} AND (${cols.join(', ')}) IN (${repeated})`,
      };
    }
    case 'accepted_values': {
      const fold = (expr: string) => (rule.ignoreCase ? `lower(${expr})` : expr);
      const list = rule.values.length > 0 ? rule.values.map((v) => fold(quoteLiteral(v))).join(', ') : 'NULL';
      return where(`${present(rule.column)} AND ${fold(text(rule.column))} NOT IN (${list})`);
    }
    case 'regex':
      return where(`${present(rule.column)} AND NOT regexp_full_match(${text(rule.column)}, ${quoteLiteral(rule.pattern)})`);
    case 'range': {
      const isDate = typeof rule.min === 'string' || typeof rule.max === 'string';
      const value = isDate ? parseDate(text(rule.column)) : `TRY_CAST(${quoteIdent(rule.column)} AS DOUBLE)`;
      const bound = (b: number | string) => (isDate ? `CAST(${quoteLiteral(String(b))} AS DATE)` : `${sql`${Number(b)}`}::DOUBLE`);
      const outside = [`${value} IS NULL`];
      if (rule.min !== undefined) outside.push(`${value} < ${bound(rule.min)}`);
      if (rule.max !== undefined) outside.push(`${value} > ${bound(rule.max)}`);
      return where(`${present(rule.column)} AND (${outside.join(' OR ')})`);
    }
    case 'valid_email':
      return where(`${present(rule.column)} AND NOT ${isEmail(text(rule.column))}`);
    case 'valid_phone':
      return where(`${present(rule.column)} AND NOT ${isPhone(text(rule.column))}`);
    case 'valid_postal_code':
      return where(`${present(rule.column)} AND NOT ${isPostalCode(text(rule.column))}`);
    case 'references': {
      const ref = `SELECT CAST(${quoteIdent(rule.refColumn)} AS VARCHAR) FROM ${quoteIdent(rule.refTable)} WHERE ${quoteIdent(rule.refColumn)} IS NOT NULL`;
      return where(`${present(rule.column)} AND ${text(rule.column)} NOT IN (${ref})`);
    }
    case 'freshness': {
      const select = `SELECT max(${parseDate(text(rule.column))}) AS latest, CAST(${quoteLiteral(rule.asOf)} AS DATE) AS as_of, ${sql`${Math.trunc(rule.maxAgeDays)}`} AS max_age_days FROM ${from}`;
      return summary(select, `latest IS NULL OR latest < as_of - max_age_days`);
    }
    case 'row_count': {
      const expected = rule.equalsTable === undefined ? '' : `, (SELECT count(*) FROM ${quoteIdent(rule.equalsTable)}) AS expected_rows`;
      const fails = [];
      if (rule.min !== undefined) fails.push(String(sql`row_count < ${Math.trunc(rule.min)}`));
      if (rule.max !== undefined) fails.push(String(sql`row_count > ${Math.trunc(rule.max)}`));
      if (rule.equalsTable !== undefined) fails.push('row_count <> expected_rows');
      return summary(`SELECT count(*) AS row_count${expected} FROM ${from}`, fails.length > 0 ? fails.join(' OR ') : 'false');
    }
  }
}

function text(column: string): string {
  return `CAST(${quoteIdent(column)} AS VARCHAR)`;
}

function blankOrNull(column: string): string {
  return `coalesce(trim(${text(column)}, ' 　' || chr(9) || chr(10) || chr(13)) = '', true)`;
}

function present(column: string): string {
  return `NOT ${blankOrNull(column)}`;
}

/** Runs each rule (two queries: the count and up to 5 samples); a rule that cannot run is reported, not thrown. */
export async function runRules(engine: Pick<Engine, 'query'>, rules: readonly Rule[]): Promise<RuleResult[]> {
  const results: RuleResult[] = [];
  for (const rule of rules) {
    try {
      const compiled = compileRule(rule);
      const [count] = await queryRows(engine, compiled.failingCountSql);
      const failingCount = num(count?.failing);
      const samples = failingCount > 0 ? await queryRows(engine, `${compiled.failingRowsSql} LIMIT ${sampleLimit}`) : [];
      results.push({ rule, passed: failingCount === 0, failingCount, samples });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      results.push({ rule, passed: false, failingCount: 0, samples: [], error: message });
    }
  }
  return results;
}

const acceptedValuesMax = 10;
const patternThreshold = 0.9;

/** Longest text (in characters) a key column holds; longer values are free text, not keys (a UUID has 36). */
const keyTextLength = 64;

/** Names that say a column identifies something: id, ID, _id, CustomerId, key, No, No., コード, 番号, ＩＤ. */
export function isIdLikeName(name: string): boolean {
  const folded = name.normalize('NFKC');
  if (/コード|番号|ID/.test(folded)) return true;
  const words = folded
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '');
  return words.some((word) => /^(id|key|no|code|uuid|guid)$/i.test(word));
}

/**
 * Whether a candidate key (non-null, fully distinct) is worth a `unique` rule: never a date, timestamp, float or
 * long free text (those are distinct by accident); otherwise an id-like name, an integer or a short text.
 */
export function isKeyLike(column: ColumnProfile): boolean {
  if (
    column.inferredType === 'date' ||
    column.inferredType === 'timestamp' ||
    column.inferredType === 'decimal' ||
    column.inferredType === 'empty'
  )
    return false;
  if (column.patterns.date.rate >= patternThreshold) return false;
  if ((column.length?.max ?? 0) > keyTextLength) return false;
  return isIdLikeName(column.name) || column.inferredType === 'integer' || column.inferredType === 'text';
}

/**
 * Rules a profile suggests, each for the user to accept or reject: not_null for columns without NULLs or blanks,
 * unique for key-like candidate keys (isKeyLike), accepted_values for columns with at most 10 distinct values (and fewer than half the
 * rows), valid_email / valid_phone / valid_postal_code for columns where at least 90% of the values match.
 */
export function suggestRules(profile: TableProfile): Rule[] {
  const table = profile.table;
  const rules: Rule[] = [];
  if (profile.rowCount === 0) return rules;
  for (const column of profile.columns) {
    const on = { table, column: column.name };
    if (column.nulls === 0 && column.blanks === 0) rules.push({ kind: 'not_null', ...on });
    const candidateKey = profile.candidateKeys.includes(column.name);
    if (candidateKey && isKeyLike(column)) rules.push({ kind: 'unique', table, columns: [column.name] });
    else if (
      column.values &&
      column.distinct > 0 &&
      column.distinct <= acceptedValuesMax &&
      (column.length?.max ?? 0) <= shownValueLength &&
      column.distinct * 2 < profile.rowCount &&
      column.inferredType !== 'decimal'
    ) {
      rules.push({
        kind: 'accepted_values',
        ...on,
        values: column.values
          .map((v) => v.value)
          .filter((v) => v.trim() !== '')
          .sort(),
      });
    }
    if (column.patterns.email.rate >= patternThreshold) rules.push({ kind: 'valid_email', ...on });
    else if (column.patterns.phone.rate >= patternThreshold) rules.push({ kind: 'valid_phone', ...on });
    else if (column.patterns.postalCode.rate >= patternThreshold) rules.push({ kind: 'valid_postal_code', ...on });
  }
  return rules;
}
