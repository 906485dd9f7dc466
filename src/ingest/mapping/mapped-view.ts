import { quoteIdent } from '../../engine/sql.ts';
import { customerFields, isFieldId } from './customer-model.ts';
import { specError } from '../../document/spec-error.ts';

/**
 * The view that shows a loaded table under common-model names:
 * `CREATE OR REPLACE VIEW view AS SELECT <mapped columns AS model field ids>, <all original columns> FROM table`.
 *
 * - Model columns come first, in customer-model order, values unchanged (no casts, no cleaning).
 * - Every original column follows under its own name, so nothing the file had is lost.
 * - A mapped original whose name already is its field's name (DuckDB compares names without
 *   case: "Email" mapped to email) appears once, as the model column.
 * - Any other original named like a mapped field (an unmapped "phone" while phone is mapped to
 *   "Phone Number") keeps its values; DuckDB gives it a suffix ("phone_1") because the model
 *   column owns the name.
 */
export function mappedViewSql(table: string, view: string, mapping: Readonly<Record<string, string>>): string {
  for (const field of Object.keys(mapping)) {
    if (!isFieldId(field)) throw specError('spec.mappingField', { field }, 'mapping');
  }
  const modelColumns = customerFields
    .filter((field) => mapping[field.id] !== undefined)
    .map((field) => `${quoteIdent(mapping[field.id]!)} AS ${quoteIdent(field.id)}`);
  const alreadyShown = customerFields
    .map((field) => mapping[field.id])
    .filter((header, index): header is string => header !== undefined && header.toLowerCase() === customerFields[index]!.id);
  const originals = alreadyShown.length === 0 ? '*' : `* EXCLUDE (${[...new Set(alreadyShown)].map(quoteIdent).join(', ')})`;
  return `CREATE OR REPLACE VIEW ${quoteIdent(view)} AS SELECT ${[...modelColumns, originals].join(', ')} FROM ${quoteIdent(table)}`;
}
