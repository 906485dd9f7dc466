/**
 * Comparisons compiled to SQL. Each comparison becomes one small integer per pair, `gamma_<name>`: the index
 * of the first level whose condition holds (0 = best), or -1 when a side lacks the value (the null level,
 * which weighs nothing). Text similarity is character-aware: Jaro-Winkler and Levenshtein (which DuckDB
 * computes on UTF-8 bytes) only apply when both values are ASCII, and `charJaccard` compares code-point
 * bigrams, so 山田 vs 山本 is one character off, not three bytes.
 */
import { list, quoteIdent, sql } from '../../engine/sql.ts';
import { keySql } from '../blocking/blocking.ts';
import type { Comparison, ComparisonLevel } from '../model/spec.ts';

/** A value held by at most this many records is rare enough to pick training pairs by (one person's records across sources). */
export const rareValueRecords = 4;

/** Columns whose bigram lists the prepare step precomputes (`<column>_grams`). */
export const gramColumns = ['name_key', 'company_core', 'address_key'];

const col = (side: 'l' | 'r', column: string) => keySql(column, (stored) => `${side}.${quoteIdent(stored)}`);
const ascii = (side: 'l' | 'r', column: string) => `strlen(${col(side, column)}) = length(${col(side, column)})`;

function grams(side: 'l' | 'r', column: string): string {
  if (gramColumns.includes(column)) return col(side, `${column}_grams`);
  const value = col(side, column);
  return `list_distinct(list_transform(range(1, greatest(length(${value}), 2)), i -> substring(${value}, i, 2)))`;
}

export function levelSql(level: ComparisonLevel): string {
  const condition = levelConditionSql(level);
  if (!level.andSame?.length && !level.and?.length) return condition;
  return `(${[condition, ...(level.andSame ?? []).map((column) => `${col('l', column)} = ${col('r', column)}`), ...(level.and ?? []).map(levelSql)].join(' AND ')})`;
}

function levelConditionSql(level: ComparisonLevel): string {
  switch (level.kind) {
    case 'exact': {
      const same = `${col('l', level.column)} = ${col('r', level.column)}`;
      if (!level.swapWith) return same;
      return `(${same} OR (${col('l', level.column)} = ${col('r', level.swapWith)} AND ${col('l', level.swapWith)} = ${col('r', level.column)}))`;
    }
    case 'differ':
      return `(${col('l', level.column)} <> ${col('r', level.column)})`;
    case 'exactCross':
      return `(${col('l', level.column)} = ${col('r', level.other)} OR ${col('l', level.other)} = ${col('r', level.column)})`;
    case 'exactAny':
      return `(${level.columns.flatMap((a) => level.columns.map((b) => `${col('l', a)} = ${col('r', b)}`)).join(' OR ')})`;
    case 'jaroWinkler':
      return `(${ascii('l', level.column)} AND ${ascii('r', level.column)} AND jaro_winkler_similarity(${col('l', level.column)}, ${col('r', level.column)}) >= ${sql`${level.min}`})`;
    case 'levenshtein':
      return `(${ascii('l', level.column)} AND ${ascii('r', level.column)} AND levenshtein(${col('l', level.column)}, ${col('r', level.column)}) <= ${sql`${level.max}`})`;
    case 'charJaccard': {
      // Only for text with non-ASCII characters: list functions are slow, and ASCII text has Jaro-Winkler levels.
      if (gramColumns.includes(level.column)) {
        // Shared bigrams ≤ shared signature bits + bigrams that collided on the left; Jaccard ≥ min needs
        // shared · (1 + min) ≥ min · (|l| + |r|). Only pairs passing that bound pay for the list intersection.
        const c = level.column;
        const shared = `len(list_intersect(${col('l', `${c}_grams`)}, ${col('r', `${c}_grams`)}))`;
        const sizes = `(${col('l', `${c}_glen`)} + ${col('r', `${c}_glen`)})`;
        return `((${col('l', `${c}_wide`)} OR ${col('r', `${c}_wide`)}) AND (bit_count(${col('l', `${c}_gmask`)} & ${col('r', `${c}_gmask`)}) + ${col('l', `${c}_gextra`)}) * ${sql`${1 + level.min}`} >= ${sql`${level.min}`} * ${sizes} AND ${shared} * ${sql`${1 + level.min}`} >= ${sql`${level.min}`} * ${sizes})`;
      }
      const shared = `len(list_intersect(${grams('l', level.column)}, ${grams('r', level.column)}))`;
      return `(NOT (${ascii('l', level.column)} AND ${ascii('r', level.column)}) AND ${shared} >= ${sql`${level.min}`} * (len(${grams('l', level.column)}) + len(${grams('r', level.column)}) - ${shared}))`;
    }
    case 'dateWithin':
      return `(abs(date_diff('day', ${col('l', level.column)}, ${col('r', level.column)})) <= ${sql`${level.days}`})`;
    case 'containsOther': {
      const holds = (side: 'l' | 'r', other: 'l' | 'r') =>
        `(length(${col(other, level.other)}) >= ${sql`${level.minLength}`} AND contains(${col(side, level.column)}, ${col(other, level.other)}))`;
      return `(${holds('l', 'r')} OR ${holds('r', 'l')})`;
    }
    case 'overlap':
      return `list_has_any(string_split(${col('l', level.column)}, '|'), string_split(${col('r', level.column)}, '|'))`;
    case 'else':
      return 'TRUE';
  }
}

