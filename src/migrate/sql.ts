import { isEmail, isPhone, isPostalCode, parseDate } from '../audit/patterns.ts';
import { quoteIdent, quoteLiteral, sql } from '../engine/sql.ts';
import type { AccountsCheck, MigrationPlan, PlannedField } from './plan.ts';
import { dateTimeFormat, type TargetPreset } from './targets.ts';

/** The tables a migration writes: every customer's target row, the rule failures, the source records per customer. */
export interface MigrationTables {
  rows: string;
  problems: string;
  trace: string;
}

export function migrationTables(prefix: string): MigrationTables {
  return { rows: `${prefix}_rows`, problems: `${prefix}_problems`, trace: `${prefix}_trace` };
}

const blankToNull = (expression: string) => `nullif(trim(CAST(${expression} AS VARCHAR)), '')`;
/** Separators between family and given name: ASCII white space and the ideographic space. */
const gap = '[\\s\\x{3000}]';
const word = '[^\\s\\x{3000}]+';

const fullWidth = Array.from({ length: 94 }, (_, i) => String.fromCharCode(0xff01 + i)).join('') + '\u3000';
const halfWidth = Array.from({ length: 94 }, (_, i) => String.fromCharCode(0x21 + i)).join('') + ' ';
/** Legal forms left out of a company's key: 株式会社 Sakura and さくら㈱ are one account. */
const legalForms =
  '株式会社|有限会社|合同会社|合資会社|合名会社|[(（][株有][)）]|㈱|㈲|\\b(inc|co|ltd|llc|corp|corporation|company|limited|gmbh)\\b\\.?';

/**
 * An account id from a company name: the same for the same company however it is written (width, case, legal form,
 * spaces and punctuation), and the same from one run to the next; NULL without a company.
 */
export function accountIdSql(company: string): string {
  const folded = `lower(translate(nfc_normalize(${blankToNull(company)}), ${quoteLiteral(fullWidth)}, ${quoteLiteral(halfWidth)}))`;
  const key = `nullif(regexp_replace(regexp_replace(${folded}, ${quoteLiteral(legalForms)}, '', 'g'), '[\\s\\p{P}\\p{S}]', '', 'g'), '')`;
  return `'KA-' || upper(substr(md5(${key}), 1, 12))`;
}

/** The raw text of a source over the input row `i` (a derived value computed from its column). */
function sourceSql(source: string): string {
  if (source === 'company.account_id') return accountIdSql('i.company');
  if (source === 'email.domain') return `lower(regexp_extract(${blankToNull('i.email')}, '@([^@]+)$', 1))`;
  if (source === 'name.family' || source === 'name.given') {
    const name = blankToNull('i.name');
    // Japanese names are written family name first ("山田 太郎"); Latin-script ones given name first ("John Smith").
    const japanese = `regexp_matches(${name}, '[\\p{Han}\\p{Hiragana}\\p{Katakana}]')`;
    const split = `regexp_matches(${name}, ${quoteLiteral(gap)})`;
    const first = `regexp_extract(${name}, ${quoteLiteral(`^(${word})`)}, 1)`;
    const afterFirst = `regexp_replace(${name}, ${quoteLiteral(`^${word}${gap}+`)}, '')`;
    const last = `regexp_extract(${name}, ${quoteLiteral(`(${word})$`)}, 1)`;
    const beforeLast = `regexp_replace(${name}, ${quoteLiteral(`${gap}+${word}$`)}, '')`;
    return source === 'name.family'
      ? `CASE WHEN NOT ${split} THEN ${name} WHEN ${japanese} THEN ${first} ELSE ${last} END`
      : `CASE WHEN NOT ${split} THEN NULL WHEN ${japanese} THEN ${afterFirst} ELSE ${beforeLast} END`;
  }
  return blankToNull(`i.${quoteIdent(source)}`);
}

/** The value as the target writes it, from the raw text in column `v` (dates reformatted, phones in its style). */
function shapedSql(field: PlannedField, preset: TargetPreset, v: string): string {
  if (field.format === 'date') return `coalesce(strftime(${parseDate(v)}, ${quoteLiteral(preset.dateFormat)}), ${v})`;
  if (field.format === 'datetime') return dateTimeSql(v);
  if (field.format === 'phone' && preset.phoneStyle === 'domestic-jp') {
    return `CASE WHEN regexp_full_match(${v}, '\\+81[0-9]{9,10}') THEN '0' || substr(${v}, 4) ELSE ${v} END`;
  }
  return v;
}

/** A date and time text `v` in the datetime format (as written when it cannot be read). */
export function dateTimeSql(v: string): string {
  return `coalesce(strftime(TRY_CAST(${v} AS TIMESTAMP), ${quoteLiteral(dateTimeFormat)}), ${v})`;
}

