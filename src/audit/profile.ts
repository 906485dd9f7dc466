import type { Engine } from '../engine/engine.ts';
import { quoteIdent, quoteLiteral } from '../engine/sql.ts';
import { foldDigits, isEmail, isMojibake, isPhone, isPostalCode, parseFoldedDate } from './patterns.ts';
import { num, queryRows, type PlainRow } from '../engine/plain-rows.ts';
import { inCurrentSchema } from '../engine/catalog.ts';

/** A column as DESCRIBE reports it. */
export interface ColumnInfo {
  name: string;
  type: string;
}

export type InferredType = 'empty' | 'boolean' | 'integer' | 'decimal' | 'date' | 'timestamp' | 'text';

/** How many non-blank values match a pattern, and that count over the non-blank values (0–1). */
export interface PatternRate {
  matches: number;
  rate: number;
}

export type PatternName = 'email' | 'phone' | 'postalCode' | 'date';

export interface HistogramBin {
  /** Inclusive lower edge; the last bin also includes its upper edge. */
  lower: number;
  upper: number;
  count: number;
}

export interface ColumnProfile {
  name: string;
  /** The stored DuckDB type. */
  type: string;
  /** For text columns, the narrowest type that at least 95% of the non-blank values parse as; else the stored type's kind. */
  inferredType: InferredType;
  /** Share of non-blank values that parse as the inferred type (1 for typed columns). */
  inferredTypeRate: number;
  nulls: number;
  nullRate: number;
  /** Text values that are empty or only whitespace (including the ideographic space). */
  blanks: number;
  blankRate: number;
  /** Distinct non-null values (exact). */
  distinct: number;
  /** The most frequent non-null values, most frequent first, ties by value. Values over 200 characters are cut (ending in …), here and in values/min/max. */
  top: { value: string; count: number }[];
  /** Every distinct value with its count when there are at most 20 of them (else null). */
  values: { value: string; count: number }[] | null;
  /**
   * Numbers for numeric columns and for text columns inferred as integer or decimal (compared as numbers, over the
   * values that parse), ISO text for dates and timestamps, text (lexicographic) otherwise.
   */
  min: number | string | null;
  max: number | string | null;
  mean: number | null;
  /** Sample standard deviation (n − 1), as pandas and ydata-profiling give it (numeric and numeric-text columns). */
  std: number | null;
  /** Adjusted Fisher–Pearson sample skewness, as pandas' skew() (numeric and numeric-text columns). */
  skewness: number | null;
  /** 5th, 25th, 50th, 75th and 95th percentiles (numeric, numeric-text, date and timestamp columns); see quantileMethod. */
  quantiles: { p05: number | string; p25: number | string; p50: number | string; p75: number | string; p95: number | string } | null;
  /** p75 − p25 (numeric columns). */
  iqr: number | null;
  /**
   * 'exact': linear interpolation between the sorted values, as pandas' quantile (dates: the nearest value below);
   * 'approximate': DuckDB's t-digest sketch, used only on tables too large to sort every column of.
   */
  quantileMethod: 'exact' | 'approximate' | null;
  /** Length in characters of the non-null values (text columns). */
  length: { min: number; avg: number; max: number } | null;
  /** Pattern classes over the non-blank values (text columns; date also for date/timestamp columns). */
  patterns: Record<PatternName, PatternRate>;
  /** Values showing signs of wrong decoding (U+FFFD, 縺/繧/繝, Ã…); see patterns.ts. */
  mojibake: number;
  /** 10 equal-width bins between min and max (numeric columns). */
  histogram: HistogramBin[] | null;
}

export interface DuplicateKeys {
  key: string[];
  /** Key values that occur more than once. */
  duplicateKeys: number;
  /** Rows carrying such a key value. */
  duplicateKeyRows: number;
  /** Rows where a key column is NULL (left out of the count above). */
  nullKeyRows: number;
}

export interface TableProfile {
  table: string;
  rowCount: number;
  /** Rows that repeat an earlier row in every column (a group of 3 identical rows counts 2). */
  duplicateRows: number;
  /** Groups of identical rows. */
  duplicateRowGroups: number;
  /** Columns that are non-null and unique over the whole table. */
  candidateKeys: string[];
  /** Present when a key was given to profileTable. */
  duplicateKeys?: DuplicateKeys;
  columns: ColumnProfile[];
}

type Kind = 'numeric' | 'temporal' | 'boolean' | 'text';