/** `gamma_<name>`: -1 for the null level, else the index of the first level that holds. */
export function gammaSql(comparison: Comparison): string {
  const missing = (side: 'l' | 'r') => `(${comparison.nullWhenMissing.map((column) => `${col(side, column)} IS NULL`).join(' AND ')})`;
  const last = comparison.levels.length - 1;
  const neutral = (index: number) =>
    comparison.neutralWhen && index === last && comparison.levels[last]!.kind === 'else'
      ? `WHEN ${levelSql(comparison.neutralWhen)} THEN -1 `
      : '';
  const cases = comparison.levels.map((level, index) => `${neutral(index)}WHEN ${levelSql(level)} THEN ${index}`).join(' ');
  const nullCase = comparison.nullWhenMissing.length ? `WHEN ${missing('l')} OR ${missing('r')} THEN -1 ` : '';
  return `CASE ${nullCase}${cases} ELSE -1 END::TINYINT AS ${quoteIdent(gammaColumn(comparison))}`;
}

export const gammaColumn = (comparison: { name: string }) => `gamma_${comparison.name}`;
export const tfColumn = (comparison: { name: string }) => `tf_${comparison.name}`;
export const rareColumn = (comparison: { name: string }) => `rare_${comparison.name}`;
/** The per-record term frequency column of a key column. */
export const recordTfColumn = (column: string) => `tf__${column}`;
/** The per-record count of records sharing the value. */
export const recordCountColumn = (column: string) => `n__${column}`;

/** The levels with a term-frequency adjustment and their columns: the first level by the comparison's `termFrequency`, others by their own. */
export function tfLevels(comparison: Comparison): { level: number; column: string }[] {
  return comparison.levels.flatMap((level, index) => {
    const column = index === 0 ? (comparison.termFrequency ?? level.termFrequency) : level.termFrequency;
    return column ? [{ level: index, column }] : [];
  });
}

/**
 * The agreeing value's term frequency and whether it is rare, for the pair's level when that level has a tf
 * column. The conditions are the levels' own, in level order: when the pair's gamma is a tf level, the first
 * tf level whose condition holds is that level (the earlier ones failed, or gamma would be smaller).
 */
