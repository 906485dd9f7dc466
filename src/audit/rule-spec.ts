import { sentenceError, type KuraError } from '../engine/engine.ts';
import type { AuditSpec, AuditTable } from './job.ts';
import type { ReconcileSpec } from './reconcile.ts';
import { ruleSentences, type RuleSentenceKey } from './rule-sentences.ts';
import type { Rule, RuleKind } from './rules.ts';

/** Fields each rule kind needs beyond `kind` and `table`, with their shape. */
const required: Record<RuleKind, Record<string, 'string' | 'strings' | 'number'>> = {
  not_null: { column: 'string' },
  unique: { columns: 'strings' },
  accepted_values: { column: 'string', values: 'strings' },
  regex: { column: 'string', pattern: 'string' },
  range: { column: 'string' },
  valid_email: { column: 'string' },
  valid_phone: { column: 'string' },
  valid_postal_code: { column: 'string' },
  references: { column: 'string', refTable: 'string', refColumn: 'string' },
  freshness: { column: 'string', asOf: 'string', maxAgeDays: 'number' },
  row_count: {},
};

export const ruleKinds = Object.keys(required) as RuleKind[];

function invalid(key: RuleSentenceKey, values?: Record<string, string | number>): KuraError {
  return sentenceError(ruleSentences, key, values, 'invalid-rules');
}

/**
 * Checks rules read from a file or a notebook cell (YAML or JSON, already parsed) and returns them typed.
 * Accepts a list of rules or an object with a `rules` list (the audit cell's body). A rule without `table` gets
 * `defaultTable` when given; `unique` also accepts a single `column`. Throws a KuraError with one plain sentence
 * naming the first broken rule (1-based).
 */
export function parseRules(value: unknown, defaultTable?: string): Rule[] {
  const list = Array.isArray(value)
    ? value
    : isObject(value) && Array.isArray(value.rules)
      ? value.rules
      : value === null || value === undefined
        ? []
        : undefined;
  if (!list) throw invalid('rules.notList');
  return list.map((item, index) => parseRule(item, index + 1, defaultTable));
}

function parseRule(item: unknown, position: number, defaultTable: string | undefined): Rule {
  if (!isObject(item)) throw invalid('rules.notObject', { rule: position });
  const rule: Record<string, unknown> = { ...item };
  if (rule.table === undefined && defaultTable !== undefined) rule.table = defaultTable;
  if (rule.kind === 'unique' && rule.columns === undefined && typeof rule.column === 'string') {
    rule.columns = [rule.column];
    delete rule.column;
  }
  const kind = rule.kind;
  if (typeof kind !== 'string' || !(kind in required)) {
    throw invalid('rules.kind', { rule: position, kind: String(kind), kinds: ruleKinds.join(', ') });
  }
  if (typeof rule.table !== 'string' || rule.table === '') throw invalid('rules.table', { rule: position, kind });
  for (const [field, shape] of Object.entries(required[kind as RuleKind])) {
    const v = rule[field];
    const ok =
      shape === 'string'
        ? typeof v === 'string' && v !== ''
        : shape === 'number'
          ? typeof v === 'number' && Number.isFinite(v)
          : Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number');
    if (!ok)
      throw invalid(shape === 'strings' ? 'rules.fieldTexts' : shape === 'number' ? 'rules.fieldNumber' : 'rules.fieldText', {
        rule: position,
        kind,
        field,
      });
    if (shape === 'strings') rule[field] = (v as unknown[]).map(String);
  }
  if (kind === 'range' && rule.min === undefined && rule.max === undefined) throw invalid('rules.rangeBounds', { rule: position });
  if (kind === 'range') {
    for (const bound of ['min', 'max']) {
      const b = rule[bound];
      if (b !== undefined && typeof b !== 'number' && !(typeof b === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(b))) {
        throw invalid('rules.rangeBound', { rule: position, bound });
      }
    }
  }
  if (kind === 'row_count') {
    for (const bound of ['min', 'max'])
      if (rule[bound] !== undefined && typeof rule[bound] !== 'number') throw invalid('rules.rowCountBound', { rule: position, bound });
    if (rule.equalsTable !== undefined && typeof rule.equalsTable !== 'string') throw invalid('rules.rowCountTable', { rule: position });
  }
  if (kind === 'freshness' && !/^\d{4}-\d{2}-\d{2}$/.test(String(rule.asOf))) throw invalid('rules.freshnessAsOf', { rule: position });
  return rule as unknown as Rule;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A short human label for a rule, e.g. "contacts.email: valid_email". */
export function ruleLabel(rule: Rule): string {
  const target =
    'column' in rule ? `${rule.table}.${rule.column}` : rule.kind === 'unique' ? `${rule.table}(${rule.columns.join(', ')})` : rule.table;
  return `${target}: ${rule.kind}`;
}

/**
 * Checks an audit spec read from YAML or JSON (the audit cell's body): `tables` (names, or `{table, key}`),
 * `rules` (see parseRules) and an optional `reconcile` ({source, target, key, columnMap?, compare?, tolerance?}).
 * Throws a KuraError with one plain sentence.
 */
export function parseAuditSpec(value: unknown): AuditSpec {
  if (!isObject(value)) throw invalid('rules.auditObject');
  const tablesValue = value.tables ?? [];
  if (!Array.isArray(tablesValue)) throw invalid('rules.tablesList');
  const tables: AuditTable[] = tablesValue.map((t, index) => {
    if (typeof t === 'string' && t !== '') return t;
    if (isObject(t) && typeof t.table === 'string' && (t.key === undefined || isTextList(t.key)))
      return t.key === undefined ? { table: t.table } : { table: t.table, key: t.key as string[] };
    throw invalid('rules.tableItem', { index: index + 1 });
  });
  const spec: AuditSpec = { tables, rules: parseRules(value.rules ?? [], typeof tables[0] === 'string' ? tables[0] : tables[0]?.table) };
  if (value.reconcile !== undefined && value.reconcile !== null) {
    const r = value.reconcile;
    if (!isObject(r) || typeof r.source !== 'string' || typeof r.target !== 'string') throw invalid('rules.reconcileTables');
    const key = typeof r.key === 'string' ? [r.key] : r.key;
    if (!isTextList(key) || key.length === 0) throw invalid('rules.reconcileKey');
    if (r.columnMap !== undefined && !(isObject(r.columnMap) && Object.values(r.columnMap).every((v) => typeof v === 'string')))
      throw invalid('rules.reconcileColumnMap');
    if (r.compare !== undefined && !isTextList(r.compare)) throw invalid('rules.reconcileCompare');
    if (r.tolerance !== undefined && !isObject(r.tolerance)) throw invalid('rules.reconcileTolerance');
    spec.reconcile = { ...(r as unknown as ReconcileSpec), key };
  }
  return spec;
}

function isTextList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string' && v !== '');
}
