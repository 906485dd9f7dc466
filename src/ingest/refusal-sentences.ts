/**
 * Why a file is refused, in English: the command line prints these and the app's English message table includes
 * them; the app's other languages translate the same keys (src/ui/messages).
 */
export const refusalSentences = {
  'refuse.empty': 'The file is empty; choose a file that holds a header row and data.',
  'refuse.emptyRecords': 'The file is empty; choose a file that holds records.',
  'refuse.oldExcel': 'This is an old Excel .xls file (or another Office 97 file); save it as .xlsx or CSV in Excel and load that.',
  'refuse.picture': 'This file is a {format} picture, not a table; choose a CSV, TSV, Excel, Parquet or JSON file.',
  'refuse.document': 'This file is a {format} document, not a table; choose a CSV, TSV, Excel, Parquet or JSON file.',
  'refuse.archive': 'This file is a {format} archive, not a table; choose a CSV, TSV, Excel, Parquet or JSON file.',
  'refuse.webPage': 'This file is a web page (HTML), not a table; choose a CSV, TSV, Excel, Parquet or JSON file.',
  'refuse.xml': 'This file is an XML document, not a table; export the data as CSV, Excel or JSON and load that.',
  'refuse.utf32': 'This file is UTF-32 text, which Kura does not read; save it as UTF-8 CSV and load it again.',
  'refuse.ods': 'This file is an OpenDocument spreadsheet (.ods); save it as .xlsx or CSV and load that.',
  'refuse.notServed':
    'The app could not send the file {file} (the server answered {status}); check the file name, or generate the demo data with npm run demo and build the app again.',
  'refuse.servedPage':
    'The app sent a web page instead of the file {file}, so the file is missing from the app; check the file name, or generate the demo data with npm run demo and build the app again.',
  'refuse.binary': 'This file holds binary data, not text; choose a CSV, TSV, Excel, Parquet or JSON file.',
  'refuse.encoding': 'The file is neither UTF-8, UTF-16 nor Shift_JIS text; save it as UTF-8 CSV and load it again.',
  'refuse.lineTooLong':
    'A line of this file is {megabytes} MB long, more than Kura reads as one row (32 MB); check that it is a CSV or TSV file with one record per line.',
  'refuse.parquet': 'The Parquet file is damaged or uses a feature Kura cannot read; export it again and load that.',
  'refuse.jsonBroken': 'The JSON file is broken (it does not parse); check that it is complete and export it again.',
  'refuse.jsonTooDeep':
    'The JSON file nests lists or objects more than {limit} levels deep, which no export does; check that it is the right file.',
  'refuse.jsonLines': 'No line of the file is a JSON object; check that it is JSON Lines (one object per line).',
  'refuse.jsonNoList': 'The JSON file holds no list of records; it must be an array of objects or an object with one such array.',
  'refuse.jsonEmptyList': 'The JSON file holds an empty list; there are no records to load.',
  'refuse.jsonNotObjects': 'The JSON list holds values that are not objects; each record must be an object with named fields.',
  'refuse.noColumns': 'The file holds no columns; choose a file with a header row and data.',
  'refuse.tooManyColumns':
    'The file has more than {limit} columns (as many as an Excel sheet holds), more than Kura reads; check that it is a table with one record per row, or keep only the columns you need.',
  'refuse.notATable': 'Kura could not read this file as a table; check that it is a complete CSV, TSV, Excel, Parquet or JSON file.',
  'refuse.noSheets': 'The workbook has no sheets; open it in Excel, check it holds data and save it again.',
  'refuse.noSuchSheet': 'The workbook has no sheet named "{sheet}"; choose one of: {sheets}.',
  'refuse.xlsxDamaged': 'The Excel file is damaged or not an .xlsx workbook; open it in Excel and save it again as .xlsx.',
  'refuse.sheetEmpty': 'The sheet "{sheet}" is empty; choose a sheet with a header row and data.',
  'refuse.sheetTooLarge':
    'The sheet "{sheet}" holds values across {rows} rows and {columns} columns, more than Kura reads from Excel ({limit} cells); save it as CSV and load that.',
  'refuse.xlsxTooLarge':
    'The workbook says it unpacks to {megabytes} MB, more than Kura reads from Excel ({limit} MB); save it as CSV and load that.',
  'refuse.zipDamaged': 'The file is a damaged ZIP archive, not a readable Excel workbook; save it again as .xlsx and load that.',
  'refuse.tooLargeForBrowser':
    'The file is {gigabytes} GB, too large for a browser tab (at most 2 GB); split it into smaller files, or load it on the command line with kura run or kura query.',
  'refuse.notReadable': 'The browser could not read the file; it may have been moved or changed after you chose it. Choose it again.',
  'refuse.zipNotXlsx': 'This ZIP file is not an Excel workbook; choose an .xlsx, CSV, Parquet or JSON file.',
} as const;

export type RefusalKey = keyof typeof refusalSentences;