export function tfSql(comparison: Comparison): string | null {
  const levels = tfLevels(comparison);
  if (levels.length === 0) return null;
  // Equal values have equal shares and counts: the left side's are the pair's (the right's need not be fetched).
  const same = (column: string) => `${col('l', column)} = ${col('r', column)}`;
  const condition = (level: number, column: string) => {
    const spec = comparison.levels[level]!;
    return spec.kind === 'exact' && spec.column === column && !spec.swapWith && !spec.andSame?.length && !spec.and?.length
      ? same(column)
      : `${levelSql(spec)} AND ${same(column)}`;
  };
  // A cross level (l.column = r.other or the reverse) takes the agreeing value's frequency in `other`, from the side holding it there.
  const when = (level: number, column: string, value: (side: 'l' | 'r', column: string) => string) => {
    const spec = comparison.levels[level]!;
    if (spec.kind === 'exactCross' && column === spec.other) {
      return `WHEN ${col('l', spec.column)} = ${col('r', spec.other)} THEN ${value('r', column)} WHEN ${col('l', spec.other)} = ${col('r', spec.column)} THEN ${value('l', column)}`;
    }
    return `WHEN ${condition(level, column)} THEN ${value('l', column)}`;
  };
  const pick = (value: (side: 'l' | 'r', column: string) => string) =>
    `CASE ${levels.map(({ level, column }) => when(level, column, value)).join(' ')} END`;
  return `${pick((side, column) => col(side, recordTfColumn(column)))} AS ${quoteIdent(tfColumn(comparison))},
      ${pick((side, column) => `${col(side, recordCountColumn(column))} <= ${rareValueRecords}`)} AS ${quoteIdent(rareColumn(comparison))}`;
}

/**
 * Whole names repeat more often than the product of their parts' shares says: names are not drawn independently
 * (given names follow fashions and families; Japanese names in romaji share the Latin records with Western names).
 * The product is multiplied by this; chosen on the people set's tuning seed 1001 at 3,000 and 60,000 people.
 */
export const partsDependence = 4;
/**
 * A part's count without the records holding the whole name, but one of them (`n`: their count); at least 1 (a swapped
 * name's reading is one value with its parts the other way round).
 */
const othersAndOne = (part: string, n: string) => `greatest(${part} - ${n} + 1, 1)`;

/** The columns whose tf is read from two parts, and those parts (`termFrequencyParts` of a comparison or a level). */
function tfParts(comparisons: readonly Comparison[]): Map<string, [string, string]> {
  return new Map(
    comparisons.flatMap((c) => [
      ...(c.termFrequency && c.termFrequencyParts ? [[c.termFrequency, c.termFrequencyParts] as const] : []),
      ...c.levels.flatMap((level) =>
        level.termFrequency && level.termFrequencyParts ? [[level.termFrequency, level.termFrequencyParts] as const] : [],
      ),
    ]),
  );
}

/** The script a name is written in (kanji, kana or Latin letters): parts are counted among names of one script. */
const scriptSql = (value: string) =>
  `CASE WHEN regexp_matches(${value}, '\\p{Han}') THEN 'han' WHEN regexp_matches(${value}, '[\\p{Hiragana}\\p{Katakana}]') THEN 'kana' ELSE 'latin' END`;

/**
 * The share of records holding a whole name, read from its parts: among the records whose name is written in the
 * same script, the share holding its family name × the share holding its given name, × `partsDependence`, times
 * that script's share. A person's own records make a rare name look common in the whole value's share (at 3,000
 * people, two of one person's 6,000 records hold 竹坂 奈央; at 60,000 people two of 120,000), so its weight would
 * fall as the data grows while the chance that two records with that name are one person does not; read from
 * its parts, the share falls with the number of people, as the prior does. The parts are counted without the
 * records holding the whole name but one: a family name only one person's records hold (鳥岡, in two of 6,000 records)
 * says that no one else is called so, not that two in 3,000 are. Never below the share of the records
 * beyond `rareValueRecords` holding the whole value: twelve 佐藤 花子 records are more than one person.
 * `i` numbers the column in `termFrequencySql`'s counts (`c<i>` whole values, `s<i>` scripts, `p<i>_0/1` parts).
 */
function partsShareSql(i: number): string {
  const total = `tot.t${i}`;
  return `CASE WHEN b.k${i} IS NOT NULL AND b.k${i}_0 IS NOT NULL AND b.k${i}_1 IS NOT NULL THEN greatest(
      ${partsDependence} * ${othersAndOne(`p${i}_0.n`, `c${i}.n`)} * ${othersAndOne(`p${i}_1.n`, `c${i}.n`)} / s${i}.n / ${total}, (c${i}.n - ${rareValueRecords}) / ${total})
    WHEN b.k${i} IS NOT NULL THEN c${i}.n / ${total} END`;
}

