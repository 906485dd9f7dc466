export const usage = `Usage: kura <command> [options]

Commands:
  query FILE... --sql "SQL" [--format csv|json]
      Loads each FILE (CSV, TSV, Excel, Parquet, JSON; Shift_JIS or UTF-8/16) as a table
      named after the file (lower case, other characters as _) and prints the query's result.
  audit FILE... --out DIR [--rules RULES] [--target FILE --key COL[,COL]] [--lang ja|en]
      Profiles each FILE, checks the RULES (YAML or JSON list of rules), reconciles the first FILE against
      --target on --key; writes DIR/audit.json and DIR/audit.html. Exit 1 when a check fails, 2 when a file is refused.

Options:
  --sql SQL        the query to run (query)
  --format FORMAT  csv (default) or json (query)
  -h, --help       show this help

Exit codes: 0 done, 1 the SQL failed, 2 bad arguments or an unreadable input file.
`;
