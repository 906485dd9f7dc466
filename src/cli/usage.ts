export const usage = `Usage: kura <command> [options]

Commands:
  query FILE... --sql "SQL" [--format csv|json]
      Loads each FILE (CSV, TSV, Excel, Parquet, JSON; Shift_JIS or UTF-8/16) as a table
      named after the file (lower case, other characters as _) and prints the query's result.
  match FILE... --out DIR [--map MAP.json] [--threshold P] [--link-only] [--labels LABELS.csv] [--timings]
      Finds the same customer across the files; writes DIR/clusters.csv, pairs.csv, golden.csv.
  audit FILE... --out DIR [--rules RULES] [--target FILE --key COL[,COL]] [--lang ja|en] [--show-personal-data]
      Profiles each FILE, checks the RULES (YAML or JSON list of rules), reconciles the first FILE against
      --target on --key; writes DIR/audit.json and DIR/audit.html. Exit 1 when a check fails, 2 when a file is refused.
      audit.html masks personal values (sample rows, top values, ranges) unless --show-personal-data is given.
  fit bgnbd|pnbd|gg --summary FILE
  fit bgnbd|pnbd|gg --transactions FILE --customer COL --date COL [--amount COL] --calibration-end DATE [--time-unit week|day]
      Fits the churn/CLV model by maximum likelihood; prints {"model", "params", "loglik"}. With --predictions OUT.csv
      [--horizon H] [--months M] [--discount-rate D] (bgnbd|pnbd, transactions) writes each customer's p_alive,
      expected_purchases, clv and value_at_risk as the churn cell scores them. A summary has lifetimes'
      columns frequency, recency, T (and monetary_value for gg, which uses customers with frequency > 0).
  forecast FILE --date COL --value COL --horizon H [--holdout H] [--season M] [--levels 80,95]
      FILE holds one row per period (quarter, month, week or day); picks an exponential-smoothing model by AICc and
      prints {"model", "granularity", "season", "params": {alpha, beta, gamma, phi, sigma, aicc},
      "forecast": [{"date","mean","lo80","hi80","lo95","hi95"}], "holdout": {"smape","mase","baseline_smape","coverage"}}
      (the holdout scores a refit without the last H periods; sMAPE in percent); says on stderr when seasonal naive wins.
  run NOTEBOOK|BUNDLE.kura [--data DIR] --out REPORT.html [--show-personal-data] [--bundle OUT.kura [--mask hash|mask]] [--rows N] [--lang ja|en]
      Runs every cell on native DuckDB (source files from --data DIR or the notebook's folder; a bundle brings its
      tables), writes the static HTML report and/or a share bundle; exit 1 when a cell fails. The report masks
      personal data (names, e-mail, phone, address, postal code, birth date) unless --show-personal-data is given.

Options:
  --sql SQL        the query to run (query)
  --format FORMAT  csv (default) or json (query)
  --out DIR        folder for the result files (match)
  --map MAP.json   column mapping per file base name: {"crm": {"email": "Mail"}} (match)
  --threshold P    match probability to accept a pair, default 0.9 (match)
  --link-only      pair records of different files only (match)
  --labels FILE    check-sample.csv with its "same" column filled in (yes/no): checks the estimate (match)
  --timings        print each step's time on stderr (match)
  -h, --help       show this help

Exit codes: 0 done, 1 the SQL failed, 2 bad arguments or an unreadable input file.
`;
