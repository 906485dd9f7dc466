/**
 * Names for lists of people: a customer id (an order's contact_id, a segment's key) joined to the source table that
 * holds that person, so a list shows "山田 太郎 · さくら商事" before `003Kd00000000OUQAA`. The name columns come from
 * the source's column mapping (full_name, else family_name + given_name; company). The join is SQL, run in the
 * warehouse; without a linked people table the list keeps the id alone.
 */
import type { Cell } from '../document/model.ts';
import type { Engine } from '../engine/engine.ts';
import { quoteIdent } from '../engine/sql.ts';
import { queryRows } from '../engine/plain-rows.ts';
import { sourceMapping } from '../ingest/mapping/propose.ts';
import { sharedValuesSql } from './table-guess.ts';
import { columnNames } from '../engine/catalog.ts';

/** A table of people and the columns that give each one's id, name and company. Plain data: it crosses to the worker. */
export interface PeopleNames {
  table: string;
  id: string;
  fullName?: string;
  familyName?: string;
  givenName?: string;
  company?: string;
}

/** The columns the join adds in front of a list's own. */
export const nameColumn = 'name';
export const companyColumn = 'company';

/** The people in a mapped source, when its mapping names an id and a name. */
export function peopleNamesFromMapping(table: string, mapping: Readonly<Record<string, string>>): PeopleNames | undefined {
  const id = mapping.source_id;
  if (!id || !(mapping.full_name || mapping.family_name || mapping.given_name)) return undefined;
  return {
    table,
    id,
    ...(mapping.full_name ? { fullName: mapping.full_name } : {}),
    ...(mapping.family_name ? { familyName: mapping.family_name } : {}),
    ...(mapping.given_name ? { givenName: mapping.given_name } : {}),
    ...(mapping.company ? { company: mapping.company } : {}),
  };
}

const cleanText = (column: string) => `nullif(trim(${quoteIdent(column)}::VARCHAR), '')`;

/**
 * One person's name as SQL: the full name, else family and given name, family first when either is written in a
 * non-Latin script (山田 太郎) and given first otherwise (Jane Smith).
 */
function nameExpression(people: PeopleNames): string {
  const full = people.fullName ? cleanText(people.fullName) : undefined;
  const family = people.familyName ? cleanText(people.familyName) : 'NULL';
  const given = people.givenName ? cleanText(people.givenName) : 'NULL';
  const nonLatin = `regexp_matches(coalesce(${family}, '') || coalesce(${given}, ''), '[^\\x00-\\x{024F}]')`;
  const parts = `nullif(CASE WHEN ${nonLatin} THEN concat_ws(' ', ${family}, ${given}) ELSE concat_ws(' ', ${given}, ${family}) END, '')`;
  return full ? `coalesce(${full}, ${parts})` : parts;
}

/** One row per id of the people table: person_id (text), person_name, person_company. */
export function peopleNamesSql(people: PeopleNames): string {
  const company = people.company ? cleanText(people.company) : 'NULL';
  return `SELECT ${quoteIdent(people.id)}::VARCHAR AS person_id, min(${nameExpression(people)}) AS person_name, min(${company}) AS person_company
FROM ${quoteIdent(people.table)} WHERE ${quoteIdent(people.id)} IS NOT NULL GROUP BY 1`;
}

/**
 * The rows of `rowsSql` with the person's name and company in front, joined on `idColumn`, in `orderBy`'s order.
 * Without people, the rows as they are.
 */
export function withPeopleNamesSql(
  rowsSql: string,
  idColumn: string,
  people: PeopleNames | undefined,
  orderBy: readonly { column: string; descending?: boolean }[] = [],
): string {
  if (!people) return rowsSql;
  const order = orderBy.map(({ column, descending }) => `listed.${quoteIdent(column)}${descending ? ' DESC' : ''}`);
  return `SELECT people.person_name AS ${quoteIdent(nameColumn)}, people.person_company AS ${quoteIdent(companyColumn)}, listed.*
FROM (${rowsSql}) listed LEFT JOIN (${peopleNamesSql(people)}) people ON people.person_id = listed.${quoteIdent(idColumn)}::VARCHAR${
    order.length ? `\nORDER BY ${order.join(', ')}` : ''
  }`;
}

/**
 * The mapped source whose ids the values of `ids` point at (the most shared values), with its name columns; undefined
 * when no source with a mapped name shares any.
 */
export async function findPeopleNames(
  engine: Pick<Engine, 'query'>,
  cells: readonly Cell[],
  ids: { table: string; column: string },
): Promise<PeopleNames | undefined> {
  let best: PeopleNames | undefined;
  let most = 0;
  for (const cell of cells) {
    if (cell.kind !== 'source' || !cell.name) continue;
    const headers = await columnNames(engine, cell.name);
    if (headers.length === 0) continue;
    const people = peopleNamesFromMapping(cell.name, sourceMapping(cell.spec, headers));
    if (!people || !headers.includes(people.id)) continue;
    const [row] = await queryRows(engine, sharedValuesSql(ids, { table: people.table, column: people.id })).catch(() => []);
    const shared = Number(row?.shared ?? 0);
    if (shared > most) [best, most] = [people, shared];
  }
  return best;
}
