/** Why a share bundle is refused, in English (the app translates the same keys, src/ui/messages). */
export const bundleSentences = {
  'bundle.notLoaded': 'The table of source cell "{cell}" is not loaded; run the notebook (or load its file) before sharing it.',
  'bundle.notZip': 'This file is not a Kura bundle: it is not a zip file.',
  'bundle.bomb': 'This bundle would unpack to far more than it holds ({file}), so Kura does not open it; ask for the bundle again.',
  'bundle.tooLarge':
    'This bundle would unpack to more than {limit}, more than Kura can hold, so it was not opened; ask for a smaller bundle.',
  'bundle.tooManyFiles':
    'This bundle holds more than {limit} files, far more than a Kura bundle has, so it was not opened; ask for the bundle again.',
  'bundle.duplicate': 'The bundle holds {file} twice, so it was changed after it was made; ask for the bundle again.',
  'bundle.noManifest': 'This file is not a Kura bundle: it has no manifest.json.',
  'bundle.manifestDamaged': 'The bundle’s manifest.json is damaged; ask for the bundle again.',
  'bundle.manifestForeign': 'The bundle’s manifest.json is not a Kura manifest; ask for the bundle again.',
  'bundle.newer': 'This bundle was made by a newer Kura (format {format}); update Kura to open it.',
  'bundle.unlisted':
    'The bundle holds a file its manifest does not list ({file}), so it was changed after it was made; ask for the bundle again.',
  'bundle.missingFile': 'The bundle is incomplete: {file} is missing; ask for the bundle again.',
  'bundle.checksum': 'The bundle was changed after it was made: {file} does not match its checksum; ask for the bundle again.',
  'bundle.missingTable': 'The bundle is incomplete: the table {table} ({file}) is missing; ask for the bundle again.',
  'bundle.missingNotebook': 'The bundle is incomplete: its notebook is missing; ask for the bundle again.',
  'bundle.rowCount': 'The table {table} in the bundle has {rows} rows, not the {expected} its manifest says; ask for the bundle again.',
  'bundle.tableUnreadable': 'The table {table} in the bundle cannot be read ({file}); ask for the bundle again.',
  'bundle.maskColumn': 'Column "{column}" is not in the table, so it cannot be masked; check its spelling.',
} as const;

export type BundleSentenceKey = keyof typeof bundleSentences;