/**
 * Adds `tf__<column>` (share of records holding the value) and `n__<column>` (their count) for each tf column; run
 * once on a fresh input table. Counts come from GROUP BYs over a narrow projection joined back by value: a window
 * per column partitioned the whole table once each (123k records: 1.6 s → 0.4 s). The columns are added to the
 * wide table row by row in its own order (a positional join on the row id), not by a join and a sort (1.3 → 0.6 s).
 */
export function termFrequencySql(input: string, comparisons: readonly Comparison[]): string {
  const columns = [...new Set(comparisons.flatMap((c) => tfLevels(c).map((level) => level.column)))];
  const parts = tfParts(comparisons);
  const { personal, nameForm, givenUnread } = derivedColumnsUsed(comparisons);
  if (columns.length === 0 && !personal && !nameForm && !givenUnread) return 'SELECT 1';
  const narrow = [
    'rowid AS input_row',
    'unique_id',
    ...columns.flatMap((column, i) => {
      const pair = parts.get(column);
      return [
        `${keySql(column)} AS k${i}`,
        ...(pair ? [`${scriptSql(keySql(column))} AS s${i}`, `${keySql(pair[0])} AS k${i}_0`, `${keySql(pair[1])} AS k${i}_1`] : []),
      ];
    }),
    ...(personal ? ['email_domain', 'company_core'] : []),
    ...(nameForm || givenUnread ? ['name_key', 'name_ascii'] : []),
    ...(givenUnread ? ['given_romaji'] : []),
  ];
  const counts = (name: string, keys: string[], of: number) =>
    `${name} AS (SELECT ${keys.join(', ')}, count(*) AS n FROM b WHERE k${of} IS NOT NULL GROUP BY ALL)`;
  const on = (name: string, keys: string[]) => `LEFT JOIN ${name} ON ${keys.map((key) => `${name}.${key} = b.${key}`).join(' AND ')}`;
  const ctes = [
    `b AS (SELECT ${[...new Set(narrow)].join(', ')} FROM ${quoteIdent(input)})`,
    ...(columns.length ? [`tot AS (SELECT ${columns.map((_, i) => `count(k${i}) AS t${i}`).join(', ')} FROM b)`] : []),
    ...columns.flatMap((column, i) => [
      counts(`c${i}`, [`k${i}`], i),
      ...(parts.has(column)
        ? [counts(`s${i}`, [`s${i}`], i), counts(`p${i}_0`, [`s${i}`, `k${i}_0`], i), counts(`p${i}_1`, [`s${i}`, `k${i}_1`], i)]
        : []),
    ]),
    ...(personal
      ? [
          'd AS (SELECT email_domain AS d_domain, count(DISTINCT company_core) AS companies FROM b WHERE email_domain IS NOT NULL GROUP BY 1)',
        ]
      : []),
  ];
  const joins = [
    ...(columns.length ? ['CROSS JOIN tot'] : []),
    ...columns.flatMap((column, i) => [
      on(`c${i}`, [`k${i}`]),
      ...(parts.has(column) ? [on(`s${i}`, [`s${i}`]), on(`p${i}_0`, [`s${i}`, `k${i}_0`]), on(`p${i}_1`, [`s${i}`, `k${i}_1`])] : []),
    ]),
    ...(personal ? ['LEFT JOIN d ON d.d_domain = b.email_domain'] : []),
  ];
  const select = [
    ...columns.flatMap((column, i) => [
      `${parts.has(column) ? partsShareSql(i) : `c${i}.n / tot.t${i}`} AS ${quoteIdent(recordTfColumn(column))}`,
      `c${i}.n AS ${quoteIdent(recordCountColumn(column))}`,
    ]),
    ...(personal ? [`${personalEmailSql('d.companies')} AS ${personalEmailColumn}`] : []),
    ...(nameForm ? [`${nameFormSql} AS ${nameFormColumn}`] : []),
    ...(givenUnread ? [`${givenUnreadSql} AS ${givenUnreadColumn}`] : []),
  ];
  return `CREATE OR REPLACE TEMP TABLE identity_tf AS WITH ${ctes.join(',\n    ')}
    SELECT b.input_row, ${select.join(', ')} FROM b ${joins.join(' ')};
    CREATE OR REPLACE TABLE ${quoteIdent(input)} AS SELECT i.*, t.* EXCLUDE (input_row)
      FROM ${quoteIdent(input)} i POSITIONAL JOIN (SELECT * FROM identity_tf ORDER BY input_row) t;
    DROP TABLE identity_tf;`;
}

