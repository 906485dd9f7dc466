/**
 * The prepare step: reads each source's mapped columns in batches, computes comparison keys with the
 * normalisers in JS, and writes one table `identity_input` (one row per input record, every source).
 *
 * Rows cross the engine boundary as one delimited text per batch in each direction: DuckDB joins a batch
 * into a single string (one decode in JS), and the keys go back as unit-separator text read by `read_csv`.
 * Measured on 100k records × 35 columns: apache-arrow's `vectorFromArray` took 6.5 s and the native
 * appender behind `insertArrow` 1.5 s, the text route 0.5 s.
 */
import { tableFromIPC } from 'apache-arrow';
import type { Engine } from '../../engine/engine.ts';
import { KuraError } from '../../engine/engine.ts';
import { quoteIdent, quoteLiteral } from '../../engine/sql.ts';
import type { JobContext } from '../../jobs/job.ts';
import { proposeMapping } from '../../ingest/mapping/propose.ts';
import type { IdentitySource } from '../model/spec.ts';
import { inputFields, keyColumns } from './keys.ts';
import { gramInputColumn, gramParts, inlineKeyer, NULL, RECORD, UNIT, type BatchKeyer } from './batch.ts';
import { gramColumns } from '../compare/compare.ts';
import { identityError } from '../identity-error.ts';
import { inferReadings, nameDerivedKeys } from './readings.ts';

export const inputTable = 'identity_input';
/** Blocking keys derived in SQL from the prepared keys (see `derivedKeys`). */
export const derivedKeyColumns = ['given_prefix', 'family_prefix', 'initials_birth_year', 'postal_district'];
const batchRows = 25_000;

/**
 * A job context that may bring its own batch keyer: the command line passes one that spreads the batches over
 * `worker_threads` (src/cli/parallel-keys.ts) with `inFlight` batches under way at once; the default runs inline.
 */
export interface PrepareContext extends JobContext {
  /** `release` is called once every batch is keyed (the workers and their memos can go before the SQL steps). */
  keyer?: { keyBatch: BatchKeyer; inFlight: number; release?: () => Promise<void> };
}

export interface PreparedSource {
  name: string;
  table: string;
  rows: number;
  /** The mapping used (given or proposed). */
  mapping: Record<string, string>;
  extras: string[];
}

export interface PrepareResult {
  sources: PreparedSource[];
  records: number;
  /** Extra columns, as `x_<name>` in identity_input. */
  extras: string[];
  /** Key columns with at least one value, so the proposed model uses only what the data has. */
  presentColumns: string[];
  /** Approximate distinct values / records, per present column. */
  distinctShare: Record<string, number>;
}

/** Column names (DESCRIBE) of a table or view. */
export async function tableColumns(engine: Engine, table: string): Promise<string[]> {
  const result = tableFromIPC(await engine.query(`SELECT column_name FROM (DESCRIBE ${quoteIdent(table)})`));
  return result.toArray().map((row) => String(row.column_name));
}

/** The mapping a source uses: its own, else the best preset proposal for its headers. */
export async function sourceMappingFor(engine: Engine, source: IdentitySource): Promise<Record<string, string>> {
  const headers = await tableColumns(engine, source.table).catch(() => {
    throw identityError('identity.noTable', { table: source.table });
  });
  const mapping = source.mapping ?? (proposeMapping(headers).mapping as Record<string, string>);
  for (const column of [...Object.values(mapping), ...Object.values(source.extras ?? {})]) {
    if (!headers.includes(column)) throw identityError('identity.noColumn', { table: source.table, column });
  }
  return mapping;
}

/**
 * Reads every source and writes `identity_input`, or `target.table` with unique ids from `target.firstId` (new
 * records to attach to an earlier match, incremental/); readings of kanji names are then learnt from those records
 * and the ones in `target.readingsAlsoFrom` (the matched records).
 */
