export const usage = `Usage: kura <command> [options]

Commands:
  query FILE... --sql "SQL" [--format csv|json]
      Loads each FILE (CSV, TSV, Excel, Parquet, JSON; Shift_JIS or UTF-8/16) as a table
      named after the file (lower case, other characters as _) and prints the query's result.
  match FILE... --out DIR [--map MAP.json] [--threshold P] [--link-only]
      Finds the same customer across the files; writes DIR/clusters.csv, pairs.csv, golden.csv.
  audit FILE... --out DIR [--rules RULES] [--target FILE --key COL[,COL]] [--lang ja|en]
      Profiles each FILE, checks the RULES (YAML or JSON list of rules), reconciles the first FILE against
      --target on --key; writes DIR/audit.json and DIR/audit.html. Exit 1 when a check fails, 2 when a file is refused.

Options:
  --sql SQL        the query to run (query)
  --format FORMAT  csv (default) or json (query)
  --out DIR        folder for the result files (match)
  --map MAP.json   column mapping per file base name: {"crm": {"email": "Mail"}} (match)
  --threshold P    match probability to accept a pair, default 0.9 (match)
  --link-only      pair records of different files only (match)
  -h, --help       show this help

Exit codes: 0 done, 1 the SQL failed, 2 bad arguments or an unreadable input file.
`;