export function columnKind(type: string): Kind {
  const t = type.toUpperCase();
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL)/.test(t))
    return 'numeric';
  if (/^(DATE|TIMESTAMP)/.test(t)) return 'temporal';
  if (t === 'BOOLEAN') return 'boolean';
  return 'text';
}

const quantileLevels = { p05: 0.05, p25: 0.25, p50: 0.5, p75: 0.75, p95: 0.95 } as const;
const listedValues = 20;
const topValues = 5;
const inferThreshold = 0.95;

/** The SQL steps of a profile that need nothing but the table's columns. */
export interface ProfileSql {
  /** One row: the row count, NULL counts and the numeric/temporal aggregates in one pass (aliases c<i>_<metric>). */
  summary: string;
  /**
   * Per column index i: the distinct count d and the top 20 values v with their counts n; for text columns also
   * the text metrics (blanks, lengths, min/max, pattern counts), computed once per distinct value and weighted by
   * its count, which is what makes the profile fast: CRM columns repeat their values.
   */
  values: string;
  /** One row: duplicate row groups and the rows beyond the first of each. */
  duplicateRows: string;
}

/** Text metrics computed over distinct values in the values query, with how each is weighted by the count n. */
const textMetrics = [
  'blanks',
  'len_min',
  'len_avg',
  'len_max',
  'min',
  'max',
  'email',
  'phone',
  'postal',
  'date',
  'integer',
  'decimal',
  'mojibake',
] as const;

/** The text metrics of a column that is not text: typed NULLs, so a batch without any text column still binds. */
const noTextMetrics = textMetrics.map((m) => `NULL::${m === 'min' || m === 'max' ? 'VARCHAR' : 'BIGINT'} AS ${m}`).join(', ');

/**
 * Values (rows × numeric or temporal columns of a batch) up to which quantiles are exact: exact quantiles hold every
 * value in memory, 8 bytes each, so this keeps a batch near 400 MB, well inside the browser tab's 3 GB.
 */
export const exactQuantileValues = 50_000_000;

export function profileSql(table: string, columns: readonly ColumnInfo[], options: { exactQuantiles?: boolean } = {}): ProfileSql {
  const from = quoteIdent(table);
  const aggregates = ['count(*) AS row_count'];
  for (const [i, column] of columns.entries()) aggregates.push(...columnAggregates(i, column, options.exactQuantiles ?? true));
  const grouped = columns.map((column, i) => {
    const c = quoteIdent(column.name);
    const distinctValues = `SELECT CAST(${c} AS VARCHAR) AS v, count(*) AS n FROM ${from} WHERE ${c} IS NOT NULL GROUP BY 1`;
    if (columnKind(column.type) !== 'text') return `SELECT ${i} AS i, v, n, ${noTextMetrics} FROM (${distinctValues})`;
    // f: the value folded and trimmed for the date parse, only for values that can be dates (a digit or an era name first).
    const f = `CASE WHEN regexp_matches(v, '^[ 　]*[0-9０-９令平]') THEN trim(${foldDigits('v')}) END`;
    return `SELECT ${i} AS i, v, n, ${textValueMetrics('v', 'f', 'n')} FROM (SELECT v, n, ${f} AS f FROM (${distinctValues}))`;
  });
  const metricColumns = textMetrics.map((m) =>
    m === 'len_avg'
      ? `sum(len_avg) / sum(n)::DOUBLE AS ${m}`
      : m === 'min' || m === 'max'
        ? `${shortText(`${m}(${m})`)} AS ${m}`
        : m === 'len_min'
          ? `min(${m}) AS ${m}`
          : m === 'len_max'
            ? `max(${m}) AS ${m}`
            : `sum(${m})::BIGINT AS ${m}`,
  );
  const values =
    columns.length === 0
      ? `SELECT NULL::INTEGER AS i, 0 AS d, NULL::VARCHAR AS v, 0 AS n, ${noTextMetrics} WHERE false`
      : `WITH g AS (\n  ${unionAll(grouped)}\n),
ranked AS (SELECT i, count(*) AS d, min_by(v, {'k': -n, 'v': v}, ${listedValues}) AS tv, min_by(n, {'k': -n, 'v': v}, ${listedValues}) AS tn, ${metricColumns.join(', ')} FROM g GROUP BY i)
SELECT i, d, ${shortText('v')} AS v, n, ${textMetrics.join(', ')} FROM (SELECT i, d, unnest(tv) AS v, unnest(tn) AS n, ${textMetrics.join(', ')} FROM ranked) ORDER BY i, n DESC, v`;
  return { summary: `SELECT\n  ${aggregates.join(',\n  ')}\nFROM ${from}`, values, duplicateRows: duplicateRowsSql(table, columns) };
}

