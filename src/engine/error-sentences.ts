/** The engine's plain sentences for common SQL mistakes, in English (the app translates the same keys, src/ui/messages). */
export const engineSentences = {
  'sql.noTable': 'There is no table named {table}; check the table names in the schema browser.',
  'sql.noColumn': 'There is no column named {column} here; check the column names in the schema browser.',
  'sql.syntaxNear': 'The SQL has a syntax error near "{near}"; check the spelling and punctuation there.',
  'sql.syntax': 'The SQL has a syntax error; check the spelling and punctuation.',
} as const;
