import { tableFromIPC } from 'apache-arrow';
import type { Engine } from '../engine/engine.ts';
import { quoteIdent, quoteLiteral } from '../engine/sql.ts';

/**
 * kintone record exports. A record with a table field (サブテーブル) spans several rows: the first is marked `*` in a
 * leading `レコードの開始行` column, and each further row holds one more table row (kintone repeats the record's other
 * fields on it, or leaves them blank). A check box or multi-select field becomes one column per option,
 * `フィールド名[選択肢]`, holding 1 when the option is chosen.
 */
const recordStartColumn = 'レコードの開始行';
const recordNumberColumn = 'レコード番号';
/** Links the table rows to their record when the export has no レコード番号. */
const recordOrdinalColumn = 'kintone_record';

/** Where a kintone export's table rows are kept: beside the record table, as `<table>_subtable`. */
export function subtableName(table: string): string {
  return `${table}_subtable`;
}

export interface KintoneFold {
  /** The columns moved to the subtable table (empty when no record spans more than one row). */
  subtableColumns: string[];
}

type Column = { name: string; type: string };

/** Whether a loaded table is a kintone record export: its marker column, or kintone's record number. */
function isKintoneExport(columns: readonly Column[]): boolean {
  return columns[0]?.name === recordStartColumn || columns.some((column) => column.name === recordNumberColumn);
}

/**
 * Folds each record's rows into one row of `table`, and keeps the table rows in `subtable` (created only when some
 * record spans more than one row), linked by レコード番号 or, without it, by a record ordinal added to both. A column
 * is a table column when a record's later rows hold a value that differs from its first row's; a table column
 * holding one same value on every row of every record cannot be told apart from the record's own fields and stays
 * in the record. Returns null for a file that is not a kintone export.
 */
export async function foldKintoneRecords(engine: Engine, table: string, subtable: string, suffix: string): Promise<KintoneFold | null> {
  const columns = await describe(engine, table);
  if (!isKintoneExport(columns)) return null;
  let subtableColumns: string[] = [];
  if (columns[0]!.name === recordStartColumn) {
    subtableColumns = await splitRecords(engine, table, subtable, columns, `${table}_numbered_${suffix}`);
  }
  await gatherCheckBoxes(engine, table);
  if (subtableColumns.length > 0) await gatherCheckBoxes(engine, subtable);
  await plainKintoneText(engine, table);
  if (subtableColumns.length > 0) await plainKintoneText(engine, subtable);
  return { subtableColumns };
}

