/**
 * Blocking compiled to SQL: each rule is an equality join on prepared keys; the rules are unioned and a pair
 * is produced by the first rule that finds it only (later rules exclude pairs an earlier rule already made),
 * so no DISTINCT over millions of pairs is needed.
 *
 * Rules are capped by the pairs they would make, counted before any pair is materialised: every record gets
 * one hash per rule, the block sizes per rule are counted (a GROUP BY over hashes), and `ruleBlockCaps` picks,
 * per rule, the largest block size whose blocks together make at most the rule's pair budget (records ×
 * `maxPairsPerRecord`, default 1). So a rule keeps its rare values (a rare name, a personal e-mail) and drops its common
 * ones (佐藤 at 1M rows, a switchboard, a city × common given name); `maxBlockSize` stays an absolute ceiling.
 */
import { list, quoteIdent } from '../../engine/sql.ts';
import type { BlockingRule } from '../model/spec.ts';

export const blockHashesTable = 'identity_block_hashes';
export const blockKeysTable = 'identity_block_keys';
export const candidatesTable = 'identity_candidates';
const overCapTable = 'identity_over_cap';

/**
 * Keys computed in SQL from the prepared keys, usable wherever a key column is (blocking, comparisons, term
 * frequencies): `family_any` is the family name, or the only name part a record has (historical_50k has 9%
 * lone surnames in the first-name field), so a lone "ceely" meets "arthur ceely" in a block.
 */
export const derivedKeys: Readonly<Record<string, { from: string[]; sql: (ref: (column: string) => string) => string }>> = {
  family_any: { from: ['given_key'], sql: (ref) => `coalesce(${ref('family_key')}, ${ref('given_key')})` },
  given_clean: { from: ['given_key'], sql: (ref) => withoutTitles(ref('given_key')) },
  family_clean: { from: ['family_key'], sql: (ref) => withoutTitles(ref('family_key')) },
  given_romaji_clean: { from: ['given_romaji'], sql: (ref) => withoutTitles(ref('given_romaji')) },
  family_romaji_clean: { from: ['family_romaji'], sql: (ref) => withoutTitles(ref('family_romaji')) },
};

/**
 * Titles and post-nominals that stand in a name field instead of a name (historical_50k: "sir" is the given
 * name of 2.5% of the records, "baronet" the family name of 1.2%): as name parts they are missing, not evidence.
 */
export const nameTitles = [
  'sir',
  'dame',
  'lady',
  'lord',
  'rt',
  'hon',
  'rev',
  'revd',
  'reverend',
  'st',
  'mr',
  'mrs',
  'miss',
  'ms',
  'mx',
  'dr',
  'prof',
  'master',
  'th',
  'bt',
  'bart',
  'baronet',
  'esq',
  'jr',
  'sr',
  'capt',
  'col',
  'baron',
  'viscount',
];
// list_contains, not NOT IN: DuckDB plans an IN list this long as a join, and the comparisons repeat the key ~90
// times (a fixed 0.7 s per comparison query, whatever the number of pairs).
const withoutTitles = (value: string) => `CASE WHEN NOT list_contains([${list(nameTitles)}], ${value}) THEN ${value} END`;

/** A key column or derived key as SQL, with `ref` naming a stored column (quoted, maybe with a table alias). */
export function keySql(key: string, ref: (column: string) => string = quoteIdent): string {
  const derived = derivedKeys[key];
  return derived ? `(${derived.sql(ref)})` : ref(key);
}

/** Default pair budget of one rule, per input record. */
export const defaultMaxPairsPerRecord = 1;
/** A rule may always make this many pairs, however few the records. */
export const minRulePairs = 50_000;

/** Records of an over-cap block are paired with this many neighbours each (sorted neighbourhood). */
export const defaultBlockWindow = 3;

/**
 * One hash per rule and record (`h<i>`), NULL when a key of the rule is missing; and `sort_key`, the order
 * inside a block for the sorted-neighbourhood pairs of over-cap blocks (`sortColumns` that exist, in order).
 */