/** Values shown in a profile (top values, min, max) longer than this many characters are cut, ending in …. */
export const shownValueLength = 200;

function shortText(expr: string): string {
  return `CASE WHEN length(${expr}) > ${shownValueLength} THEN left(${expr}, ${shownValueLength - 1}) || '…' ELSE ${expr} END`;
}

/**
 * UNION ALL of many SELECTs without a deep parse tree: DuckDB's parser stops at an expression depth of 1000, which a
 * flat chain of 2,000 columns' SELECTs exceeds; chains of at most 64 are nested instead.
 */
function unionAll(selects: readonly string[]): string {
  const chain = 64;
  if (selects.length <= chain) return selects.join('\n  UNION ALL ');
  const groups: string[] = [];
  for (let at = 0; at < selects.length; at += chain) groups.push(`SELECT * FROM (${selects.slice(at, at + chain).join('\n  UNION ALL ')})`);
  return unionAll(groups);
}

/**
 * Per distinct text value v (occurring n times; f = v folded and trimmed): each metric as that value's
 * contribution — a count (n or 0), a length sum for the average, or the value for min/max.
 */
function textValueMetrics(v: string, f: string, n: string): string {
  const counted = (condition: string) => `CASE WHEN ${condition} THEN ${n} ELSE 0 END`;
  // Each check is one regular expression on the raw value where possible: trim() with a character set and
  // TRY_CAST on values that cannot be numbers cost more than the whole GROUP BY.
  const metrics: Record<(typeof textMetrics)[number], string> = {
    blanks: counted(`regexp_full_match(${v}, '[ 　\\t\\n\\r]*')`),
    len_min: `length(${v})`,
    len_avg: `length(${v}) * ${n}`,
    len_max: `length(${v})`,
    min: v,
    max: v,
    email: counted(`contains(${v}, '@') AND ${isEmail(v)}`),
    phone: counted(isPhone(v)),
    postal: counted(isPostalCode(v)),
    date: counted(`${f} IS NOT NULL AND ${parseFoldedDate(f)} IS NOT NULL`),
    // trim() drops spaces only; the cast itself skips ASCII whitespace, and a number starts with a digit, sign, dot, inf or nan.
    integer: counted(`regexp_full_match(${v}, ' *[+-]?[0-9]+ *')`),
    decimal: counted(`regexp_matches(${v}, '^[ \\t\\n\\x0B\\f\\r]*[0-9+.iInN-]') AND TRY_CAST(trim(${v}) AS DOUBLE) IS NOT NULL`),
    mojibake: counted(isMojibake(v)),
  };
  return textMetrics.map((m) => `${metrics[m]} AS ${m}`).join(', ');
}

/**
 * Duplicate rows, exactly: rows are first grouped by a 64-bit hash of all columns (cheap), and only rows whose hash
 * repeats are grouped by their values, so a hash collision can never be counted as a duplicate.
 */
export function duplicateRowsSql(table: string, columns: readonly ColumnInfo[]): string {
  const from = quoteIdent(table);
  if (columns.length === 0) return 'SELECT 0 AS groups, 0 AS extra';
  const all = columns.map((column) => quoteIdent(column.name)).join(', ');
  return `SELECT count(*) AS groups, coalesce(sum(n - 1), 0) AS extra FROM (SELECT count(*) AS n FROM ${from} WHERE hash(${all}) IN (SELECT h FROM (SELECT hash(${all}) AS h FROM ${from}) GROUP BY h HAVING count(*) > 1) GROUP BY ${all} HAVING count(*) > 1)`;
}

function columnAggregates(i: number, column: ColumnInfo, exact: boolean): string[] {
  const c = quoteIdent(column.name);
  const a = (metric: string, expr: string) => `${expr} AS c${i}_${metric}`;
  const kind = columnKind(column.type);
  const out = [a('nulls', `count_if(${c} IS NULL)`)];
  if (kind === 'numeric') out.push(...numberAggregates(`CAST(${c} AS DOUBLE)`, a, exact));
  else if (kind === 'temporal') {
    out.push(a('min', `CAST(min(${c}) AS VARCHAR)`), a('max', `CAST(max(${c}) AS VARCHAR)`));
    const quantile = exact ? 'quantile_disc' : 'approx_quantile';
    for (const [name, level] of Object.entries(quantileLevels)) out.push(a(name, `CAST(${quantile}(${c}, ${level}) AS VARCHAR)`));
  }
  return out;
}