/** The regular expression a date or time written in a strftime format matches (%Y, %m, %d, %H, %M, %S). */
function datePattern(format: string): string {
  const digits: Record<string, string> = { Y: '[0-9]{4}', m: '[0-9]{2}', d: '[0-9]{2}', H: '[0-9]{2}', M: '[0-9]{2}', S: '[0-9]{2}' };
  return format
    .split(/(%[YmdHMS])/)
    .map((part) => (part.startsWith('%') ? digits[part[1]!]! : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
}

/** Each rule of a field as [rule name, SQL condition true when the value `v` breaks it]. */
function fieldRules(field: PlannedField, preset: TargetPreset, v: string, accounts: AccountsCheck | undefined): [string, string][] {
  const rules: [string, string][] = [];
  if (field.required) rules.push(['required', `${v} IS NULL`]);
  if (field.maxLength !== undefined) rules.push(['max_length', `length(${v}) > ${sql`${field.maxLength}`}`]);
  if (field.format === 'email') rules.push(['email', `NOT ${isEmail(v)}`]);
  if (field.format === 'phone') rules.push(['phone', `NOT ${isPhone(v)}`]);
  if (field.format === 'postal-code-jp') rules.push(['postal_code', `NOT ${isPostalCode(v)}`]);
  if (field.format === 'date') rules.push(['date', `NOT regexp_full_match(${v}, ${quoteLiteral(datePattern(preset.dateFormat))})`]);
  if (field.format === 'datetime') rules.push(['datetime', `NOT regexp_full_match(${v}, ${quoteLiteral(datePattern(dateTimeFormat))})`]);
  if (field.picklist) rules.push(['picklist', `${v} NOT IN (${field.picklist.map(quoteLiteral).join(', ')})`]);
  if (field.linksTo && accounts) {
    const id = quoteIdent(accounts.column);
    const known = `SELECT CAST(${id} AS VARCHAR) FROM ${quoteIdent(accounts.table)} WHERE ${id} IS NOT NULL`;
    rules.push(['account', `${v} IS NOT NULL AND ${v} NOT IN (${known})`]);
  }
  return rules;
}

/**
 * The SQL steps of a migration, in order: the target rows of every customer (`rows`: the target's columns, as text,
 * plus kura_order), the rule failures (`problems`: external_id, field, rule, value, with kura_order and the field's
 * position for sorting) and the trace (`trace`: external_id, source, row). With `clusters` (the identity_clusters
 * table of the match that made the golden records) the trace lists every matched input record under its customer;
 * otherwise each row of the input table is its own record.
 */
export function migrationSql(plan: MigrationPlan, tables: MigrationTables, clusters: string | null): string[] {
  const { preset, fields } = plan;
  const externalId = quoteIdent(preset.externalId);
  const input = quoteIdent(plan.table);
  const clusterColumn = clusters ? ', i.cluster_id AS kura_cluster_id' : '';
  const raw = fields.map((field, index) => `${field.source === null ? 'NULL::VARCHAR' : sourceSql(field.source)} AS f${index}`);
  const shaped = fields.map((field, index) => `${shapedSql(field, preset, `f${index}`)} AS ${quoteIdent(field.name)}`);
  const externalPosition = fields.findIndex((f) => f.name === preset.externalId);
  // Numeric ids (cluster ids) in numeric order, then any others as text.
  const order = `try_cast(f${externalPosition} AS BIGINT) NULLS LAST, f${externalPosition}, kura_input_row`;
  // A company target writes each company once, from its first customer; customers without a company are no account.
  const onePer = preset.onePer ? fields.findIndex((f) => f.source === preset.onePer) : -1;
  const onePerRow =
    onePer >= 0 ? `\nWHERE f${onePer} IS NOT NULL QUALIFY row_number() OVER (PARTITION BY f${onePer} ORDER BY kura_input_row) = 1` : '';
  const rows = `CREATE OR REPLACE TABLE ${quoteIdent(tables.rows)} AS
SELECT row_number() OVER (ORDER BY ${onePer >= 0 ? 'kura_input_row' : order}) AS kura_order, kura_input_row${clusters ? ', kura_cluster_id' : ''}, ${shaped.join(', ')}
FROM (SELECT row_number() OVER () AS kura_input_row${clusterColumn}, ${raw.join(', ')} FROM ${input} AS i)${onePerRow}`;

  const checks = fields.flatMap((field, position) =>
    fieldRules(field, preset, quoteIdent(field.name), plan.accounts).map(
      ([rule, broken]) =>
        `SELECT kura_order, ${position} AS position, ${externalId} AS external_id, ${quoteLiteral(field.name)} AS field, ${quoteLiteral(rule)} AS rule, ${quoteIdent(field.name)} AS value FROM ${quoteIdent(tables.rows)} WHERE ${broken}`,
    ),
  );
  checks.push(
    `SELECT kura_order, ${externalPosition} AS position, ${externalId} AS external_id, ${quoteLiteral(preset.externalId)} AS field, 'unique' AS rule, ${externalId} AS value
FROM ${quoteIdent(tables.rows)} WHERE ${externalId} IN (SELECT ${externalId} FROM ${quoteIdent(tables.rows)} GROUP BY ALL HAVING count(*) > 1)`,
  );
  const problems = `CREATE OR REPLACE TABLE ${quoteIdent(tables.problems)} AS
SELECT * FROM (${checks.join('\nUNION ALL\n')}) ORDER BY kura_order, position, rule`;

  const trace =
    onePer >= 0
      ? `CREATE OR REPLACE TABLE ${quoteIdent(tables.trace)} AS
SELECT ${sourceSql(preset.onePer!)} AS external_id, ${clusters ? 'c.source, c.row' : `${quoteLiteral(plan.table)} AS source, i.kura_input_row AS row`}
FROM (SELECT row_number() OVER () AS kura_input_row, * FROM ${input}) AS i${clusters ? ` JOIN ${quoteIdent(clusters)} c ON c.cluster_id = i.cluster_id` : ''}
ORDER BY external_id NULLS LAST, source, row`
      : clusters
        ? `CREATE OR REPLACE TABLE ${quoteIdent(tables.trace)} AS
SELECT r.${externalId} AS external_id, c.source, c.row FROM ${quoteIdent(clusters)} c LEFT JOIN ${quoteIdent(tables.rows)} r ON r.kura_cluster_id = c.cluster_id
ORDER BY r.kura_order NULLS LAST, c.cluster_id, c.source, c.row`
        : `CREATE OR REPLACE TABLE ${quoteIdent(tables.trace)} AS
SELECT ${externalId} AS external_id, ${quoteLiteral(plan.table)} AS source, kura_input_row AS row FROM ${quoteIdent(tables.rows)} ORDER BY kura_order`;
  return [rows, problems, trace];
}

/** The import file's rows: the target's columns of every customer without a problem. */
export function importRowsSql(preset: TargetPreset, tables: MigrationTables): string {
  return `SELECT ${preset.fields.map((f) => `r.${quoteIdent(f.name)}`).join(', ')} FROM ${quoteIdent(tables.rows)} r
WHERE NOT EXISTS (SELECT 1 FROM ${quoteIdent(tables.problems)} p WHERE p.kura_order = r.kura_order) ORDER BY r.kura_order`;
}

export function problemRowsSql(tables: MigrationTables): string {
  return `SELECT external_id, field, rule, value FROM ${quoteIdent(tables.problems)} ORDER BY kura_order, position, rule`;
}

export function traceRowsSql(tables: MigrationTables): string {
  return `SELECT external_id, source, row FROM ${quoteIdent(tables.trace)}`;
}

/** One row: customers, passing (rows the import file will create), failing. */
export function migrationCountsSql(tables: MigrationTables): string {
  return `SELECT count(*)::INTEGER AS customers,
  count(*) FILTER (WHERE kura_order NOT IN (SELECT kura_order FROM ${quoteIdent(tables.problems)}))::INTEGER AS passing
FROM ${quoteIdent(tables.rows)}`;
}

/** Failing customers per field and rule, most first. */
export function problemCountsSql(tables: MigrationTables): string {
  return `SELECT field, rule, count(DISTINCT kura_order)::INTEGER AS customers FROM ${quoteIdent(tables.problems)}
GROUP BY field, rule, position ORDER BY customers DESC, position, rule`;
}

/** The distinct non-ASCII characters of the target rows' values (few, however many rows): checked against the encoding in JS. */
export function nonAsciiCharactersSql(plan: MigrationPlan, tables: MigrationTables): string {
  const values = plan.fields.map((f) => quoteIdent(f.name)).join(', ');
  return `SELECT DISTINCT c FROM (SELECT unnest(string_split(v, '')) AS c FROM (SELECT unnest([${values}]) AS v FROM ${quoteIdent(tables.rows)}) WHERE strlen(v) <> length(v)) WHERE strlen(c) > 1`;
}

/** Adds an `encoding` problem for each value holding one of `characters`, which the import file's encoding cannot hold. */
export function encodingProblemsSql(plan: MigrationPlan, tables: MigrationTables, characters: readonly string[]): string {
  const pattern = quoteLiteral(`[${characters.map((c) => `\\x{${c.codePointAt(0)!.toString(16)}}`).join('')}]`);
  const externalId = quoteIdent(plan.preset.externalId);
  const checks = plan.fields.map(
    (field, position) =>
      `SELECT kura_order, ${position} AS position, ${externalId} AS external_id, ${quoteLiteral(field.name)} AS field, 'encoding' AS rule, ${quoteIdent(field.name)} AS value FROM ${quoteIdent(tables.rows)} WHERE regexp_matches(${quoteIdent(field.name)}, ${pattern})`,
  );
  return `INSERT INTO ${quoteIdent(tables.problems)} ${checks.join('\nUNION ALL\n')}`;
}