export async function prepareIdentityInput(
  engine: Engine,
  sources: readonly IdentitySource[],
  context: PrepareContext,
  target: { table: string; firstId: number; readingsAlsoFrom?: string } = { table: inputTable, firstId: 0 },
): Promise<PrepareResult> {
  if (sources.length === 0) throw identityError('identity.noSources');
  const names = new Set<string>();
  for (const source of sources) {
    if (names.has(source.name)) throw identityError('identity.sameName', { name: source.name });
    names.add(source.name);
  }
  const extras = [...new Set(sources.flatMap((source) => Object.keys(source.extras ?? {})))].map(extraColumn);
  const gramInputs = gramColumns.flatMap((column) => gramParts.map((part) => gramInputColumn(column, part)));
  const columns = ['source', 'row', 'unique_id', ...keyColumns, ...extras, ...gramInputs];
  const typeOf = (column: string) =>
    column === 'row' || column === 'unique_id' || /__(glen|gextra)$/.test(column)
      ? 'BIGINT'
      : column.endsWith('__wide')
        ? 'BOOLEAN'
        : /__mask_(hi|lo)$/.test(column)
          ? 'UBIGINT'
          : 'VARCHAR';

  const prepared: PreparedSource[] = [];
  const totals = await Promise.all(sources.map((source) => rowCount(engine, source.table)));
  const total = totals.reduce((sum, n) => sum + n, 0);
  const keyBatch = context.keyer?.keyBatch ?? inlineKeyer();
  const inFlight = Math.max(1, context.keyer?.inFlight ?? 1);
  // Batches are read in order and keyed (inline, or several at once in worker threads); each batch's lines become
  // one registered text file, and identity_input is built from all of them by one read_csv.
  const files: { name: string; path: string }[] = [];
  const pending: Promise<void>[] = [];
  let done = 0;
  let offset = target.firstId;
  try {
    for (const [index, source] of sources.entries()) {
      const mapping = await sourceMappingFor(engine, source);
      const fields = inputFields.filter((field) => mapping[field] !== undefined);
      const extraNames = Object.keys(source.extras ?? {});
      const selected = [...fields.map((field) => mapping[field]!), ...extraNames.map((name) => source.extras![name]!)];
      const rows = totals[index]!;
      for (let start = 0; start < rows; start += batchRows) {
        if (context.signal.aborted) throw new KuraError('Matching was cancelled.', 'cancelled');
        const text = await readBatch(engine, source.table, selected, start, start + batchRows);
        const size = Math.min(batchRows, rows - start);
        const file = { name: `kura-identity-${index}_${start}-${Math.random().toString(36).slice(2, 8)}.txt`, path: '' };
        files.push(file);
        const batch = {
          source: source.name,
          phoneRegion: source.phoneRegion ?? null,
          fields,
          sourceExtras: extraNames.map(extraColumn),
          extras,
          firstRow: start + 1,
          firstId: offset + start,
          rows: size,
          text,
        };
        const keyed = keyBatch(batch).then(async (lines) => {
          file.path = await engine.registerFile(file.name, typeof lines === 'string' ? new TextEncoder().encode(lines) : lines);
          done += size;
          context.progress({ phase: 'progress.identity.prepare', done, total });
        });
        keyed.catch(() => {}); // awaited below; a failure must not surface as an unhandled rejection first
        pending.push(keyed);
        if (pending.length >= inFlight) await pending.shift();
      }
      prepared.push({ name: source.name, table: source.table, rows, mapping, extras: extraNames });
      offset += rows;
    }
    await Promise.all(pending);
    await context.keyer?.release?.();
  } catch (error) {
    await Promise.allSettled(pending);
    await dropFiles(engine, files);
    throw error;
  }
  const types = columns.map((column) => `${quoteLiteral(column)}: ${quoteLiteral(typeOf(column))}`).join(', ');
  const keyed = files.length
    ? `read_csv([${files.map((file) => quoteLiteral(file.path)).join(', ')}], delim=${quoteLiteral(UNIT)}, quote='', escape='', header=false, auto_detect=false, new_line='\\n', columns={${types}})`
    : `(SELECT ${columns.map((column) => `NULL::${typeOf(column)} AS ${quoteIdent(column)}`).join(', ')} WHERE false)`;

  await engine.exec(identityInputSql(keyed, target.table)).finally(() => dropFiles(engine, files));
  await inferReadings(engine, target.table, target.readingsAlsoFrom);
  const all = [...keyColumns, ...derivedKeyColumns, ...extras];
  const present = tableFromIPC(
    await engine.query(
      `SELECT ${all.map((c, i) => `count(${quoteIdent(c)}) AS n${i}, approx_count_distinct(${quoteIdent(c)}) AS d${i}`).join(', ')} FROM ${target.table}`,
    ),
  )
    .get(0)!
    .toJSON();
  const presentColumns = all.filter((_, i) => Number(present[`n${i}`]) > 0);
  const distinctShare = Object.fromEntries(all.map((c, i) => [c, total ? Number(present[`d${i}`]) / total : 0]));
  return { sources: prepared, records: total, extras, presentColumns, distinctShare };
}

/**
 * identity_input from the keyed rows (`from`: a table or table function with source, row, unique_id, the key
 * columns and the extras): SQL-derived blocking keys, character bigrams with their signatures, completeness.
 */