/** Whether any comparison reads the derived personal-email, name-form or given-unread column, which the tf step then adds. */
function derivedColumnsUsed(comparisons: readonly Comparison[]): { personal: boolean; nameForm: boolean; givenUnread: boolean } {
  const uses = (column: string) =>
    comparisons.some((c) =>
      [...c.levels, ...(c.neutralWhen ? [c.neutralWhen] : [])].some((level) => 'column' in level && level.column === column),
    );
  return { personal: uses(personalEmailColumn), nameForm: uses(nameFormColumn), givenUnread: uses(givenUnreadColumn) };
}

/**
 * The term-frequency columns of `termFrequencySql` for the records of `fresh` only, counted over `existing` and
 * `fresh` together (the existing records keep theirs): one GROUP BY per tf column over the existing records that
 * share a value with a new one, instead of a window over every record.
 */
export function termFrequencyAgainstSql(existing: string, fresh: string, comparisons: readonly Comparison[]): string {
  const columns = [...new Set(comparisons.flatMap((c) => tfLevels(c).map((level) => level.column)))];
  const { personal, nameForm, givenUnread } = derivedColumnsUsed(comparisons);
  if (columns.length === 0 && !personal && !nameForm && !givenUnread) return 'SELECT 1';
  const [e, f] = [quoteIdent(existing), quoteIdent(fresh)];
  const freshKey = (column: string) => keySql(column, (stored) => `f.${quoteIdent(stored)}`);
  const parts = tfParts(comparisons);
  const joins = columns.map((column, i) => {
    const key = keySql(column);
    return `LEFT JOIN (SELECT k AS k${i}, count(*) AS n${i} FROM (SELECT ${key} AS k FROM ${e} WHERE ${key} IN (SELECT ${key} FROM ${f}) UNION ALL SELECT ${key} FROM ${f}) WHERE k IS NOT NULL GROUP BY k) c${i} ON c${i}.k${i} = ${freshKey(column)}`;
  });
  // partsShareSql's counts: records per script and part value, and per script, over both tables.
  const partJoins = columns.flatMap((column, i) => {
    const pair = parts.get(column);
    if (!pair) return [];
    const [value, script] = [keySql(column), scriptSql(keySql(column))];
    const both = (select: string, where: string) =>
      `SELECT ${select} FROM ${e} WHERE ${value} IS NOT NULL${where} UNION ALL SELECT ${select} FROM ${f} WHERE ${value} IS NOT NULL`;
    return [
      ...pair.map((part, j) => {
        const [name, key] = [`p${i}_${j}`, keySql(part)];
        return `LEFT JOIN (SELECT s AS s_${name}, k AS k_${name}, count(*) AS n_${name} FROM (${both(`${script} AS s, ${key} AS k`, ` AND ${key} IN (SELECT ${key} FROM ${f})`)}) WHERE k IS NOT NULL GROUP BY ALL) ${name} ON s_${name} = ${scriptSql(freshKey(column))} AND k_${name} = ${freshKey(part)}`;
      }),
      `LEFT JOIN (SELECT s AS s_p${i}, count(*) AS n_p${i} FROM (${both(`${script} AS s`, '')}) GROUP BY ALL) p${i} ON s_p${i} = ${scriptSql(freshKey(column))}`,
    ];
  });
  const values = columns.flatMap((column, i) => {
    const total = `((SELECT count(${keySql(column)}) FROM ${e}) + (SELECT count(${keySql(column)}) FROM ${f}))`;
    const pair = parts.get(column);
    const share = pair
      ? `CASE WHEN ${freshKey(pair[0])} IS NOT NULL AND ${freshKey(pair[1])} IS NOT NULL THEN greatest(${partsDependence} * ${othersAndOne(`n_p${i}_0`, `n${i}`)} * ${othersAndOne(`n_p${i}_1`, `n${i}`)} / n_p${i} / ${total}, (n${i} - ${rareValueRecords}) / ${total}) ELSE n${i} / ${total} END`
      : `n${i} / ${total}`;
    return [`${share} AS ${quoteIdent(recordTfColumn(column))}`, `n${i} AS ${quoteIdent(recordCountColumn(column))}`];
  });
  const companies = personal
    ? [
        `LEFT JOIN (SELECT email_domain, count(DISTINCT company_core) AS companies FROM (SELECT email_domain, company_core FROM ${e} WHERE email_domain IN (SELECT email_domain FROM ${f}) UNION ALL SELECT email_domain, company_core FROM ${f}) WHERE email_domain IS NOT NULL GROUP BY email_domain) d ON d.email_domain = f.email_domain`,
      ]
    : [];
  const select = [
    ...values,
    ...(personal ? [`${personalEmailSql('d.companies').replaceAll('email_domain', 'f.email_domain')} AS ${personalEmailColumn}`] : []),
    ...(nameForm ? [`${nameFormSql} AS ${nameFormColumn}`] : []),
    ...(givenUnread ? [`${givenUnreadSql} AS ${givenUnreadColumn}`] : []),
  ];
  return `CREATE OR REPLACE TABLE ${f} AS SELECT f.*, ${select.join(', ')} FROM ${f} f ${[...joins, ...partJoins, ...companies].join(' ')} ORDER BY f.unique_id`;
}