export function blockHashesSql(input: string, rules: readonly BlockingRule[], sortColumns: readonly string[] = []): string {
  const hashes = rules.map((rule, index) => {
    const columns = rule.keys.map((key) => keySql(key));
    const present = columns.map((column) => `${column} IS NOT NULL`).join(' AND ');
    return `CASE WHEN ${present} THEN hash(${columns.join(', ')}) END AS h${index}`;
  });
  const sortKey = sortColumns.length
    ? `concat_ws('|', ${sortColumns.map((c) => `coalesce(${quoteIdent(c)}::VARCHAR, '~')`).join(', ')})`
    : `''`;
  return `CREATE OR REPLACE TEMP TABLE ${blockHashesTable} AS SELECT unique_id, source, ${sortKey} AS sort_key${hashes.length ? `, ${hashes.join(', ')}` : ''} FROM ${quoteIdent(input)}`;
}

/** Per rule, how many blocks have each size (`rule, size, blocks`); blocks of one record are left out. */
export function blockSizesSql(rules: readonly BlockingRule[]): string {
  if (rules.length === 0) return 'SELECT 0 AS rule, 0 AS size, 0 AS blocks WHERE false';
  const perRule = rules.map(
    (_, index) =>
      `SELECT ${index} AS rule, count(*) AS size FROM ${blockHashesTable} WHERE h${index} IS NOT NULL GROUP BY h${index} HAVING count(*) > 1`,
  );
  return `SELECT rule, size, count(*) AS blocks FROM (${perRule.join('\nUNION ALL ')}) GROUP BY rule, size ORDER BY rule, size`;
}

/**
 * The block-size cap of each rule: the largest size s ≤ `maxBlockSize` such that the blocks of at most s
 * records make at most `budget` pairs together (s(s−1)/2 each). Pure; `sizes` are the rows of `blockSizesSql`.
 */
export function ruleBlockCaps(
  ruleCount: number,
  sizes: readonly { rule: number; size: number; blocks: number }[],
  maxBlockSize: number,
  budget: number,
): number[] {
  return Array.from({ length: ruleCount }, (_, rule) => {
    let pairs = 0;
    let cap = 1;
    for (const row of sizes.filter((r) => r.rule === rule).sort((a, b) => a.size - b.size)) {
      if (row.size > maxBlockSize) break;
      pairs += (row.blocks * row.size * (row.size - 1)) / 2;
      if (pairs > budget) break;
      cap = row.size;
    }
    return sizes.some((r) => r.rule === rule) ? cap : maxBlockSize;
  });
}

/**
 * Neighbours per record for each rule's over-cap blocks: `window`, less where the rule's over-cap records ×
 * window would pass what is left of `budget` (one budget shared by all rules, spent in rule order: the first
 * rules are the most specific). Pure, like `ruleBlockCaps`.
 */
export function ruleWindows(
  ruleCount: number,
  sizes: readonly { rule: number; size: number; blocks: number }[],
  caps: readonly number[],
  window: number,
  budget: number,
): number[] {
  let left = budget;
  return Array.from({ length: ruleCount }, (_, rule) => {
    const over = sizes.filter((r) => r.rule === rule && r.size > caps[rule]!).reduce((sum, r) => sum + r.size * r.blocks, 0);
    if (over === 0 || window < 1) return 0;
    const w = Math.min(window, Math.floor(left / over));
    left -= w * over;
    return Math.max(0, w);
  });
}

/**
 * One key per rule and record (`b<i>`): the hash, or NULL when its block holds more than the rule's cap; for
 * the records of such an over-cap block, when the rule has a window, `h<i>` and their rank `o<i>` in the block by `sort_key`
 * (NULL for the other records).
 */