export function identityInputSql(from: string, table = inputTable): string {
  // Robust blocking keys for heavily corrupted records (as Splink blocks historical_50k): name prefixes, the
  // postal district (a Japanese code's first three digits; a UK postcode without its inward part) and
  // initials with the birth year.
  const derivedKeys = [
    ...nameDerivedKeys.map(([name, expression]) => `${expression} AS ${name}`),
    `CASE WHEN regexp_full_match(postal, '[0-9]{7}') THEN left(postal, 3) WHEN length(postal) >= 5 THEN left(postal, length(postal) - 3) END AS postal_district`,
  ].join(',\n      ');
  // Character bigrams for code-point-aware similarity (DuckDB's jaro_winkler and levenshtein count UTF-8 bytes),
  // computed with the keys in JS (batch.ts `gramText`, where the cores are): per column the distinct bigrams, whether
  // the text is wide (non-ASCII), and a 64-bit signature (one bit per bigram) with the number of bigrams that
  // collided in it: a cheap upper bound of the shared bigrams, so the exact list intersection runs only for pairs
  // that could pass. (In SQL, list lambdas over 1M records took ~8 s of the 2 cores.)
  const part = (column: string, name: (typeof gramParts)[number]) => quoteIdent(gramInputColumn(column, name));
  const grams = gramColumns.map((column) => `string_split(${part(column, 'grams')}, chr(3)) AS ${column}_grams`).join(',\n      ');
  const signatures = gramColumns
    .map(
      (column) =>
        `${part(column, 'wide')} AS ${column}_wide, (${part(column, 'mask_hi')} << 32) | ${part(column, 'mask_lo')} AS ${column}_gmask`,
    )
    .join(',\n      ');
  const gramStats = gramColumns
    .map((column) => `${part(column, 'glen')} AS ${column}_glen, ${part(column, 'gextra')} AS ${column}_gextra`)
    .join(', ');
  const gramInputs = gramColumns.flatMap((column) => gramParts.map((name) => part(column, name)));
  const completeness = keyColumns
    .filter(
      (c) =>
        ![
          'name',
          'recency',
          'created',
          'email_display',
          'phone_display',
          'mobile_display',
          'postal_display',
          'address',
          'company',
          'city',
          'region',
          'country',
        ].includes(c),
    )
    .map((c) => `(${quoteIdent(c)} IS NOT NULL)::INTEGER`)
    .join(' + ');
  // No ORDER BY: the batch files are read in order (unique_id order), and sorting 1M wide rows took seconds.
  return `CREATE OR REPLACE TABLE ${table} AS
    SELECT * EXCLUDE (${gramInputs.join(', ')}) REPLACE (TRY_CAST(recency AS TIMESTAMP) AS recency, TRY_CAST(created AS TIMESTAMP) AS created),
      TRY_CAST(birth_date AS DATE) AS birth_day,
      ${derivedKeys},
      ${grams},
      (${completeness}) AS completeness,
      ${signatures},
      ${gramStats}
    FROM ${from}`;
}

/**
 * The source name and 1-based row of a record from its unique_id alone (ids are handed out in source order, row by
 * row: a source's ids run from the rows before it), so the pairs need no join back to identity_input for them.
 */
export function sourceRowSql(sources: readonly PreparedSource[], id: string): { source: string; row: string } {
  let offset = 0;
  const starts = sources.map((source) => {
    const start = { name: source.name, offset };
    offset += source.rows;
    return start;
  });
  // Last source first: an empty source shares its offset with the next one.
  const latest = [...starts].reverse();
  return {
    source: `CASE ${latest.map((start) => `WHEN ${id} >= ${start.offset} THEN ${quoteLiteral(start.name)}`).join(' ')} END`,
    row: `${id} - CASE ${latest.map((start) => `WHEN ${id} >= ${start.offset} THEN ${start.offset - 1}`).join(' ')} END`,
  };
}

export function extraColumn(name: string): string {
  return `x_${name.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
}

async function rowCount(engine: Engine, table: string): Promise<number> {
  try {
    return Number(tableFromIPC(await engine.query(`SELECT count(*) AS n FROM ${quoteIdent(table)}`)).get(0)?.n ?? 0);
  } catch {
    throw identityError('identity.noTable', { table });
  }
}

/** Rows [from, to) of a table in file order, every column as text, joined into one string (see batch.ts). */
async function readBatch(engine: Engine, table: string, columns: readonly string[], from: number, to: number): Promise<string> {
  if (columns.length === 0) {
    const n = Number(
      tableFromIPC(await engine.query(`SELECT count(*) AS n FROM ${quoteIdent(table)} WHERE rowid >= ${from} AND rowid < ${to}`)).get(0)
        ?.n ?? 0,
    );
    return new Array(n).fill('').join(RECORD);
  }
  const joined = columns
    .map((column) => `coalesce(CAST(${quoteIdent(column)} AS VARCHAR), ${quoteLiteral(NULL)})`)
    .join(` || ${quoteLiteral(UNIT)} || `);
  const result = tableFromIPC(
    await engine.query(
      `SELECT string_agg(${joined}, ${quoteLiteral(RECORD)} ORDER BY rowid) AS batch FROM ${quoteIdent(table)} WHERE rowid >= ${from} AND rowid < ${to}`,
    ),
  );
  return (result.get(0)?.batch as string | null | undefined) ?? '';
}

async function dropFiles(engine: Engine, files: readonly { name: string; path: string }[]): Promise<void> {
  for (const file of files) if (file.path) await engine.dropFile(file.name).catch(() => {});
}
