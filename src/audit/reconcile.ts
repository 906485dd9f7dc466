import type { Engine } from '../engine/engine.ts';
import { quoteIdent, quoteLiteral, sql } from '../engine/sql.ts';
import { nfkcApprox } from './patterns.ts';
import { columnKind, describeColumns } from './profile.ts';
import { num, queryRows, type PlainRow } from '../engine/plain-rows.ts';

/** Tolerances applied before two values are called different. */
export interface Tolerance {
  /** Numeric columns (numeric on both sides): |a − b| ≤ this is equal. */
  numericAbsolute?: number;
  /** Numeric columns: |a − b| ≤ this × max(|a|, |b|) is equal. */
  numericRelative?: number;
  ignoreCase?: boolean;
  /** Trims, collapses runs of whitespace to one space, and treats an empty result as NULL. */
  ignoreWhitespace?: boolean;
  /** Compares after the SQL NFKC approximation in patterns.ts (full-width ASCII, half-width kana, ㈱ …). */
  nfkc?: boolean;
}

/** A source export against its migrated copy, joined on a key. Column names are the source's unless mapped. */
export interface ReconcileSpec {
  source: string;
  target: string;
  key: string[];
  /** Source column → target column, for columns named differently (key columns included). */
  columnMap?: Record<string, string>;
  /** Source columns to compare; default every non-key source column the target has (after mapping). */
  compare?: string[];
  tolerance?: Tolerance;
}

/** A spec with its compared columns decided; `numeric` lists compared columns that are numeric on both sides. */
export interface ResolvedReconcileSpec extends ReconcileSpec {
  compare: string[];
  numeric?: string[];
}

export interface ReconcileSql {
  /** One row: counts, duplicate keys, only-in counts, per-column mismatch counts (mismatch_<i>), checksums and numeric max differences. */
  summary: string;
  /** Up to 5 mismatching pairs per compared column i: keys k<j>, source_value, target_value. */
  mismatchSamples: string;
  onlyInSource: string;
  onlyInTarget: string;
  duplicateSourceKeys: string;
  duplicateTargetKeys: string;
  /** Every differing cell of the matched pairs, one row each: the key columns (source names), `column`, `source_value`, `target_value`. */
  allMismatches: string;
  /** Every row (all its columns) whose key is absent on the other side. */
  allOnlyInSource: string;
  allOnlyInTarget: string;
}

export interface SideSummary {
  rows: number;
  /** Rows where a key column is NULL: they cannot be joined and are left out of every other count. */
  nullKeyRows: number;
  /** Key values occurring more than once, the rows carrying them and the first 10 such keys (most rows first) with their row counts (`rows`). */
  duplicateKeys: { keys: number; rows: number; samples: PlainRow[] };
  /** Rows whose key is absent on the other side, and the first 10 of them by key: their key columns and up to 4 compared columns. */
  only: { rows: number; samples: PlainRow[] };
}

export interface ColumnReconciliation {
  source: string;
  target: string;
  mismatches: number;
  samples: { key: PlainRow; source: string | null; target: string | null }[];
  /** sum(hash(value as text)) over the matched pairs on each side; equal checksums mean the pairs hold equal multisets of values. */
  checksum: { source: string; target: string; equal: boolean };
  /** max(|source − target|) over the matched pairs, for a column numeric on both sides (null when no pair has two values); absent otherwise. */
  maxDifference?: number | null;
}

export interface ReconcileResult {
  spec: ResolvedReconcileSpec;
  source: SideSummary;
  target: SideSummary;
  /** Key values present exactly once on both sides: the pairs whose columns are compared. */
  matchedRows: number;
  columns: ColumnReconciliation[];
}

const sampleLimit = 5;
/** Rows only on one side and repeated keys are listed up to this many; the rest are counted ("and K more"). */
export const listedRows = 10;
/** Compared columns shown beside the key of a row only on one side. */
const listedColumns = 4;

/** What a compared column's row in the reconciliation says: its values match, or they differ and how the checksums compare. */
export type ColumnAgreement = 'match' | 'differ-checksum-equal' | 'differ-checksum-different';

/**
 * The checksum is over the matched pairs only, so rows only on one side leave it alone. Values that differ under
 * equal checksums are the same values under other keys (rows shifted or keys swapped); under different checksums
 * they are changed values.
 */
