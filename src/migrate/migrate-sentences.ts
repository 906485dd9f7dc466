/** Why a migration cannot be written, in English (the app translates the same keys, src/ui/messages). */
export const migrateSentences = {
  'migrate.noTarget': 'Choose a target for the import file: one of {targets}.',
  'migrate.mapping': 'The mapping must list target fields with a column name (or nothing) each, e.g. "LastName: name.family".',
  'migrate.target': 'There is no migration target "{target}"; choose one of {targets}.',
  'migrate.encoding': 'The encoding must be utf-8, utf-8-bom or cp932, not "{encoding}".',
  'migrate.format': 'The import file\'s format must be csv or xlsx, not "{format}".',
  'migrate.field': '"{field}" is not a field of {target}; its fields are {fields}.',
  'migrate.column': '{field} is mapped to "{column}", which is not a column of {table} (nor one of {derived}).',
  'migrate.unmapped': '{target} needs {fields}, which have no source column; map them before the import file is written.',
  'migrate.noTable': 'There is no table "{table}" to migrate; run the match cell (or load the table) first.',
  'migrate.noAccounts':
    'There is no table "{table}" to check the account links against; load the accounts file or run its migrate cell first.',
  'migrate.noAccountLink': '{target} has no account link to check; an accounts file applies to contacts.',
  'migrate.noReceived': 'There is no table "{table}" to compare with; load the target\'s export after the import in a source cell first.',
  'migrate.noExternalId':
    "{table} has no {field} column, so its rows cannot be matched with what was sent; export the target's records with that field.",
} as const;

export type MigrateSentenceKey = keyof typeof migrateSentences;
