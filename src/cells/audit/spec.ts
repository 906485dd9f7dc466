import type { AuditSpec, AuditTable } from '../../audit/job.ts';
import type { ReconcileSpec } from '../../audit/reconcile.ts';
import { parseRules, ruleLabel } from '../../audit/rule-spec.ts';
import type { Rule } from '../../audit/rules.ts';
import { specError } from '../../document/spec-error.ts';

/**
 * The audit cell's YAML body:
 *
 *     tables: [crm_contacts, {table: orders, key: [order_id]}]
 *     rules:
 *       - {kind: valid_email, table: crm_contacts, column: Email}
 *     dismissed: ["crm_contacts.Phone: valid_phone"]   # suggestions the user rejected
 *     reconcile: {source: contacts_export, target: contacts_migrated, key: [Id]}
 *
 * A rule without `table` applies to the first table.
 */
export interface AuditCellSpec {
  audit: AuditSpec;
  /** Labels (ruleLabel) of suggested rules the user rejected; they are not offered again. */
  dismissed: string[];
}

export function readAuditCellSpec(spec: Record<string, unknown>): AuditCellSpec {
  const tables = readTables(spec.tables);
  const rules = parseRules(spec.rules ?? [], tableName(tables[0]));
  const dismissed = Array.isArray(spec.dismissed) ? spec.dismissed.map(String) : [];
  const reconcile = spec.reconcile === undefined || spec.reconcile === null ? undefined : readReconcile(spec.reconcile);
  if (tables.length === 0 && rules.length === 0 && !reconcile) {
    throw specError('spec.auditTables');
  }
  return { audit: { tables, rules, ...(reconcile ? { reconcile } : {}) }, dismissed };
}

export function tableName(table: AuditTable | undefined): string | undefined {
  return table === undefined ? undefined : typeof table === 'string' ? table : table.table;
}

/** The spec with a suggested rule accepted (added to `rules`) or rejected (remembered in `dismissed`). */
export function decideSuggestion(spec: Record<string, unknown>, rule: Rule, accept: boolean): Record<string, unknown> {
  if (accept) return { ...spec, rules: [...(Array.isArray(spec.rules) ? spec.rules : []), { ...rule }] };
  const dismissed = Array.isArray(spec.dismissed) ? spec.dismissed : [];
  return { ...spec, dismissed: [...dismissed, ruleLabel(rule)] };
}

/** The spec with one rule removed, by its position in `rules`. */
export function removeRule(spec: Record<string, unknown>, index: number): Record<string, unknown> {
  const rules = Array.isArray(spec.rules) ? spec.rules.filter((_, position) => position !== index) : [];
  return { ...spec, rules };
}

function readTables(value: unknown): AuditTable[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((item, index) => {
    if (typeof item === 'string' && item !== '') return item;
    if (item && typeof item === 'object' && typeof (item as { table?: unknown }).table === 'string') {
      const { table, key } = item as { table: string; key?: unknown };
      const keys = key === undefined ? undefined : (Array.isArray(key) ? key : [key]).map(String);
      return keys ? { table, key: keys } : { table };
    }
    throw specError('spec.auditTable', { index: index + 1 });
  });
}

function readReconcile(value: unknown): ReconcileSpec {
  const spec = value as Partial<ReconcileSpec> & { key?: unknown };
  if (!spec || typeof spec !== 'object' || typeof spec.source !== 'string' || typeof spec.target !== 'string' || spec.key === undefined) {
    throw specError('spec.auditReconcile');
  }
  const key = (Array.isArray(spec.key) ? spec.key : [spec.key]).map(String);
  return { ...spec, source: spec.source, target: spec.target, key } as ReconcileSpec;
}

/** The spec with its reconciliation replaced, or removed when `reconcile` is undefined (the YAML keeps every other field). */
export function setReconcile(spec: Record<string, unknown>, reconcile: ReconcileSpec | undefined): Record<string, unknown> {
  const { reconcile: _previous, ...rest } = spec;
  return reconcile ? { ...rest, reconcile } : rest;
}

/** What the reconciliation controls show: the spec's `reconcile` as far as it reads, blanks otherwise. */
export function reconcileDraft(value: unknown): ReconcileSpec {
  const spec = value && typeof value === 'object' ? (value as Partial<ReconcileSpec> & { key?: unknown }) : {};
  const key = spec.key === undefined || spec.key === null ? [] : (Array.isArray(spec.key) ? spec.key : [spec.key]).map(String);
  return {
    ...spec,
    source: typeof spec.source === 'string' ? spec.source : '',
    target: typeof spec.target === 'string' ? spec.target : '',
    key,
  } as ReconcileSpec;
}

/** A draft is written into the spec once it names both tables and a key. */
export function reconcileComplete(draft: ReconcileSpec): boolean {
  return draft.source !== '' && draft.target !== '' && draft.key.length > 0;
}