/**
 * `email_personal`: the record's e-mail is a personal one (free mail), not a work address. A domain is personal
 * when it is a known free-mail domain, or when its addresses name `personalDomainCompanies` or more different
 * employers (a company's own domain serves one). Null without an e-mail.
 */
export const personalEmailColumn = 'email_personal';
export const personalDomainCompanies = 5;
export const freeMailDomains = [
  'gmail.com',
  'yahoo.com',
  'yahoo.co.jp',
  'ymail.com',
  'hotmail.com',
  'hotmail.co.jp',
  'outlook.com',
  'outlook.jp',
  'live.com',
  'live.jp',
  'msn.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'protonmail.com',
  'proton.me',
  'gmx.com',
  'gmx.de',
  'web.de',
  'mail.ru',
  'yandex.ru',
  'qq.com',
  '163.com',
  'naver.com',
  'docomo.ne.jp',
  'ezweb.ne.jp',
  'au.com',
  'softbank.ne.jp',
  'i.softbank.jp',
  'ybb.ne.jp',
  'nifty.com',
  'biglobe.ne.jp',
  'ocn.ne.jp',
  'so-net.ne.jp',
];
const personalEmailSql = (companies: string) =>
  `CASE WHEN email_domain IS NOT NULL THEN list_contains([${list(freeMailDomains)}], email_domain) OR coalesce(${companies}, 0) >= ${personalDomainCompanies} END`;

/**
 * `name_form`: 'kanji' for a name in kanji without a reading, 'romaji' for one in kana or Latin letters (comparable
 * through its romaji), null otherwise (kanji with a reading compares both ways). 工藤 彩代 without furigana and
 * クドウ アヤヨ cannot be compared at all: their names are unknown to each other, not different.
 */
export const nameFormColumn = 'name_form';
const nameFormSql = `CASE WHEN name_key IS NULL THEN NULL WHEN regexp_matches(name_key, '\\p{Han}') THEN CASE WHEN name_ascii IS NULL THEN 'kanji' END WHEN name_ascii IS NOT NULL THEN 'romaji' END`;

/**
 * `given_unread`: true for a name in kanji whose given name has no reading (neither its own nor one learnt from the
 * data or the dictionary: 梅本 奈佳 is read umemoto, 奈佳 not at all), false for a name in kana or Latin letters,
 * null otherwise. Against Naka Umemoto the family readings agree and the given names cannot be compared.
 */
