/**
 * A second look for the records the first pass left without a match. Blocking keeps a rule's pairs within a budget,
 * so a record whose name and place are both mistyped (edmund nprcott, born 1800-01-07, against edmund norcott, born
 * 1800-01-01) meets none of its person's records. After scoring, each record with no pair at or above the threshold
 * is paired, on looser keys, with the records sharing a rare value of them: its birth date alone, a name part with
 * its birth year, its city or postal district with its birth year or a name part, a name part alone. Only blocks of
 * at most `maxBlockRecords` records count, so a common value (john, 1850, london) pairs nobody. The pairs are compared
 * and scored with the model trained on the first pass; clustering then decides, as for any pair.
 */
import { quoteIdent, sql } from '../../engine/sql.ts';
import { keySql } from './blocking.ts';

export const rescueCandidatesTable = 'identity_rescue_candidates';
const unlinkedTable = 'identity_unlinked';

/** A record left without a match is compared with at most this many records, those sharing its rarest values first. */
export const rescueMaxPairsPerRecord = 5;

/** Records sharing a looser key's value with more records than this are not paired on it. */
export const rescueMaxBlockRecords = 20;

const birthYear = `left(${keySql('birth_date')}, 4)`;

/** The looser keys, each a list of key columns (or derived keys) and SQL over them, used where their columns exist. */
const rescueKeys: readonly { columns: string[]; sql: string }[] = [
  { columns: ['birth_date'], sql: keySql('birth_date') },
  { columns: ['given_key', 'birth_date'], sql: `${keySql('given_key')} || '|' || ${birthYear}` },
  { columns: ['family_key', 'birth_date'], sql: `${keySql('family_any')} || '|' || ${birthYear}` },
  { columns: ['city_key', 'birth_date'], sql: `${keySql('city_key')} || '|' || ${birthYear}` },
  { columns: ['postal_district', 'birth_date'], sql: `${keySql('postal_district')} || '|' || ${birthYear}` },
  { columns: ['postal_district', 'given_key'], sql: `${keySql('postal_district')} || '|' || ${keySql('given_key')}` },
  { columns: ['postal_district', 'family_key'], sql: `${keySql('postal_district')} || '|' || ${keySql('family_any')}` },
  { columns: ['family_key'], sql: keySql('family_any') },
  { columns: ['given_key'], sql: keySql('given_key') },
];

/** The looser keys whose columns the prepared input has. */
export function rescueKeysFor(presentColumns: readonly string[]): string[] {
  return rescueKeys.filter((key) => key.columns.every((column) => presentColumns.includes(column))).map((key) => key.sql);
}

/**
 * `identity_rescue_candidates` (unique_id_l, unique_id_r, rule): pairs of a record without a match in `pairsTable` (no
 * pair at `thresholdWeight` or above) and a record sharing a rare value of one of `keys` (at least one), that
 * `pairsTable` does not hold; `rule` is the number their pairs carry as the rule that found them.
 */
export function rescueCandidatesSql(
  input: string,
  pairsTable: string,
  thresholdWeight: number,
  keys: readonly string[],
  linkOnly: boolean,
  rule: number,
  maxBlockRecords = rescueMaxBlockRecords,
  maxPairsPerRecord = rescueMaxPairsPerRecord,
): string {
  const pairs = quoteIdent(pairsTable);
  const inputTable = quoteIdent(input);
  const matched = `SELECT unique_id_l FROM ${pairs} WHERE match_weight >= ${sql`${thresholdWeight}`} UNION SELECT unique_id_r FROM ${pairs} WHERE match_weight >= ${sql`${thresholdWeight}`}`;
  const perKey = keys.map(
    (key) => `SELECT u.unique_id AS a, o.unique_id AS b, o.n FROM
      (SELECT i.unique_id, i.source, ${key} AS k FROM ${inputTable} i SEMI JOIN ${unlinkedTable} x USING (unique_id) WHERE k IS NOT NULL) u
      JOIN (SELECT unique_id, source, k, n FROM (SELECT unique_id, source, ${key} AS k, count(*) OVER (PARTITION BY ${key}) AS n FROM ${inputTable} WHERE k IS NOT NULL) WHERE n <= ${sql`${maxBlockRecords}`}) o
      ON o.k = u.k AND o.unique_id <> u.unique_id${linkOnly ? ' AND o.source <> u.source' : ''}`,
  );
  return `CREATE OR REPLACE TEMP TABLE ${unlinkedTable} AS SELECT unique_id FROM ${inputTable} EXCEPT (${matched});
    CREATE OR REPLACE TEMP TABLE ${rescueCandidatesTable} AS
    SELECT DISTINCT least(a, b) AS unique_id_l, greatest(a, b) AS unique_id_r, ${sql`${rule}`} AS rule FROM (
      SELECT a, b FROM (${perKey.join('\nUNION ALL\n')}) c
      WHERE NOT EXISTS (SELECT 1 FROM ${pairs} p WHERE p.unique_id_l = least(a, b) AND p.unique_id_r = greatest(a, b))
      QUALIFY row_number() OVER (PARTITION BY a ORDER BY n, b) <= ${sql`${maxPairsPerRecord}`});
    DROP TABLE ${unlinkedTable};`;
}
