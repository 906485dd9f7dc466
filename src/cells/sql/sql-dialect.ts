import { PostgreSQL, SQLDialect, sql, type SQLNamespace } from '@codemirror/lang-sql';
import { HighlightStyle } from '@codemirror/language';
import { tags } from '@lezer/highlight';

/** DuckDB's words that PostgreSQL does not have (https://duckdb.org/docs/sql/introduction). */
const duckdbKeywords =
  'qualify pivot unpivot pivot_longer pivot_wider exclude replace asof positional anti semi columns ' +
  'summarize describe attach detach install load pragma macro sample using union_by_name by name ' +
  'struct map list lambda glob similar try_cast nulls first last materialized recursive returning ' +
  'create or replace view temp temporary if exists export import checkpoint force';

const duckdbFunctions =
  'read_csv read_csv_auto read_parquet read_json read_json_auto read_ndjson read_text read_blob glob ' +
  'parquet_scan parquet_schema parquet_metadata sniff_csv range generate_series unnest ' +
  'strftime strptime date_trunc date_part date_diff date_add epoch epoch_ms make_date make_timestamp today current_date ' +
  'regexp_matches regexp_replace regexp_extract regexp_extract_all regexp_split_to_array string_split string_split_regex ' +
  'split_part concat concat_ws contains starts_with ends_with prefix suffix lower upper trim ltrim rtrim lpad rpad ' +
  'left right length strlen reverse repeat replace translate nfc_normalize strip_accents ' +
  'levenshtein damerau_levenshtein hamming jaccard jaro_similarity jaro_winkler_similarity mismatches ' +
  'list_value list_extract list_contains list_distinct list_sort list_transform list_filter list_aggregate ' +
  'array_agg list string_agg group_concat struct_pack struct_extract map_extract to_json json_extract json_extract_string ' +
  'count count_if countif sum avg mean min max arg_max arg_min max_by min_by first last any_value bool_and bool_or ' +
  'approx_count_distinct approx_quantile quantile quantile_cont quantile_disc median mode stddev variance corr histogram ' +
  'row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value ' +
  'coalesce ifnull nullif greatest least hash md5 sha256 uuid gen_random_uuid random setseed typeof';

const duckdbTypes =
  'tinyint smallint integer int bigint hugeint utinyint usmallint uinteger ubigint uhugeint ' +
  'float real double decimal numeric boolean bool varchar text string blob bytea bit uuid json ' +
  'date time timestamp timestamptz timestamp_s timestamp_ms timestamp_ns interval struct map union enum';

export const duckdbDialect = SQLDialect.define({
  ...PostgreSQL.spec,
  keywords: `${PostgreSQL.spec.keywords ?? ''} ${duckdbKeywords}`,
  builtin: `${PostgreSQL.spec.builtin ?? ''} ${duckdbFunctions}`,
  types: `${PostgreSQL.spec.types ?? ''} ${duckdbTypes}`,
  specialVar: '?',
  // DuckDB matches unquoted names case-insensitively, so completions need not quote "CustomerId".
  caseInsensitiveIdentifiers: true,
});

/** The SQL language with completion of the given tables and their columns. */
export function duckdbSql(schema: Record<string, readonly string[]>): ReturnType<typeof sql> {
  return sql({ dialect: duckdbDialect, schema: schema as SQLNamespace, upperCaseKeywords: false });
}

/** Syntax colours from theme.css, so the editor follows the light and dark themes. */
export const sqlHighlightStyle = HighlightStyle.define([
  { tag: [tags.keyword, tags.operatorKeyword], color: 'var(--syntax-keyword)' },
  { tag: tags.string, color: 'var(--syntax-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--syntax-number)' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: 'var(--syntax-comment)', fontStyle: 'italic' },
  { tag: tags.standard(tags.name), color: 'var(--syntax-function)' },
  { tag: [tags.typeName], color: 'var(--syntax-type)' },
  // Quoted identifiers ("name") and parameters.
  { tag: [tags.special(tags.string), tags.special(tags.name)], color: 'var(--syntax-identifier)' },
  { tag: tags.invalid, color: 'var(--danger)' },
]);