export function columnAgreement(column: Pick<ColumnReconciliation, 'mismatches' | 'checksum'>): ColumnAgreement {
  if (column.mismatches === 0) return 'match';
  return column.checksum.equal ? 'differ-checksum-equal' : 'differ-checksum-different';
}

/** How many of `total` a list of `listed` leaves out (the "and K more"). */
export function notListed(total: number, listed: number): number {
  return Math.max(0, total - listed);
}

export function reconcileSql(spec: ResolvedReconcileSpec): ReconcileSql {
  const targetName = (column: string) => spec.columnMap?.[column] ?? column;
  const keys = spec.key.map((_, j) => `k${j}`);
  const keyList = keys.join(', ');
  const side = (table: string, name: (c: string) => string) =>
    `SELECT ${[
      ...spec.key.map((c, j) => `CAST(${quoteIdent(name(c))} AS VARCHAR) AS k${j}`),
      ...spec.compare.map((c, i) => `${quoteIdent(name(c))} AS c${i}`),
    ].join(', ')} FROM ${quoteIdent(table)}`;
  const keyPresent = keys.map((k) => `${k} IS NOT NULL`).join(' AND ');
  const ctes = `WITH s AS (${side(spec.source, (c) => c)}),
t AS (${side(spec.target, targetName)}),
sk AS (SELECT ${keyList}, count(*) AS n FROM s WHERE ${keyPresent} GROUP BY ${keyList}),
tk AS (SELECT ${keyList}, count(*) AS n FROM t WHERE ${keyPresent} GROUP BY ${keyList}),
pairs AS (
  SELECT ${keys.map((k) => `s.${k}`).join(', ')}${spec.compare.map((_, i) => `, s.c${i} AS s${i}, t.c${i} AS t${i}`).join('')}
  FROM s JOIN sk USING (${keyList}) JOIN t USING (${keyList}) JOIN tk USING (${keyList})
  WHERE sk.n = 1 AND tk.n = 1
)`;
  const isNumeric = (c: string) => spec.numeric?.includes(c) ?? false;
  const equal = spec.compare.map((c, i) => equalExpr(`s${i}`, `t${i}`, isNumeric(c), spec.tolerance ?? {}));
  const checksum = (column: string) => `CAST(sum(hash(CAST(${column} AS VARCHAR))) AS VARCHAR)`;
  const maxDifference = (i: number) => `max(abs(CAST(s${i} AS DOUBLE) - CAST(t${i} AS DOUBLE)))`;
  const sideStats = (alias: string, prefix: string) =>
    `(SELECT count(*) AS ${prefix}_rows, count_if(NOT (${keyPresent})) AS ${prefix}_null_key_rows FROM ${alias})`;
  const keyStats = (alias: string, prefix: string) =>
    `(SELECT count_if(n > 1) AS ${prefix}_duplicate_keys, coalesce(sum(n) FILTER (WHERE n > 1), 0) AS ${prefix}_duplicate_key_rows FROM ${alias})`;
  const only = (from: string, other: string, prefix: string) =>
    `(SELECT coalesce(sum(n), 0) AS only_in_${prefix}_rows FROM ${from} WHERE NOT EXISTS (SELECT 1 FROM ${other} WHERE ${keys.map((k) => `${other}.${k} = ${from}.${k}`).join(' AND ')}))`;
  const perColumn = spec.compare.map((c, i) =>
    [
      `count_if(NOT (${equal[i]})) AS mismatch_${i}`,
      `${checksum(`s${i}`)} AS source_checksum_${i}`,
      `${checksum(`t${i}`)} AS target_checksum_${i}`,
      ...(isNumeric(c) ? [`${maxDifference(i)} AS max_difference_${i}`] : []),
    ].join(', '),
  );
  const compared = `(SELECT count(*) AS matched_rows${perColumn.map((columns) => `, ${columns}`).join('')} FROM pairs)`;
  const summary = `${ctes}
SELECT * FROM ${sideStats('s', 'source')}
CROSS JOIN ${sideStats('t', 'target')}
CROSS JOIN ${keyStats('sk', 'source')}
CROSS JOIN ${keyStats('tk', 'target')}
CROSS JOIN ${only('sk', 'tk', 'source')}
CROSS JOIN ${only('tk', 'sk', 'target')}
CROSS JOIN ${compared}`;

  const mismatchSamples =
    spec.compare.length === 0
      ? `SELECT NULL::INTEGER AS i WHERE false`
      : `${ctes}
SELECT * FROM (
  ${equal.map((eq, i) => `SELECT ${i} AS i, ${keyList}, CAST(s${i} AS VARCHAR) AS source_value, CAST(t${i} AS VARCHAR) AS target_value FROM pairs WHERE NOT (${eq})`).join('\n  UNION ALL ')}
) QUALIFY row_number() OVER (PARTITION BY i ORDER BY ${keyList}) <= ${sampleLimit}
ORDER BY i, ${keyList}`;

  const allMismatches =
    spec.compare.length === 0
      ? `SELECT ${[...spec.key.map((c) => `NULL::VARCHAR AS ${quoteIdent(c)}`), 'NULL::VARCHAR AS "column"', 'NULL::VARCHAR AS source_value', 'NULL::VARCHAR AS target_value'].join(', ')} WHERE false`
      : `${ctes}
SELECT ${[...spec.key.map((c, j) => `k${j} AS ${quoteIdent(c)}`), '"column"', 'source_value', 'target_value'].join(', ')} FROM (
  ${equal.map((eq, i) => `SELECT ${i} AS i, ${keyList}, ${quoteLiteral(spec.compare[i]!)} AS "column", CAST(s${i} AS VARCHAR) AS source_value, CAST(t${i} AS VARCHAR) AS target_value FROM pairs WHERE NOT (${eq})`).join('\n  UNION ALL ')}
)
ORDER BY ${keyList}, i`;

  const onlyRows = (table: string, name: (c: string) => string, other: string, all = false) => {
    const otherKeys = `SELECT ${spec.key.map((c, j) => `CAST(${quoteIdent(other === spec.target ? targetName(c) : c)} AS VARCHAR) AS k${j}`).join(', ')} FROM ${quoteIdent(other)}`;
    const match = spec.key.map((c, j) => `o.k${j} = CAST(r.${quoteIdent(name(c))} AS VARCHAR)`).join(' AND ');
    const present = spec.key.map((c) => `r.${quoteIdent(name(c))} IS NOT NULL`).join(' AND ');
    const shown = [...spec.key, ...spec.compare.slice(0, listedColumns)].map((c) => `r.${quoteIdent(name(c))}`).join(', ');
    return `SELECT ${all ? 'r.*' : shown} FROM ${quoteIdent(table)} AS r WHERE ${present} AND NOT EXISTS (SELECT 1 FROM (${otherKeys}) AS o WHERE ${match}) ORDER BY ${spec.key.map((c) => `r.${quoteIdent(name(c))}`).join(', ')}${all ? '' : ` LIMIT ${listedRows}`}`;
  };
  const duplicates = (cte: string) =>
    `${ctes}\nSELECT ${keyList}, n FROM ${cte} WHERE n > 1 ORDER BY n DESC, ${keyList} LIMIT ${listedRows}`;
  return {
    summary,
    mismatchSamples,
    onlyInSource: onlyRows(spec.source, (c) => c, spec.target),
    onlyInTarget: onlyRows(spec.target, targetName, spec.source),
    duplicateSourceKeys: duplicates('sk'),
    duplicateTargetKeys: duplicates('tk'),
    allMismatches,
    allOnlyInSource: onlyRows(spec.source, (c) => c, spec.target, true),
    allOnlyInTarget: onlyRows(spec.target, targetName, spec.source, true),
  };
}