/** min, max, mean, std, skewness and the quantiles of a DOUBLE expression. */
function numberAggregates(x: string, a: (metric: string, expr: string) => string, exact: boolean): string[] {
  // stddev_samp raises an error on infinities ('inf' parses as a number): the moments leave them out.
  const finite = `CASE WHEN isfinite(${x}) THEN ${x} END`;
  const out = [
    a('min', `min(${x})`),
    a('max', `max(${x})`),
    a('mean', `avg(${x})`),
    a('std', `stddev_samp(${finite})`),
    a('skewness', `skewness(${finite})`),
  ];
  for (const [name, level] of Object.entries(quantileLevels))
    out.push(a(name, `${exact ? 'quantile_cont' : 'approx_quantile'}(${x}, ${level})`));
  return out;
}

/**
 * One row of number statistics (aliases c<i>_<metric>) for text columns whose values are numbers (inferred integer
 * or decimal): over the values that parse, so "999.9" no longer tops "8684.8" as it does in text order.
 */
export function numericTextSql(table: string, columns: readonly { index: number; name: string }[], exact: boolean): string {
  const aggregates = columns.flatMap(({ index, name }) =>
    numberAggregates(`TRY_CAST(trim(${quoteIdent(name)}) AS DOUBLE)`, (metric, expr) => `${expr} AS c${index}_${metric}`, exact),
  );
  return `SELECT ${aggregates.join(', ')} FROM ${quoteIdent(table)}`;
}

/** One row: for each given numeric column, the counts of its 10 equal-width bins (aliases h<i>_<bin>). */
export function histogramSql(table: string, ranges: readonly { index: number; name: string; min: number; max: number }[]): string {
  // Each column's bin is computed once (in the subquery), then counted ten times.
  const bins = ranges.map(({ index, name, min, max }) => {
    const c = quoteIdent(name);
    const width = max - min;
    // least() skips NULLs (least(9, NULL) = 9), so NULLs are kept out first.
    const bin =
      width > 0
        ? `CASE WHEN ${c} IS NOT NULL THEN least(9, floor((CAST(${c} AS DOUBLE) - ${min}::DOUBLE) * 10 / ${width}::DOUBLE)) END`
        : `CASE WHEN ${c} IS NOT NULL THEN 0 END`;
    return `${bin} AS b${index}`;
  });
  const counts = ranges.flatMap(({ index }) => Array.from({ length: 10 }, (_, k) => `count_if(b${index} = ${k}) AS h${index}_${k}`));
  return `SELECT ${counts.join(', ')} FROM (SELECT ${bins.join(', ')} FROM ${quoteIdent(table)})`;
}

/** One row: key values that repeat, the rows carrying them and the rows with a NULL key column. */
export function duplicateKeysSql(table: string, key: readonly string[]): string {
  const cols = key.map(quoteIdent);
  const from = quoteIdent(table);
  return `SELECT
  (SELECT count(*) FROM (SELECT count(*) AS n FROM ${from} WHERE ${cols.map((c) => `${c} IS NOT NULL`).join(' AND ')} GROUP BY ${cols.join(', ')} HAVING count(*) > 1)) AS duplicate_keys,
  (SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM ${from} WHERE ${cols.map((c) => `${c} IS NOT NULL`).join(' AND ')} GROUP BY ${cols.join(', ')} HAVING count(*) > 1)) AS duplicate_key_rows,
  (SELECT count(*) FROM ${from} WHERE ${cols.map((c) => `${c} IS NULL`).join(' OR ')}) AS null_key_rows`;
}

