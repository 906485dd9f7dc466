/** Why an audit spec or a rules file is refused, in English (the app translates the same keys, src/ui/messages). */
export const ruleSentences = {
  'rules.notList': 'The rules must be a list of rules (or an object with a "rules" list).',
  'rules.notObject': 'Rule {rule} is not an object with a "kind"; write each rule as kind: …, column: ….',
  'rules.kind': 'Rule {rule} has kind "{kind}", which is not one of: {kinds}.',
  'rules.table': 'Rule {rule} ({kind}) needs a "table".',
  'rules.fieldText': 'Rule {rule} ({kind}) needs "{field}" as a text.',
  'rules.fieldNumber': 'Rule {rule} ({kind}) needs "{field}" as a number.',
  'rules.fieldTexts': 'Rule {rule} ({kind}) needs "{field}" as a list of texts.',
  'rules.rangeBounds': 'Rule {rule} (range) needs "min", "max" or both.',
  'rules.rangeBound': 'Rule {rule} (range) needs "{bound}" as a number or a date written 2024-01-31.',
  'rules.rowCountBound': 'Rule {rule} (row_count) needs "{bound}" as a number.',
  'rules.rowCountTable': 'Rule {rule} (row_count) needs "equalsTable" as a table name.',
  'rules.freshnessAsOf': 'Rule {rule} (freshness) needs "asOf" as a date written 2024-01-31.',
  'rules.auditObject': 'The audit must be an object with "tables", and optionally "rules" and "reconcile".',
  'rules.tablesList': '"tables" must be a list of table names.',
  'rules.tableItem': 'Table {index} must be a table name, or an object with "table" and an optional "key" list.',
  'rules.reconcileTables': '"reconcile" needs "source" and "target" table names.',
  'rules.reconcileKey': '"reconcile" needs "key": a column name or a list of them.',
  'rules.reconcileColumnMap': '"reconcile.columnMap" must map source column names to target column names.',
  'rules.reconcileCompare': '"reconcile.compare" must be a list of column names.',
  'rules.reconcileTolerance':
    '"reconcile.tolerance" must be an object (numericAbsolute, numericRelative, ignoreCase, ignoreWhitespace, nfkc).',
} as const;

export type RuleSentenceKey = keyof typeof ruleSentences;