export function blockKeysSql(rules: readonly BlockingRule[], caps: readonly number[], windows: readonly number[] = []): string {
  // The over-cap blocks (few: the common values) are found by one GROUP BY per rule; a record's key is its hash
  // unless that is one of them. Ranks are computed only over the over-cap records of rules with a window. (A
  // window per rule over every record took 24 s at 1M records, this 1.5 s; same keys, same candidates.)
  if (rules.length === 0)
    return `CREATE OR REPLACE TEMP TABLE ${blockKeysTable} AS SELECT unique_id, source FROM ${blockHashesTable}; DROP TABLE ${blockHashesTable};`;
  const overCap = rules.map(
    (_, index) =>
      `SELECT ${index} AS rule, h${index} AS h FROM ${blockHashesTable} WHERE h${index} IS NOT NULL GROUP BY h${index} HAVING count(*) > ${caps[index]}`,
  );
  const isOver = (index: number, alias: string) => `${alias}.h${index} IN (SELECT h FROM ${overCapTable} WHERE rule = ${index})`;
  const ranked = (index: number) => (windows[index] ?? 0) >= 1;
  const keys = rules.map((_, index) => {
    const key = `CASE WHEN NOT (${isOver(index, 'k')}) THEN k.h${index} END AS b${index}`;
    if (!ranked(index)) return key;
    return `${key},
      CASE WHEN ${isOver(index, 'k')} THEN k.h${index} END AS h${index},
      r${index}.o${index}`;
  });
  const ranks = rules.flatMap((_, index) =>
    ranked(index)
      ? [
          `LEFT JOIN (SELECT unique_id, row_number() OVER (PARTITION BY h${index} ORDER BY sort_key, unique_id) AS o${index} FROM ${blockHashesTable} x WHERE ${isOver(index, 'x')}) r${index} ON r${index}.unique_id = k.unique_id`,
        ]
      : [],
  );
  return `CREATE OR REPLACE TEMP TABLE ${overCapTable} AS ${overCap.join('\n    UNION ALL ')};
    CREATE OR REPLACE TEMP TABLE ${blockKeysTable} AS SELECT k.unique_id, k.source, ${keys.join(',\n      ')}
    FROM ${blockHashesTable} k${ranks.map((join) => `\n    ${join}`).join('')};
    DROP TABLE ${overCapTable}; DROP TABLE ${blockHashesTable};`;
}

/**
 * Sorted neighbourhood for over-cap blocks: inside a block too big to pair completely (a common name, or a
 * person with fifty records), each record meets the next `window` records in `sort_key` order (birth date,
 * postal code, e-mail…), so duplicates that agree on more than the rule's key still become candidates, at
 * `window` pairs per record instead of a quadratic block. Appended to the candidates, pairs already there left out.
 */
export function windowPairsSql(rules: readonly BlockingRule[], windows: readonly number[], linkOnly: boolean): string {
  const used = rules.flatMap((_, index) => ((windows[index] ?? 0) >= 1 ? [index] : []));
  if (used.length === 0) return 'SELECT 1';
  const window = (index: number) => windows[index]!;
  // The neighbour's rank is computed before the join, so block and rank are both hash-join keys (with `l.o + w.k`
  // in the ON clause DuckDB joined on the block alone and filtered each block's square: 52 s → 1.4 s at 1M records).
  const selects = used.map(
    (index) => `SELECT least(l.unique_id, r.unique_id) AS unique_id_l, greatest(l.unique_id, r.unique_id) AS unique_id_r, ${index} AS rule
      FROM (SELECT b.unique_id, b.source, b.h${index}, b.o${index} + w.k AS next FROM ${blockKeysTable} b CROSS JOIN range(1, ${window(index) + 1}) w(k) WHERE b.h${index} IS NOT NULL) l
      JOIN ${blockKeysTable} r ON r.h${index} = l.h${index} AND r.o${index} = l.next${linkOnly ? ' WHERE l.source <> r.source' : ''}`,
  );
  return `INSERT INTO ${candidatesTable}
    SELECT unique_id_l, unique_id_r, min(rule) FROM (${selects.join('\nUNION ALL\n')}) w
    WHERE NOT EXISTS (SELECT 1 FROM ${candidatesTable} c WHERE c.unique_id_l = w.unique_id_l AND c.unique_id_r = w.unique_id_r)
    GROUP BY unique_id_l, unique_id_r`;
}

/** Candidate pairs (unique_id_l < unique_id_r) with the index of the rule that found them. */
export function candidatesSql(rules: readonly BlockingRule[], linkOnly: boolean): string {
  if (rules.length === 0) return `CREATE OR REPLACE TEMP TABLE ${candidatesTable} (unique_id_l BIGINT, unique_id_r BIGINT, rule INTEGER)`;
  const selects = rules.map((_, index) => {
    const earlier = Array.from({ length: index }, (_, j) => ` AND NOT coalesce(l.b${j} = r.b${j}, false)`).join('');
    return `SELECT l.unique_id AS unique_id_l, r.unique_id AS unique_id_r, ${index} AS rule
      FROM ${blockKeysTable} l JOIN ${blockKeysTable} r ON l.b${index} = r.b${index} AND l.unique_id < r.unique_id${linkOnly ? ' AND l.source <> r.source' : ''}${earlier}`;
  });
  return `CREATE OR REPLACE TEMP TABLE ${candidatesTable} AS ${selects.join('\nUNION ALL\n')}`;
}
