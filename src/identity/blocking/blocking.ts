/**
 * Blocking compiled to SQL: each rule is an equality join on prepared keys; the rules are unioned and a pair
 * is produced by the first rule that finds it only (later rules exclude pairs an earlier rule already made),
 * so no DISTINCT over millions of pairs is needed. A key value shared by more than `maxBlockSize` records
 * (an empty-ish value, a switchboard number, 佐藤 at 10M rows) makes no pairs in that rule.
 */
import { quoteIdent } from '../../engine/sql.ts';
import type { BlockingRule } from '../model/spec.ts';

export const blockKeysTable = 'identity_block_keys';
export const candidatesTable = 'identity_candidates';

/** One hashed key per rule and record; NULL when a key is missing or its block is too big. */
export function blockKeysSql(input: string, rules: readonly BlockingRule[], maxBlockSize: number): string {
  const keys = rules.map((rule, index) => {
    const columns = rule.keys.map(quoteIdent);
    const present = columns.map((column) => `${column} IS NOT NULL`).join(' AND ');
    return `CASE WHEN ${present} AND count(*) OVER (PARTITION BY ${columns.join(', ')}) <= ${maxBlockSize} THEN hash(${columns.join(', ')}) END AS b${index}`;
  });
  return `CREATE OR REPLACE TABLE ${blockKeysTable} AS SELECT unique_id, source${keys.length ? `, ${keys.join(', ')}` : ''} FROM ${quoteIdent(input)}`;
}

/** Candidate pairs (unique_id_l < unique_id_r) with the index of the rule that found them. */
export function candidatesSql(rules: readonly BlockingRule[], linkOnly: boolean): string {
  if (rules.length === 0) return `CREATE OR REPLACE TABLE ${candidatesTable} (unique_id_l BIGINT, unique_id_r BIGINT, rule INTEGER)`;
  const selects = rules.map((_, index) => {
    const earlier = Array.from({ length: index }, (_, j) => ` AND NOT coalesce(l.b${j} = r.b${j}, false)`).join('');
    return `SELECT l.unique_id AS unique_id_l, r.unique_id AS unique_id_r, ${index} AS rule
      FROM ${blockKeysTable} l JOIN ${blockKeysTable} r ON l.b${index} = r.b${index} AND l.unique_id < r.unique_id${linkOnly ? ' AND l.source <> r.source' : ''}${earlier}`;
  });
  return `CREATE OR REPLACE TABLE ${candidatesTable} AS ${selects.join('\nUNION ALL\n')}`;
}
