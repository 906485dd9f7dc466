/**
 * Masking personal data before a table leaves the machine in a share bundle. Pure: column choice and SQL text.
 *
 * Which columns: those the source cell's column mapping (preset or corrected mapping, see
 * docs/customer-model.md) maps to a personal field of the common customer model — e-mail, phone and mobile,
 * names and their readings, street address lines, postal code, birth date. Columns the mapping does not know
 * stay as they are; name extra ones in `columns`.
 *
 * Modes, applied in SQL inside the SELECT that writes the Parquet file, so the clear values never reach it:
 * - `hash`: `sha256(salt || value)`, its first 32 hex characters (128 bits). One salt per bundle, so the same value hashes the
 *   same everywhere in the bundle and joins on e-mail or phone still work; the salt is not written into the
 *   bundle, so a recipient cannot test guesses (a phone number has few enough digits to try them all).
 * - `mask`: readable but not identifying: `t***@example.com`, `090-****-5678`, `山***`, `1**-****`,
 *   `***` for address lines, birth dates cut to the year. Masked values no longer join.
 * NULL stays NULL in both modes.
 */
import { sentenceError } from '../engine/engine.ts';
import { bundleSentences } from './bundle-sentences.ts';
import { quoteIdent, quoteLiteral } from '../engine/sql.ts';
import type { FieldId } from '../ingest/mapping/customer-model.ts';

export type MaskMode = 'hash' | 'mask';

export interface MaskingOptions {
  mode: MaskMode;
  /** For `hash`: the salt. A bundle writer makes a random one when it is absent. */
  salt?: string;
  /** Extra columns to treat as personal, per table: `{ crm: { Notes: 'name' } }`. */
  columns?: Record<string, Record<string, PersonalKind>>;
}

export type PersonalKind = 'email' | 'phone' | 'name' | 'address' | 'postal_code' | 'birth_date';

/** The customer-model fields that identify a person, and how each is masked. */
export const personalFields: Readonly<Partial<Record<FieldId, PersonalKind>>> = {
  full_name: 'name',
  family_name: 'name',
  given_name: 'name',
  name_reading: 'name',
  family_name_reading: 'name',
  given_name_reading: 'name',
  email: 'email',
  phone: 'phone',
  mobile_phone: 'phone',
  address: 'address',
  address_2: 'address',
  postal_code: 'postal_code',
  birth_date: 'birth_date',
};

export interface PersonalColumn {
  column: string;
  kind: PersonalKind;
  /** The model field the mapping gave it, when it came from the mapping. */
  field?: FieldId;
}

/** The personal columns of a table from its column mapping (field → original column) plus extra ones. */
export function personalColumns(
  mapping: Readonly<Record<string, string>>,
  headers: readonly string[],
  extra: Readonly<Record<string, PersonalKind>> = {},
): PersonalColumn[] {
  const present = new Set(headers);
  const found = new Map<string, PersonalColumn>();
  for (const [field, column] of Object.entries(mapping)) {
    const kind = personalFields[field as FieldId];
    if (kind && present.has(column) && !found.has(column)) found.set(column, { column, kind, field: field as FieldId });
  }
  for (const [column, kind] of Object.entries(extra)) {
    if (!present.has(column)) throw sentenceError(bundleSentences, 'bundle.maskColumn', { column }, 'masking');
    found.set(column, { column, kind });
  }
  return headers.filter((header) => found.has(header)).map((header) => found.get(header)!);
}

/** Hex characters kept of each SHA-256: 128 bits, so distinct values do not collide in practice, at half the size. */
export const hashLength = 32;

/** The SQL expression that masks `column` (already a quoted identifier) of the given kind. */
export function maskExpression(quoted: string, kind: PersonalKind, mode: MaskMode, salt = ''): string {
  const text = `CAST(${quoted} AS VARCHAR)`;
  if (mode === 'hash')
    return `CASE WHEN ${quoted} IS NULL THEN NULL ELSE left(sha256(${quoteLiteral(salt)} || ${text}), ${hashLength}) END`;
  switch (kind) {
    case 'email':
      return `CASE WHEN ${quoted} IS NULL THEN NULL WHEN strpos(${text}, '@') > 1 THEN left(${text}, 1) || '***' || substr(${text}, strpos(${text}, '@')) ELSE '***' END`;
    case 'phone':
      // Keep the first three and last four characters; digits between them become *.
      return `CASE WHEN ${quoted} IS NULL THEN NULL WHEN length(${text}) <= 7 THEN regexp_replace(${text}, '[0-9０-９]', '*', 'g') ELSE left(${text}, 3) || regexp_replace(substr(${text}, 4, length(${text}) - 7), '[0-9０-９]', '*', 'g') || right(${text}, 4) END`;
    case 'name':
      return `CASE WHEN ${quoted} IS NULL THEN NULL WHEN trim(${text}) = '' THEN ${text} ELSE left(trim(${text}), 1) || '***' END`;
    case 'address':
      return `CASE WHEN ${quoted} IS NULL THEN NULL WHEN trim(${text}) = '' THEN ${text} ELSE '***' END`;
    case 'postal_code':
      return `CASE WHEN ${quoted} IS NULL THEN NULL ELSE left(${text}, 1) || regexp_replace(substr(${text}, 2), '[0-9A-Za-z０-９]', '*', 'g') END`;
    case 'birth_date':
      return `CASE WHEN ${quoted} IS NULL THEN NULL ELSE left(${text}, 4) END`;
  }
}

/**
 * `maskExpression`'s `mask` mode for one value in JS, for the few rows a report shows (the SQL form is for whole
 * tables; `masking.test.ts` checks that both give the same text). DuckDB's `trim` strips spaces only.
 */
export function maskValue(text: string, kind: PersonalKind): string {
  const chars = [...text];
  const trimmed = text.replace(/^ +| +$/g, '');
  switch (kind) {
    case 'email': {
      const at = chars.indexOf('@');
      return at > 0 ? `${chars[0]}***${chars.slice(at).join('')}` : '***';
    }
    case 'phone': {
      const digits = /[0-9０-９]/g;
      if (chars.length <= 7) return text.replace(digits, '*');
      return chars.slice(0, 3).join('') + chars.slice(3, -4).join('').replace(digits, '*') + chars.slice(-4).join('');
    }
    case 'name':
      return trimmed === '' ? text : `${[...trimmed][0]}***`;
    case 'address':
      return trimmed === '' ? text : '***';
    case 'postal_code':
      return (
        (chars[0] ?? '') +
        chars
          .slice(1)
          .join('')
          .replace(/[0-9A-Za-z０-９]/g, '*')
      );
    case 'birth_date':
      return chars.slice(0, 4).join('');
  }
}

/** `SELECT` of every column of `table`, the personal ones masked, in the table's column order. */
export function maskedSelectSql(
  table: string,
  headers: readonly string[],
  personal: readonly PersonalColumn[],
  mode: MaskMode,
  salt = '',
): string {
  const kinds = new Map(personal.map((column) => [column.column, column.kind]));
  const columns = headers.map((header) => {
    const quoted = quoteIdent(header);
    const kind = kinds.get(header);
    return kind ? `${maskExpression(quoted, kind, mode, salt)} AS ${quoted}` : quoted;
  });
  return `SELECT ${columns.length > 0 ? columns.join(', ') : '*'} FROM ${quoteIdent(table)}`;
}

/** A random salt, 128 bits as hex (WebCrypto: the browser and Node alike). */
export function randomSalt(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