export const givenUnreadColumn = 'given_unread';
const givenUnreadSql = `CASE WHEN name_key IS NULL THEN NULL WHEN regexp_matches(name_key, '\\p{Han}') THEN CASE WHEN name_ascii IS NULL AND given_romaji IS NULL THEN true END WHEN name_ascii IS NOT NULL THEN false END`;

/**
 * Gammas (and tf values) for the pairs in `pairsTable` (unique_id_l, unique_id_r, …) into the temporary table
 * `target`: every comparison is read and dropped within its step, so the tab writes none of it to the warehouse's storage.
 */
export function comparePairsSql(
  input: string,
  pairsTable: string,
  target: string,
  comparisons: readonly Comparison[],
  keepColumns: readonly string[] = [],
): string {
  return `CREATE OR REPLACE TEMP TABLE ${quoteIdent(target)} AS ${comparedPairsQuery(input, quoteIdent(pairsTable), comparisons, keepColumns)}`;
}

/** The gammas (and tf values) of `pairs`, a table or a parenthesised query with unique_id_l, unique_id_r, …, as a query. */
function comparedPairsQuery(input: string, pairs: string, comparisons: readonly Comparison[], keepColumns: readonly string[] = []): string {
  const outputs = [...comparisons.map(gammaSql), ...comparisons.map(tfSql).filter((s): s is string => s !== null)];
  const kept = keepColumns.map((column) => `p.${quoteIdent(column)}`);
  return `
    SELECT p.unique_id_l, p.unique_id_r${kept.length ? `, ${kept.join(', ')}` : ''}${outputs.length ? `, ${outputs.join(',\n      ')}` : ''}
    FROM ${pairs} p
    JOIN ${quoteIdent(input)} l ON l.unique_id = p.unique_id_l
    JOIN ${quoteIdent(input)} r ON r.unique_id = p.unique_id_r`;
}

/** Count of pairs per gamma pattern over `pairs` (a table or a parenthesised query): the small table EM and u estimation work on. */
export function patternCountsSql(pairs: string, comparisons: readonly Comparison[], withRareFlags = false): string {
  const gammas = [
    ...comparisons.map((c) => quoteIdent(gammaColumn(c))),
    ...(withRareFlags
      ? comparisons.map((c) =>
          tfLevels(c).length
            ? `coalesce(${quoteIdent(rareColumn(c))}, false) AS ${quoteIdent(rareColumn(c))}`
            : `false AS ${quoteIdent(rareColumn(c))}`,
        )
      : []),
  ];
  if (gammas.length === 0) return `SELECT count(*) AS n FROM ${pairs}`;
  return `SELECT ${gammas.join(', ')}, count(*) AS n FROM ${pairs} GROUP BY ALL`;
}

/**
 * The gamma patterns of `pairs` random record pairs, for u, counted without storing the pairs or their gammas
 * (in the tab a stored table is written to the warehouse's storage). The ids are drawn with a hash of the draw
 * number, so the sample is the same on every engine and every run. Self-pairs are dropped; for link-only, pairs
 * inside one source too.
 */
export function randomPairPatternsSql(
  input: string,
  records: number,
  pairs: number,
  linkOnly: boolean,
  comparisons: readonly Comparison[],
): string {
  const random = `(
    WITH draws AS (SELECT (hash(i, 'l') % ${records})::BIGINT AS a, (hash(i, 'r') % ${records})::BIGINT AS b FROM range(${pairs}) t(i))
    SELECT least(a, b) AS unique_id_l, greatest(a, b) AS unique_id_r FROM draws${
      linkOnly ? ` JOIN ${quoteIdent(input)} x ON x.unique_id = a JOIN ${quoteIdent(input)} y ON y.unique_id = b` : ''
    }
    WHERE a <> b${linkOnly ? ' AND x.source <> y.source' : ''})`;
  return patternCountsSql(`(${comparedPairsQuery(input, random, comparisons)})`, comparisons);
}
