/**
 * Readings learnt from the data itself, in SQL over identity_input (so native DuckDB and DuckDB-WASM agree).
 *
 * A CRM export often has a name in kanji without its reading (工藤 彩代) while a sign-up or a support desk has it
 * in kana or romaji (クドウ アヤヨ, Ayayo Kudo): by characters the two cannot be compared. The records that carry
 * both a kanji name and its reading (フリガナ) say how each kanji family and given name is read in this data, so
 *
 * - a kanji name without a space (工藤彩代, as 氏名 is often typed) is split where a family name known from the
 *   spaced names ends (the commonest such family name; one whose rest is a known given name first), and its own
 *   reading, also unspaced, is split after that family name's reading;
 * - a kanji name without a reading gets the commonest reading of its family name and of its given name, when both
 *   are known: it is then compared and blocked on its reading like a name in kana or romaji; when only the family
 *   name's is known, that one (the given name stays unread: `given_unread` in the comparisons);
 * - a family name no record reads and IPAdic does not know takes the family name of a record in kana or romaji on
 *   the same rare e-mail (held by at most four records).
 *
 * The name-derived blocking keys are computed again, and the character bigrams of a re-spaced name (their
 * signature then stands for every bigram, so the cheap bound never rules a pair out).
 */
import { Table, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import type { Engine } from '../../engine/engine.ts';
import { quoteIdent, quoteLiteral } from '../../engine/sql.ts';

const givenAny = `coalesce(given_romaji, given_key)`;
const familyAny = `coalesce(family_romaji, family_key)`;
/** The derived keys made from the name parts (column, SQL expression), computed again when a name is filled. */
export const nameDerivedKeys: readonly (readonly [string, string])[] = [
  ['given_prefix', `left(${givenAny}, 3)`],
  ['family_prefix', `left(${familyAny}, 4)`],
  ['initials_birth_year', `left(${givenAny}, 2) || left(${familyAny}, 2) || left(birth_date, 4)`],
];

const han = (column: string) => `regexp_matches(${column}, '\\p{Han}')`;

/** The dictionary readings (part, k, romaji), loaded for inferReadingsSql and dropped by it. */
const nameReadingsTable = 'identity_name_dictionary';

/** Fills the readings of `input`'s kanji names (inferReadingsSql), with IPAdic's readings of name parts no record reads. */
export async function inferReadings(engine: Pick<Engine, 'exec' | 'insertArrow'>, input: string, alsoFrom?: string): Promise<void> {
  await engine.insertArrow(nameReadingsTable, await nameReadingsIpc());
  await engine.exec(inferReadingsSql(input, alsoFrom));
}

/**
 * Fills the readings of `input`'s kanji names, learnt from `input` and, when given, `alsoFrom` (records matched
 * before); a name part no record reads falls back to the dictionary's reading (nameReadingsTable), which never
 * outweighs one the data shows nor counts as a record.
 */
function inferReadingsSql(input: string, alsoFrom?: string): string {
  const t = quoteIdent(input);
  // Per kanji name part: how many records have it, and its commonest reading (ties by spelling: deterministic).
  const dictionary = (part: 'family' | 'given') => {
    const parts = (table: string) => `SELECT ${part}_key, ${part}_romaji FROM ${quoteIdent(table)}`;
    const learnt = alsoFrom ? `(${parts(input)} UNION ALL ${parts(alsoFrom)})` : t;
    // A family name nobody reads in furigana and the dictionary does not know may be read by a record in kana or
    // romaji that shares a rare e-mail with one holding it (今屋 直人 and Nato Imaya on imaya.naoto@…).
    const linked =
      part === 'family'
        ? `UNION ALL SELECT k.family_key, r.family_romaji, 0, count(*), 1 FROM ${t} k JOIN ${t} r ON r.email_canonical = k.email_canonical
        WHERE k.family_key IS NOT NULL AND ${han('k.family_key')} AND k.family_romaji IS NULL AND r.family_romaji IS NOT NULL
          AND r.family_key IS NOT NULL AND NOT ${han('r.family_key')}
          AND k.family_key NOT IN (SELECT k FROM ${nameReadingsTable} WHERE part = 'family')
          AND k.email_canonical IN (SELECT email_canonical FROM ${t} WHERE email_canonical IS NOT NULL GROUP BY ALL HAVING count(*) <= 4)
        GROUP BY ALL`
        : '';
    return `
    CREATE OR REPLACE TEMP TABLE identity_${part}_readings AS
    WITH c AS (SELECT ${part}_key AS k, ${part}_romaji AS romaji, count(*) AS n, 0 AS links, 2 AS source FROM ${learnt}
      WHERE ${part}_key IS NOT NULL AND ${han(`${part}_key`)} GROUP BY ALL),
    d AS (SELECT k, romaji, 0 AS n, 0 AS links, 0 AS source FROM ${nameReadingsTable} WHERE part = ${quoteLiteral(part)} AND k IN (SELECT k FROM c))
    SELECT k, sum(n) AS n, first(romaji ORDER BY romaji IS NULL, n DESC, links DESC, source DESC, romaji) AS romaji
    FROM (FROM c UNION ALL FROM d ${linked}) GROUP BY k;`;
  };
  const swapped = (a: string, b: string) => `CASE WHEN ${a} <= ${b} THEN ${a} || ' ' || ${b} ELSE ${b} || ' ' || ${a} END`;
  return `${dictionary('family')}${dictionary('given')}
    CREATE OR REPLACE TEMP TABLE identity_name_split AS
    SELECT unique_id, family, given FROM (
      SELECT i.unique_id, left(i.name_key, r.len) AS family, substr(i.name_key, r.len + 1) AS given,
        row_number() OVER (PARTITION BY i.unique_id ORDER BY g.k IS NOT NULL DESC, f.n DESC, r.len DESC) AS rank
      FROM ${t} i CROSS JOIN (SELECT range AS len FROM range(1, 4)) r
      JOIN identity_family_readings f ON f.k = left(i.name_key, r.len)
      LEFT JOIN identity_given_readings g ON g.k = substr(i.name_key, r.len + 1)
      WHERE i.family_key IS NULL AND i.given_key IS NULL AND i.name_key IS NOT NULL AND NOT contains(i.name_key, ' ')
        AND ${han('i.name_key')} AND length(i.name_key) > r.len)
    WHERE rank = 1;
    CREATE OR REPLACE TEMP TABLE identity_name_fill AS
    WITH s AS (
      SELECT i.unique_id, i.name_key, i.name_romaji, coalesce(p.family, i.family_key) AS family_key,
        coalesce(p.given, i.given_key) AS given_key, p.unique_id IS NOT NULL AS split
      FROM ${t} i LEFT JOIN identity_name_split p USING (unique_id)
      WHERE p.unique_id IS NOT NULL OR (i.name_ascii IS NULL AND i.family_key IS NOT NULL AND i.given_key IS NOT NULL AND ${han('i.name_key')})),
    r AS (
      SELECT s.*, CASE
          WHEN s.name_romaji IS NULL THEN f.romaji
          WHEN NOT contains(s.name_romaji, ' ') AND starts_with(s.name_romaji, f.romaji) AND length(s.name_romaji) > length(f.romaji) THEN f.romaji
        END AS family_romaji,
        CASE
          WHEN s.name_romaji IS NULL THEN g.romaji
          WHEN NOT contains(s.name_romaji, ' ') AND starts_with(s.name_romaji, f.romaji) AND length(s.name_romaji) > length(f.romaji)
            THEN substr(s.name_romaji, length(f.romaji) + 1)
        END AS given_romaji
      FROM s LEFT JOIN identity_family_readings f ON f.k = s.family_key LEFT JOIN identity_given_readings g ON g.k = s.given_key)
    SELECT unique_id, split, name_romaji IS NOT NULL AS own_reading, family_key, given_key,
      CASE WHEN split THEN family_key || ' ' || given_key ELSE name_key END AS name_key,
      CASE WHEN split THEN ${swapped('family_key', 'given_key')} END AS name_swapped,
      family_romaji, given_romaji
    FROM r WHERE split OR family_romaji IS NOT NULL;
    UPDATE ${t} SET
      name_key = f.name_key,
      name_swapped = coalesce(f.name_swapped, ${t}.name_swapped),
      family_key = f.family_key,
      given_key = f.given_key,
      family_romaji = coalesce(f.family_romaji, ${t}.family_romaji),
      given_romaji = coalesce(f.given_romaji, ${t}.given_romaji),
      name_romaji = CASE WHEN f.family_romaji IS NOT NULL AND f.given_romaji IS NOT NULL THEN f.family_romaji || ' ' || f.given_romaji ELSE ${t}.name_romaji END,
      name_romaji_swapped = CASE WHEN f.family_romaji IS NOT NULL AND f.given_romaji IS NOT NULL THEN ${swapped('f.family_romaji', 'f.given_romaji')} ELSE ${t}.name_romaji_swapped END,
      name_ascii = CASE WHEN f.own_reading AND f.family_romaji IS NOT NULL AND f.given_romaji IS NOT NULL THEN f.family_romaji || ' ' || f.given_romaji ELSE ${t}.name_ascii END
    FROM identity_name_fill f WHERE ${t}.unique_id = f.unique_id;
    UPDATE ${t} SET ${nameDerivedKeys.map(([name, expression]) => `${name} = ${expression}`).join(', ')}
    WHERE unique_id IN (SELECT unique_id FROM identity_name_fill);
    CREATE OR REPLACE TEMP TABLE identity_name_grams AS
    SELECT unique_id, list(DISTINCT substring(name_key, i, 2)) AS grams FROM (
      SELECT unique_id, name_key, unnest(range(1, length(name_key))) AS i FROM identity_name_fill WHERE split)
    GROUP BY unique_id;
    UPDATE ${t} SET name_key_grams = g.grams, name_key_glen = len(g.grams), name_key_gextra = len(g.grams),
      name_key_gmask = 18446744073709551615::UBIGINT
    FROM identity_name_grams g WHERE ${t}.unique_id = g.unique_id;
    DROP TABLE identity_family_readings; DROP TABLE identity_given_readings; DROP TABLE ${nameReadingsTable}; DROP TABLE identity_name_split; DROP TABLE identity_name_fill; DROP TABLE identity_name_grams;`;
}

/** The dictionary readings as Arrow IPC rows (part, k, romaji); the data module is loaded only when a match runs. */
async function nameReadingsIpc(): Promise<Uint8Array> {
  const { familyNameReadings, givenNameReadings } = await import('./ipadic-readings.ts');
  const part: string[] = [];
  const k: string[] = [];
  const romaji: string[] = [];
  for (const [name, lines] of [
    ['family', familyNameReadings],
    ['given', givenNameReadings],
  ] as const) {
    for (const line of lines.split('\n')) {
      const tab = line.indexOf('\t');
      part.push(name);
      k.push(line.slice(0, tab));
      romaji.push(line.slice(tab + 1));
    }
  }
  const text = (values: string[]) => vectorFromArray(values, new Utf8());
  return tableToIPC(new Table({ part: text(part), k: text(k), romaji: text(romaji) }), 'stream');
}
