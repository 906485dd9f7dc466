/**
 * Two shapes of plain text tables older systems write, read as a user would expect: columns lined up with spaces
 * (CDNOW_master.txt: ` 00001 19970101  1   11.77`), and dates written as eight digits (`19970101`).
 */
import type { Engine } from '../engine/engine.ts';
import { queryRows } from '../engine/plain-rows.ts';
import { ident, raw, sql } from '../engine/sql.ts';
import { parseRecords } from './dialect.ts';
import { inCurrentSchema } from '../engine/catalog.ts';

const sampleLines = 200;

/**
 * Whether no delimiter splits the text but runs of spaces do, into the same number (two or more) of fields on
 * nearly every sampled line, with padding somewhere and no quoted field to respect.
 */
export function isSpaceAligned(head: string): boolean {
  if (head.includes('"')) return false;
  for (const delimiter of [',', '\t', ';', '|']) {
    if (parseRecords(head, delimiter, 20, false).some((record) => record.length > 1)) return false;
  }
  const lines = head
    .split(/\r?\n/)
    .slice(0, sampleLines)
    .filter((line) => line.trim() !== '');
  // Lined-up columns show as padding; one space alone may just be inside a value ("山田 太郎").
  if (!lines.some((line) => /^ | {2}/.test(line))) return false;
  const widths = lines.map((line) => line.trim().split(/ +/).length);
  if (widths.length < 2) return false;
  const width = widths[0]!;
  return width >= 2 && widths.filter((value) => value === width).length >= widths.length * 0.95;
}

/** Space-aligned text as tab-separated text: each line trimmed, each run of spaces one tab. */
export function spaceAlignedAsTabs(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim().replace(/ +/g, '\t'))
    .join('\n');
}

/** Names that say a column holds dates: date, 日付, 作成日, order_dt, created_on… */
const dateName = /date|(^|_)dt($|_)|_on$|日付|年月日|日$/i;

/**
 * Integer columns named as dates whose every value is a real date written YYYYMMDD become DATE columns.
 * A column with one value that is not such a date stays as it is.
 */
export async function withCompactDates(engine: Engine, table: string): Promise<void> {
  const columns = await queryRows(
    engine,
    sql`SELECT column_name FROM information_schema.columns WHERE table_name = ${table} AND ${raw(inCurrentSchema())} AND data_type IN ('INTEGER', 'BIGINT', 'HUGEINT', 'UBIGINT', 'UINTEGER')`,
  );
  for (const { column_name } of columns) {
    const column = String(column_name);
    if (!dateName.test(column)) continue;
    const name = ident(column);
    const [check] = await queryRows(
      engine,
      sql`SELECT count(${name})::BIGINT AS filled,
                 count(*) FILTER (WHERE ${name} BETWEEN 18000101 AND 22001231
                                    AND try_strptime(${name}::VARCHAR, '%Y%m%d') IS NOT NULL)::BIGINT AS dates
          FROM ${ident(table)}`,
    );
    if (!check || Number(check.filled) === 0 || Number(check.filled) !== Number(check.dates)) continue;
    await engine.exec(String(sql`ALTER TABLE ${ident(table)} ALTER ${name} TYPE DATE USING strptime(${name}::VARCHAR, '%Y%m%d')::DATE`));
  }
}