function equalExpr(a: string, b: string, numeric: boolean, tolerance: Tolerance): string {
  if (numeric) {
    const x = `CAST(${a} AS DOUBLE)`;
    const y = `CAST(${b} AS DOUBLE)`;
    const within = [`${x} = ${y}`];
    if (tolerance.numericAbsolute !== undefined) within.push(`abs(${x} - ${y}) <= ${sql`${Number(tolerance.numericAbsolute)}`}::DOUBLE`);
    if (tolerance.numericRelative !== undefined)
      within.push(`abs(${x} - ${y}) <= ${sql`${Number(tolerance.numericRelative)}`}::DOUBLE * greatest(abs(${x}), abs(${y}))`);
    return `coalesce(${within.join(' OR ')}, ${a} IS NULL AND ${b} IS NULL)`;
  }
  return `(${normalise(a, tolerance)}) IS NOT DISTINCT FROM (${normalise(b, tolerance)})`;
}

function normalise(value: string, tolerance: Tolerance): string {
  let v = `CAST(${value} AS VARCHAR)`;
  if (tolerance.nfkc) v = nfkcApprox(v);
  if (tolerance.ignoreWhitespace)
    v = `nullif(regexp_replace(regexp_replace(${v}, '^[\\s\\x{3000}]+|[\\s\\x{3000}]+$', '', 'g'), '[\\s\\x{3000}]+', ' ', 'g'), '')`;
  if (tolerance.ignoreCase) v = `lower(${v})`;
  return v;
}

