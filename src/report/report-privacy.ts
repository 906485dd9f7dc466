/**
 * What a report hides unless its author chooses to show personal data. A report travels further than the data, so
 * personal values are masked wherever they flow into it (SQL results, segments, analytic tables, chart data, audit
 * samples, error messages), in the `mask` style of masking.ts (`t***@example.jp`, `090-****-5678`, `山***`):
 * - by column name (case-insensitive, as DuckDB's identifiers are): the columns each source cell's mapping maps to a
 *   personal field, the common model's personal field names (the `_mapped` views), the golden record's personal
 *   fields and the identity tables' display columns. A query that keeps the name keeps the mask
 *   (`select Email from crm_contacts`, `select * from customers_golden`);
 * - by shape, in every other text value: e-mail addresses and phone numbers (10–15 digits) inside any string are
 *   masked too, so a renamed or concatenated column (`lower(Email) as e`) does not slip through.
 * Names and street addresses under a name the report does not know cannot be recognised by shape; the docs say so.
 */
import type { Cell } from '../document/model.ts';
import { sourceMapping } from '../ingest/mapping/propose.ts';
import { maskValue, personalColumns, personalFields, type PersonalKind } from './masking.ts';

/** Personal columns of the golden record (src/identity/golden/golden.ts) and the identity input's display columns. */
export const identityPersonalColumns: Readonly<Record<string, PersonalKind>> = {
  name: 'name',
  email: 'email',
  phone: 'phone',
  mobile_phone: 'phone',
  address: 'address',
  postal_code: 'postal_code',
  birth_date: 'birth_date',
  email_display: 'email',
  phone_display: 'phone',
  mobile: 'phone',
  mobile_display: 'phone',
  postal: 'postal_code',
  postal_display: 'postal_code',
};

/** Column name (lower case) → how it is masked. */
export type PersonalColumnNames = ReadonlyMap<string, PersonalKind>;

/** The names every report masks, whatever its sources: the common model's personal fields and the identity tables'. */
export function standardPersonalColumns(): Map<string, PersonalKind> {
  const names = new Map<string, PersonalKind>();
  for (const [field, kind] of Object.entries(personalFields)) names.set(field.toLowerCase(), kind);
  for (const [column, kind] of Object.entries(identityPersonalColumns)) names.set(column, kind);
  return names;
}

/** The standard names plus the columns each table's mapping (common-model field → column) maps to a personal field. */
export function personalColumnNames(
  tables: readonly { mapping: Readonly<Record<string, string>>; headers: readonly string[] }[],
): Map<string, PersonalKind> {
  const names = standardPersonalColumns();
  for (const { mapping, headers } of tables) {
    for (const { column, kind } of personalColumns(mapping, headers)) names.set(column.toLowerCase(), kind);
  }
  return names;
}

/** `personalColumnNames` of a notebook's source tables as loaded (`columnsByTable`: table → column names). */
export function notebookPersonalColumns(
  cells: readonly Cell[],
  columnsOf: Readonly<Record<string, readonly string[]>>,
): Map<string, PersonalKind> {
  return personalColumnNames(
    cells.flatMap((cell) => {
      if (cell.kind !== 'source' || cell.name === '') return [];
      const headers = columnsOf[cell.name] ?? [];
      return [{ mapping: sourceMapping(cell.spec, headers), headers }];
    }),
  );
}

const email = /[^\s@<>"'(),;:[\]]+@[^\s@<>"'(),;:[\]]+\.[^\s@<>"'(),;:[\]]+/gu;
// A run of digits with the separators phone numbers are written with, not touching letters or digits around it.
const phoneLike = /(?<![\p{L}\p{N}.:/_-])\+?[(（]?[0-9０-９][0-9０-９()（）\-‐－−ー .]{6,}[0-9０-９](?![\p{L}\p{N}:/_])/gu;
const dateLike = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}/;

/** E-mail addresses and phone numbers found inside free text, masked. */
export function maskPersonalText(text: string): string {
  return text
    .replace(email, (found) => maskValue(found, 'email'))
    .replace(phoneLike, (found) => {
      const digits = found.replace(/[^0-9０-９]/g, '').length;
      return digits >= 10 && digits <= 15 && !dateLike.test(found.normalize('NFKC')) ? maskValue(found, 'phone') : found;
    });
}

/** How the report writes a value: masked (`hide`) or as it is. */
export interface ReportMasker {
  /** The text of a value in `column`: masked by the column's kind, else any e-mail or phone inside it. */
  value(column: string, text: string): string;
  /** Free text (an error message, a label): any e-mail or phone inside it. */
  text(text: string): string;
  /** Whether the report hides personal data. */
  hides: boolean;
}

export function reportMasker(columns: PersonalColumnNames | 'show'): ReportMasker {
  if (columns === 'show') return { value: (_, text) => text, text: (text) => text, hides: false };
  return {
    value: (column, text) => {
      const kind = columns.get(column.toLowerCase());
      return kind ? maskValue(text, kind) : maskPersonalText(text);
    },
    text: maskPersonalText,
    hides: true,
  };
}