/** The table's columns with their DuckDB types. */
export async function describeColumns(engine: Pick<Engine, 'query'>, table: string): Promise<ColumnInfo[]> {
  const rows = await queryRows(
    engine,
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ${quoteLiteral(table)} AND ${inCurrentSchema()} ORDER BY ordinal_position`,
  );
  return rows.map((row) => ({ name: String(row.column_name), type: String(row.data_type) }));
}

/** Columns per batch of summary/values/histogram queries: SQL over thousands of columns at once takes seconds to plan. */
const columnsPerBatch = 100;

/**
 * Profiles every column of a table in a few set-based queries (summary, values, histogram per batch of 100 columns;
 * duplicate rows once; duplicate keys when a key is given).
 */
export async function profileTable(
  engine: Pick<Engine, 'query'>,
  table: string,
  options: { key?: string[]; exactQuantileValues?: number } = {},
): Promise<TableProfile> {
  const columns = await describeColumns(engine, table);
  const [duplicates] = await queryRows(engine, duplicateRowsSql(table, columns));
  const [counted] = await queryRows(engine, `SELECT count(*) AS n FROM ${quoteIdent(table)}`);
  let rowCount = num(counted?.n);
  const profiles: ColumnProfile[] = [];
  for (let start = 0; start < columns.length || start === 0; start += columnsPerBatch) {
    const batch = columns.slice(start, start + columnsPerBatch);
    // Text columns may turn out numeric, so every column counts towards the values an exact batch would hold.
    const exactQuantiles = rowCount * Math.max(1, batch.length) <= (options.exactQuantileValues ?? exactQuantileValues);
    const sql = profileSql(table, batch, { exactQuantiles });
    const [summary] = await queryRows(engine, sql.summary);
    const s = summary!;
    rowCount = num(s.row_count);
    if (batch.length === 0) break;
    const valueRows = await queryRows(engine, sql.values);
    const valuesOf = new Map<number, PlainRow[]>();
    for (const row of valueRows) valuesOf.set(Number(row.i), [...(valuesOf.get(Number(row.i)) ?? []), row]);
    const numericRanges = batch.flatMap((column, index) => {
      const min = s[`c${index}_min`];
      const max = s[`c${index}_max`];
      return columnKind(column.type) === 'numeric' && typeof min === 'number' && typeof max === 'number'
        ? [{ index, name: column.name, min, max }]
        : [];
    });
    const [histogramRow] = numericRanges.length > 0 ? await queryRows(engine, histogramSql(table, numericRanges)) : [undefined];
    const batchProfiles = batch.map((column, index) =>
      columnProfile(
        column,
        index,
        s,
        rowCount,
        valuesOf.get(index) ?? [],
        histogramRow,
        numericRanges.find((r) => r.index === index),
        exactQuantiles,
      ),
    );
    const numericText = batchProfiles.flatMap((profile, index) =>
      columnKind(profile.type) === 'text' && (profile.inferredType === 'integer' || profile.inferredType === 'decimal')
        ? [{ index, name: profile.name }]
        : [],
    );
    if (numericText.length > 0) {
      const [numbers] = await queryRows(engine, numericTextSql(table, numericText, exactQuantiles));
      for (const { index } of numericText) Object.assign(batchProfiles[index]!, numberStatistics(numbers!, index, exactQuantiles));
    }
    profiles.push(...batchProfiles);
  }
  const profile: TableProfile = {
    table,
    rowCount,
    duplicateRows: num(duplicates?.extra),
    duplicateRowGroups: num(duplicates?.groups),
    candidateKeys: profiles.filter((p) => rowCount > 0 && p.nulls === 0 && p.distinct === rowCount).map((p) => p.name),
    columns: profiles,
  };
  if (options.key && options.key.length > 0) {
    const [row] = await queryRows(engine, duplicateKeysSql(table, options.key));
    profile.duplicateKeys = {
      key: options.key,
      duplicateKeys: num(row?.duplicate_keys),
      duplicateKeyRows: num(row?.duplicate_key_rows),
      nullKeyRows: num(row?.null_key_rows),
    };
  }
  return profile;
}

function columnProfile(
  column: ColumnInfo,
  i: number,
  s: PlainRow,
  rowCount: number,
  valueRows: PlainRow[],
  histogramRow: PlainRow | undefined,
  range: { min: number; max: number } | undefined,
  exactQuantiles: boolean,
): ColumnProfile {
  const kind = columnKind(column.type);
  // Numeric and temporal metrics come from the summary row, text metrics from the values rows (each row repeats them).
  const get = (metric: string) => s[`c${i}_${metric}`] ?? valueRows[0]?.[metric] ?? null;
  const nulls = num(get('nulls'));
  const blanks = num(get('blanks'));
  const filled = rowCount - nulls - blanks;
  const rate = (n: number) => (filled > 0 ? n / filled : 0);
  const pattern = (metric: string): PatternRate => ({ matches: num(get(metric)), rate: rate(num(get(metric))) });
  const noMatch = { matches: 0, rate: 0 };
  const patterns: Record<PatternName, PatternRate> =
    kind === 'text'
      ? { email: pattern('email'), phone: pattern('phone'), postalCode: pattern('postal'), date: pattern('date') }
      : {
          email: noMatch,
          phone: noMatch,
          postalCode: noMatch,
          date: kind === 'temporal' ? { matches: filled, rate: filled > 0 ? 1 : 0 } : noMatch,
        };

  let inferredType: InferredType;
  let inferredTypeRate = filled > 0 ? 1 : 0;
  if (filled === 0) inferredType = 'empty';
  else if (kind === 'numeric') inferredType = /^(FLOAT|REAL|DOUBLE|DECIMAL)/i.test(column.type) ? 'decimal' : 'integer';
  else if (kind === 'temporal') inferredType = /^DATE$/i.test(column.type) ? 'date' : 'timestamp';
  else if (kind === 'boolean') inferredType = 'boolean';
  else {
    const candidates: [InferredType, number][] = [
      ['integer', rate(num(get('integer')))],
      ['decimal', rate(num(get('decimal')))],
      ['date', patterns.date.rate],
    ];
    const found = candidates.find(([, r]) => r >= inferThreshold);
    [inferredType, inferredTypeRate] = found ?? ['text', 1];
  }

  const distinct = num(valueRows[0]?.d);
  const counted = valueRows.filter((row) => row.v !== null).map((row) => ({ value: String(row.v), count: num(row.n) }));
  const quantiles =
    kind === 'numeric' || kind === 'temporal'
      ? get('p50') === null
        ? null
        : {
            p05: get('p05') as number | string,
            p25: get('p25') as number | string,
            p50: get('p50') as number | string,
            p75: get('p75') as number | string,
            p95: get('p95') as number | string,
          }
      : null;
  const histogram =
    range && histogramRow
      ? Array.from({ length: 10 }, (_, k) => {
          const width = (range.max - range.min) / 10;
          return {
            lower: range.min + k * width,
            upper: k === 9 ? range.max : range.min + (k + 1) * width,
            count: num(histogramRow[`h${i}_${k}`]),
          };
        })
      : null;
  return {
    name: column.name,
    type: column.type,
    inferredType,
    inferredTypeRate,
    nulls,
    nullRate: rowCount > 0 ? nulls / rowCount : 0,
    blanks,
    blankRate: rowCount > 0 ? blanks / rowCount : 0,
    distinct,
    top: counted.slice(0, topValues),
    values: distinct <= listedValues ? counted : null,
    min: (get('min') as number | string | null) ?? null,
    max: (get('max') as number | string | null) ?? null,
    mean: kind === 'numeric' ? ((get('mean') as number | null) ?? null) : null,
    std: kind === 'numeric' ? nullableNumber(get('std')) : null,
    skewness: kind === 'numeric' ? nullableNumber(get('skewness')) : null,
    quantiles,
    iqr: kind === 'numeric' && quantiles ? Number(quantiles.p75) - Number(quantiles.p25) : null,
    quantileMethod: quantiles ? (exactQuantiles ? 'exact' : 'approximate') : null,
    length:
      kind === 'text' && get('len_min') !== null ? { min: num(get('len_min')), avg: num(get('len_avg')), max: num(get('len_max')) } : null,
    patterns,
    mojibake: num(get('mojibake')),
    histogram,
  };
}

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** The number statistics of a numeric-text column from numericTextSql's row. */
function numberStatistics(row: PlainRow, i: number, exact: boolean): Partial<ColumnProfile> {
  const get = (metric: string) => nullableNumber(row[`c${i}_${metric}`]);
  const p50 = get('p50');
  const quantiles = p50 === null ? null : { p05: get('p05')!, p25: get('p25')!, p50, p75: get('p75')!, p95: get('p95')! };
  return {
    min: get('min'),
    max: get('max'),
    mean: get('mean'),
    std: get('std'),
    skewness: get('skewness'),
    quantiles,
    iqr: quantiles ? quantiles.p75 - quantiles.p25 : null,
    quantileMethod: quantiles ? (exact ? 'exact' : 'approximate') : null,
  };
}
