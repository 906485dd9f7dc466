/** Why matching or search cannot run, in English (the app translates the same keys, src/ui/messages). */
export const identitySentences = {
  'identity.threshold': 'The match threshold must be a probability between 0 and 1, e.g. 0.9.',
  'identity.noSources': 'Choose at least one source to match.',
  'identity.sameName': 'Two sources are called "{name}"; give each a different name.',
  'identity.noTable': 'There is no table "{table}" to match; load it first.',
  'identity.noColumn': 'Table "{table}" has no column "{column}"; correct the mapping.',
  'identity.noFields': 'The sources have no fields to compare; map at least a name, e-mail or phone column.',
  'identity.noGolden': 'Run matching first: there are no golden records to search.',
  'identity.noCustomer': 'There is no customer {id} in the last match; search again, the match may have run since.',
  'identity.noRecord': 'Record {id} is in none of the matched sources; add its source to the match cell and run it again.',
  'identity.noPairs': 'Run the match cell again: the pairs it compared were made by an older version of Kura or are gone.',
  'identity.alreadyMatched': 'Source "{name}" is already among the matched customers; give the new export another name.',
  'identity.modelShape':
    'The match model in the spec needs "blocking" (rules with "keys"), "comparisons" (each with "name", "nullWhenMissing" and "levels"), "maxBlockSize", "uSamplePairs" and "emIterations"; use "Back to the proposed model" to start again.',
  'identity.modelLevel': 'Level "{label}" of the comparison "{comparison}" has kind "{kind}", which is not one of: {kinds}.',
} as const;

export type IdentitySentenceKey = keyof typeof identitySentences;
