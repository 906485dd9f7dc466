export const usage = `Usage: kura <command> [options]

Commands:
  query FILE... --sql "SQL" [--format csv|json] [--encoding utf-8|utf-8-bom|cp932]
      Loads each FILE (CSV, TSV, Excel, Parquet, JSON; Shift_JIS or UTF-8/16) as a table
      named after the file (lower case, other characters as _) and prints the query's result.
  match FILE... --out DIR [--map MAP.json] [--threshold P] [--link-only] [--labels LABELS.csv] [--previous DIR] [--timings] [--encoding E]
      Finds the same customer across the files; writes DIR/clusters.csv, pairs.csv, golden.csv. --previous keeps the
      customer ids of an earlier run's --out DIR for the customers still there and says what changed.
  match NEW... --against PREV|PREV.kura --out DIR [--map MAP.json] [--threshold P] [--review P] [--timings] [--encoding E]
      Attaches the records of NEW to the customers of an earlier run's --out folder PREV (its match-state.duckdb)
      without matching again, or of a share bundle PREV.kura (its notebook's match is run again, keeping the ids the
      sender sees; not a masked bundle): DIR/clusters.csv lists every new record with its customer id (existing or
      new), the decision (attached, review, new) and the match probability; --review (default 0.5) starts the review
      band.
  migrate FILE... --target PRESET --out DIR [--map MAP.json] [--fields FIELDS.json] [--encoding E] [--format xlsx] [--threshold P] [--accounts FILE] [--received EXPORT]
      Matches the files as match does and writes the customers as the target CRM's import file: DIR/import.csv
      (customers passing the target's rules), DIR/problems.csv (external_id,field,rule,value), DIR/trace.csv
      (external_id,source,row: every input record once); --format xlsx writes DIR/import.xlsx instead. Targets: salesforce.contact, salesforce.account,
      salesforce.lead, hubspot.contact, hubspot.company, jp.generic. --received reconciles the target's export after a test import.
      Exit 1 when some customers fail the target's rules or the export differs from what was sent.
  audit FILE... --out DIR [--rules RULES] [--target FILE --key COL[,COL]] [--lang ja|en] [--show-personal-data] [--encoding E]
      Profiles each FILE, checks the RULES (YAML or JSON list of rules), reconciles the first FILE against
      --target on --key; writes DIR/audit.json and DIR/audit.html. Exit 1 when a check fails, 2 when a file is refused.
      audit.html masks personal values (sample rows, top values, ranges) unless --show-personal-data is given.
      The reconciliation writes every mismatching cell to DIR/mismatches.csv and the rows only on one side to
      DIR/only-in-source.csv and DIR/only-in-target.csv (when there are any). It takes [--compare COL[,COL]] (default:
      every column both files have) and tolerances: --numeric-absolute N and --numeric-relative R (numbers equal
      within N, or within R × the larger), --ignore-case, --ignore-whitespace, --nfkc (full-width = half-width).
  fit bgnbd|pnbd|gg --summary FILE
  fit bgnbd|pnbd|gg --transactions FILE --customer COL --date COL [--amount COL] --calibration-end DATE [--time-unit week|day]
      Fits the churn/CLV model by maximum likelihood; prints {"model", "params", "loglik"}. With --predictions OUT.csv
      [--horizon H] [--months M] [--discount-rate D] (bgnbd|pnbd, transactions) writes each customer's p_alive,
      expected_purchases, clv and value_at_risk as the churn cell scores them. A summary has lifetimes'
      columns frequency, recency, T (and monetary_value for gg, which uses customers with frequency > 0).
  forecast FILE --date COL --value COL --horizon H [--holdout H] [--season M] [--levels 80,95] [--method ets|seasonal_naive]
      FILE holds one row per period (quarter, month, week or day); picks an exponential-smoothing model by AICc (or,
      with --method seasonal_naive, repeats the last season) and prints {"method", "model", "granularity", "season",
      "params": {alpha, beta, gamma, phi, sigma, aicc}, "forecast": [{"date","mean","lo80","hi80","lo95","hi95"}],
      "holdout": {"smape","mase","baseline_smape","coverage"}} (the holdout scores a refit without the last H periods;
      sMAPE in percent); says on stderr when seasonal naive wins.
  run NOTEBOOK|BUNDLE.kura [--data DIR] --out REPORT.html [--show-personal-data] [--bundle OUT.kura [--mask hash|mask]] [--rows N] [--lang ja|en]
      Runs every cell on native DuckDB (source files from --data DIR or the notebook's folder; a bundle brings its
      tables), writes the static HTML report and/or a share bundle; exit 1 when a cell fails. The report masks
      personal data (names, e-mail, phone, address, postal code, birth date) unless --show-personal-data is given.

Options:
  --sql SQL        the query to run (query)
  --format FORMAT  csv (default) or json (query); csv (default) or xlsx for the import file (migrate)
  --out DIR        folder for the result files (match, migrate)
  --map MAP.json   column mapping per file base name: {"crm": {"email": "Mail"}} (match, migrate)
  --threshold P    match probability to accept a pair, default 0.9 (match, migrate)
  --target PRESET  the import file's target CRM and object (migrate)
  --fields FILE    target field → golden record column: {"Title": "job_title", "Birthdate": null} (migrate)
  --accounts FILE  the accounts import file (kura migrate --target salesforce.account or hubspot.company): each
                   contact's account link must point into it, else the contact fails the rule "account" (migrate)
  --received FILE  the target's export after the import, reconciled on the external id (migrate)
  --link-only      pair records of different files only (match)
  --against PREV   an earlier match's --out folder, or a share bundle, to attach the new files' records to (match)
  --review P       lowest match probability offered for review, default 0.5 (match --against)
  --labels FILE    check-sample.csv or teach-sample.csv with the "same" column filled in (yes/no); repeatable.
                   check-sample answers check the estimate, teach-sample answers correct the model (match)
  --timings        print each step's time on stderr (match)
  --encoding E     CSV files written: utf-8 (default for query, match), utf-8-bom (default for audit's failing rows),
                   the target's (migrate) or cp932 (Shift_JIS, for Japanese tools); characters CP932 cannot hold end
                   the command (exit 1)
  -h, --help       show this help

Exit codes: 0 done, 1 the SQL failed (or a CSV cannot be written in the chosen encoding), 2 bad arguments or an unreadable input file.
`;