async function splitRecords(engine: Engine, table: string, subtable: string, columns: Column[], numbered: string): Promise<string[]> {
  const marker = quoteIdent(recordStartColumn);
  const fields = columns.slice(1).map((column) => column.name);
  // A record is named by the row it starts at; rows before the first * (a damaged file) each stay a record of their own.
  await engine.exec(
    `CREATE OR REPLACE TABLE ${quoteIdent(numbered)} AS
     SELECT *, rowid AS _kura_row,
            coalesce(max(CASE WHEN trim(CAST(${marker} AS VARCHAR)) = '*' THEN rowid END) OVER (ORDER BY rowid ROWS UNBOUNDED PRECEDING), rowid) AS _kura_record
     FROM ${quoteIdent(table)}`,
  );
  try {
    const differs = fields.map(
      (name, index) =>
        `bool_or(NOT _kura_first AND ${quoteIdent(name)} IS NOT NULL AND ${quoteIdent(name)} IS DISTINCT FROM _kura_f${index}) AS ${quoteIdent(`c${index}`)}`,
    );
    const firsts = fields.map((name, index) => `first_value(${quoteIdent(name)}) OVER records AS _kura_f${index}`);
    const detected = tableFromIPC(
      await engine.query(
        `SELECT ${differs.length > 0 ? differs.join(', ') : 'true AS none'}
         FROM (SELECT *, _kura_row = min(_kura_row) OVER records AS _kura_first${firsts.length > 0 ? ', ' : ''}${firsts.join(', ')}
               FROM ${quoteIdent(numbered)}
               WINDOW records AS (PARTITION BY _kura_record ORDER BY _kura_row ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING))`,
      ),
    ).get(0);
    const inSubtable = fields.filter((_, index) => detected?.[`c${index}`] === true);
    const recordFields = fields.filter((name) => !inSubtable.includes(name));
    const byOrdinal = inSubtable.length > 0 && !recordFields.includes(recordNumberColumn);
    const link = quoteIdent(byOrdinal ? recordOrdinalColumn : recordNumberColumn);
    // A table row takes its record's own レコード番号 (from the record's first row), not a later row's copy.
    const recordLink = byOrdinal
      ? `dense_rank() OVER (ORDER BY _kura_record) AS ${link}`
      : `first_value(${link}) OVER (PARTITION BY _kura_record ORDER BY _kura_row) AS _kura_link`;
    const source = `(SELECT *, ${recordLink}, row_number() OVER (PARTITION BY _kura_record ORDER BY _kura_row) = 1 AS _kura_first FROM ${quoteIdent(numbered)})`;
    if (inSubtable.length > 0) {
      await engine.exec(
        `CREATE OR REPLACE TABLE ${quoteIdent(subtable)} AS
         SELECT ${byOrdinal ? link : `_kura_link AS ${link}`}, ${inSubtable.map(quoteIdent).join(', ')}
         FROM ${source}
         WHERE NOT (${inSubtable.map((name) => `${quoteIdent(name)} IS NULL`).join(' AND ')})
         ORDER BY _kura_row`,
      );
    }
    await engine.exec(
      `CREATE OR REPLACE TABLE ${quoteIdent(table)} AS
       SELECT ${[...(byOrdinal ? [link] : []), ...recordFields.map(quoteIdent)].join(', ')} FROM ${source}
       WHERE _kura_first
       ORDER BY _kura_row`,
    );
    return inSubtable;
  } finally {
    await engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(numbered)}`).catch(() => {});
  }
}

const optionColumn = /^(.+?)\s*[[［](.+)[\]］]$/u;

/**
 * Gathers the option columns of each check box or multi-select field (`関心のある製品[クラウド]` …, holding 1 or
 * nothing) into one list column named after the field, at the place of its first option, holding the chosen
 * options. Bracketed columns holding anything else (Sansan's `氏名[姓]`) stay as they are.
 */
async function gatherCheckBoxes(engine: Engine, table: string): Promise<void> {
  const columns = await describe(engine, table);
  const names = new Set(columns.map((column) => column.name));
  const groups = new Map<string, { option: string; column: string }[]>();
  for (const { name } of columns) {
    const match = optionColumn.exec(name);
    if (!match || names.has(match[1]!)) continue;
    const options = groups.get(match[1]!) ?? [];
    options.push({ option: match[2]!, column: name });
    groups.set(match[1]!, options);
  }
  if (groups.size === 0) return;
  const fields = [...groups.keys()];
  const text = (column: string) => `trim(CAST(${quoteIdent(column)} AS VARCHAR))`;
  const checks = fields.map((field, index) => {
    const options = groups.get(field)!;
    const onlyOnes = options.map(({ column }) => `bool_and(${quoteIdent(column)} IS NULL OR ${text(column)} IN ('1', ''))`).join(' AND ');
    const someOne = options.map(({ column }) => `bool_or(${text(column)} = '1')`).join(' OR ');
    return `coalesce(${onlyOnes} AND (${someOne}), false) AS ${quoteIdent(`g${index}`)}`;
  });
  const row = tableFromIPC(await engine.query(`SELECT ${checks.join(', ')} FROM ${quoteIdent(table)}`)).get(0);
  const gathered = fields.filter((_, index) => row?.[`g${index}`] === true);
  if (gathered.length === 0) return;
  const optionOf = new Map<string, string>();
  for (const field of gathered) for (const { column } of groups.get(field)!) optionOf.set(column, field);
  const select: string[] = [];
  for (const { name } of columns) {
    const field = optionOf.get(name);
    if (field === undefined) select.push(quoteIdent(name));
    else if (groups.get(field)![0]!.column === name) {
      const chosen = groups.get(field)!.map(({ option, column }) => `CASE WHEN ${text(column)} = '1' THEN ${quoteLiteral(option)} END`);
      select.push(`list_filter([${chosen.join(', ')}], option -> option IS NOT NULL) AS ${quoteIdent(field)}`);
    }
  }
  await engine.exec(`CREATE OR REPLACE TABLE ${quoteIdent(table)} AS SELECT ${select.join(', ')} FROM ${quoteIdent(table)} ORDER BY rowid`);
}

/** Tags a rich-text (リッチエディター) field's value is written with. */
const richTextTag = String.raw`<(div|br|p|span|b|i|u|s|strong|em|font|ul|ol|li|a|blockquote|h[1-6])\b[^>]*>`;
const characterReference = String.raw`&#[0-9]{1,7};|&#[xX][0-9a-fA-F]{1,6};`;

/**
 * Turns a kintone export's text back into what was typed. A rich-text field arrives as HTML: its line breaks
 * become newlines, its other tags are dropped and its entities read. Characters the export's encoding cannot hold
 * (𠮷 in a Shift-JIS export) arrive as numeric character references in any field, and are read back too.
 * The HTML is never rendered: the result is plain text.
 */
async function plainKintoneText(engine: Engine, table: string): Promise<void> {
  const texts = (await describe(engine, table)).filter((column) => column.type === 'VARCHAR').map((column) => column.name);
  if (texts.length === 0) return;
  const kinds = texts.map(
    (name, index) =>
      `coalesce(bool_or(regexp_matches(${quoteIdent(name)}, ${quoteLiteral(richTextTag)}, 'i')), false) AS ${quoteIdent(`h${index}`)},
       coalesce(bool_or(regexp_matches(${quoteIdent(name)}, ${quoteLiteral(characterReference)})), false) AS ${quoteIdent(`r${index}`)}`,
  );
  const found = tableFromIPC(await engine.query(`SELECT ${kinds.join(', ')} FROM ${quoteIdent(table)}`)).get(0);
  const richText = new Set(texts.filter((_, index) => found?.[`h${index}`] === true));
  const withReferences = new Set(texts.filter((_, index) => found?.[`r${index}`] === true));
  if (richText.size === 0 && withReferences.size === 0) return;
  const select = (await describe(engine, table)).map(({ name }) => {
    const column = quoteIdent(name);
    if (richText.has(name)) return `nullif(${readReferences(htmlAsLines(column), true)}, '') AS ${column}`;
    if (withReferences.has(name)) return `${readReferences(column, false)} AS ${column}`;
    return column;
  });
  await engine.exec(`CREATE OR REPLACE TABLE ${quoteIdent(table)} AS SELECT ${select.join(', ')} FROM ${quoteIdent(table)} ORDER BY rowid`);
}

/** A rich-text value's lines: a break or the end of a block is a newline, other tags go; blank lines at the ends go. */
function htmlAsLines(value: string): string {
  const breaks = `regexp_replace(${value}, '<br\\s*/?>|</(div|p|li|h[1-6]|blockquote)>', chr(10), 'gi')`;
  return `trim(regexp_replace(${breaks}, '<[^>]*>', '', 'g'), chr(10) || ' ')`;
}

const namedEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Reads numeric character references (and, in HTML, the common named ones); a reference to no character stays as it is. */
function readReferences(value: string, named: boolean): string {
  const code = `CASE WHEN part[3] IN ('x', 'X') THEN TRY_CAST('0x' || part[4:-2] AS BIGINT) ELSE TRY_CAST(part[3:-2] AS BIGINT) END`;
  const numeric = `WHEN regexp_matches(part, '^(${characterReference})$') AND ${code} BETWEEN 1 AND 1114111 AND ${code} NOT BETWEEN 55296 AND 57343 THEN chr((${code})::INTEGER)`;
  const entities = named
    ? Object.entries(namedEntities)
        .map(([entity, character]) => `WHEN part = ${quoteLiteral(`&${entity};`)} THEN ${quoteLiteral(character)}`)
        .join(' ')
    : '';
  const parts = `regexp_extract_all(${value}, ${quoteLiteral(`${characterReference}|&[a-zA-Z]{2,8};|[^&]+|&`)})`;
  return `array_to_string(list_transform(${parts}, part -> CASE ${numeric} ${entities} ELSE part END), '')`;
}

async function describe(engine: Engine, table: string): Promise<Column[]> {
  return tableFromIPC(await engine.query(`SELECT column_name, column_type FROM (DESCRIBE ${quoteIdent(table)})`))
    .toArray()
    .map((row) => ({ name: String(row.column_name), type: String(row.column_type) }));
}