/** Fills in the compared columns (every non-key source column the target has) and which of them are numeric on both sides. */
export async function resolveReconcileSpec(engine: Pick<Engine, 'query'>, spec: ReconcileSpec): Promise<ResolvedReconcileSpec> {
  const source = await describeColumns(engine, spec.source);
  const target = await describeColumns(engine, spec.target);
  const targetName = (column: string) => spec.columnMap?.[column] ?? column;
  const targetType = new Map(target.map((c) => [c.name, c.type]));
  const compare = spec.compare ?? source.map((c) => c.name).filter((c) => !spec.key.includes(c) && targetType.has(targetName(c)));
  const numeric = compare.filter((c) => {
    const sourceType = source.find((s) => s.name === c)?.type;
    const otherType = targetType.get(targetName(c));
    return (
      sourceType !== undefined && otherType !== undefined && columnKind(sourceType) === 'numeric' && columnKind(otherType) === 'numeric'
    );
  });
  return { ...spec, compare, numeric };
}

/** Reconciles source against target: six queries, each one pass over the compared columns. */
export async function reconcile(engine: Pick<Engine, 'query'>, spec: ReconcileSpec): Promise<ReconcileResult> {
  const resolved = await resolveReconcileSpec(engine, spec);
  const queries = reconcileSql(resolved);
  const [summary] = await queryRows(engine, queries.summary);
  const s = summary!;
  const mismatchRows = await queryRows(engine, queries.mismatchSamples);
  const keyObject = (row: PlainRow) => Object.fromEntries(resolved.key.map((name, j) => [name, row[`k${j}`] ?? null]));
  const keySamples = async (query: string) => (await queryRows(engine, query)).map((row) => ({ ...keyObject(row), rows: row.n ?? 0 }));
  const sideSummary = async (prefix: 'source' | 'target', onlySql: string, duplicatesSql: string): Promise<SideSummary> => ({
    rows: num(s[`${prefix}_rows`]),
    nullKeyRows: num(s[`${prefix}_null_key_rows`]),
    duplicateKeys: {
      keys: num(s[`${prefix}_duplicate_keys`]),
      rows: num(s[`${prefix}_duplicate_key_rows`]),
      samples: num(s[`${prefix}_duplicate_keys`]) > 0 ? await keySamples(duplicatesSql) : [],
    },
    only: {
      rows: num(s[`only_in_${prefix}_rows`]),
      samples: num(s[`only_in_${prefix}_rows`]) > 0 ? await queryRows(engine, onlySql) : [],
    },
  });
  return {
    spec: resolved,
    source: await sideSummary('source', queries.onlyInSource, queries.duplicateSourceKeys),
    target: await sideSummary('target', queries.onlyInTarget, queries.duplicateTargetKeys),
    matchedRows: num(s.matched_rows),
    columns: resolved.compare.map((column, i) => {
      const sourceChecksum = String(s[`source_checksum_${i}`] ?? '0');
      const targetChecksum = String(s[`target_checksum_${i}`] ?? '0');
      return {
        source: column,
        target: resolved.columnMap?.[column] ?? column,
        mismatches: num(s[`mismatch_${i}`]),
        samples: mismatchRows
          .filter((row) => row.i === i)
          .map((row) => ({ key: keyObject(row), source: row.source_value as string | null, target: row.target_value as string | null })),
        checksum: { source: sourceChecksum, target: targetChecksum, equal: sourceChecksum === targetChecksum },
        ...(resolved.numeric?.includes(column)
          ? {
              maxDifference:
                s[`max_difference_${i}`] === null || s[`max_difference_${i}`] === undefined ? null : num(s[`max_difference_${i}`]),
            }
          : {}),
      };
    }),
  };
}
