import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { audit as auditJob, type AuditResult, type AuditSpec } from '../../audit/job.ts';
import { describeColumns, type ColumnProfile, type DuplicateKeys } from '../../audit/profile.ts';
import { parseRules, ruleLabel } from '../../audit/rule-spec.ts';
import type { Rule } from '../../audit/rules.ts';
import { NativeEngine } from '../../engine/native.ts';
import { loadFile, tableNameFor } from '../../ingest/load.ts';
import type { LoadReport } from '../../ingest/types.ts';
import { quietJobContext } from '../../jobs/job.ts';
import { auditReportHtml } from '../../report/audit-report.ts';
import { personalColumnNames } from '../../report/report-privacy.ts';
import { sourceMapping } from '../../ingest/mapping/propose.ts';
import { exportFailingRows } from '../../audit/failing-rows-csv.ts';
import { exportReconciliation, type ReconcileExport } from '../../audit/mismatches-csv.ts';
import type { Tolerance } from '../../audit/reconcile.ts';
import type { CsvEncoding } from '../../engine/csv-encoding.ts';
import { csvEncodingOption, exportedCsv } from '../csv-encoding-option.ts';
import { commandArgs, requiredOption } from '../command-args.ts';
import { CliError, plainMessage } from '../cli-error.ts';
import { readInputFile, readRegularFile } from '../input-file.ts';
import type { CommandIo } from '../io.ts';

/** One input as `audit.json` lists it. */
export interface AuditFileEntry {
  file: string;
  /** `target` for the --target file, `input` for the others. */
  role: 'input' | 'target';
  status: 'loaded' | 'refused';
  /** One plain sentence, when refused. */
  reason?: string;
  table: string;
  format?: string;
  encoding?: string;
  rows: number;
  /** Rows the reader could not load: line number and reason (the first 500). */
  rejected: { line: number; reason: string }[];
  rejectedCount: number;
  duplicateRows?: number;
  candidateKeys?: string[];
  duplicateKeys?: DuplicateKeys;
  /** Each column's profile (see src/audit/profile.ts ColumnProfile), in file order. */
  columns: ColumnProfile[];
}

export interface AuditJson extends Omit<AuditResult, 'profiles'> {
  kura: 1;
  generatedAt: string;
  files: AuditFileEntry[];
  /** Failing rows of each failing rule, written as CSV next to audit.json (paths relative to it). */
  failingRowFiles: { rule: string; file: string }[];
  /** Every mismatching cell, and every row only in the source or only in the target, as CSV next to audit.json (written when there are any). */
  reconciliationFiles: { listing: ReconcileExport; file: string }[];
}

/**
 * `kura audit FILE... --out DIR [--rules RULES] [--target FILE --key COL[,COL]] [--compare COL[,COL]] [--numeric-absolute N]
 * [--numeric-relative R] [--ignore-case] [--ignore-whitespace] [--nfkc] [--lang ja|en] [--show-personal-data]`
 */
export async function audit(args: string[], io: CommandIo): Promise<number> {
  const parsed = await commandArgs(
    args,
    {
      out: { type: 'string' },
      rules: { type: 'string' },
      target: { type: 'string' },
      key: { type: 'string' },
      compare: { type: 'string' },
      'numeric-absolute': { type: 'string' },
      'numeric-relative': { type: 'string' },
      'ignore-case': { type: 'boolean' },
      'ignore-whitespace': { type: 'boolean' },
      nfkc: { type: 'boolean' },
      lang: { type: 'string' },
      'show-personal-data': { type: 'boolean' },
      encoding: { type: 'string' },
    },
    io,
  );
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new CliError('audit needs at least one FILE.', 2, true);
  const outDir = requiredOption(values.out, 'audit needs --out DIR (where audit.json and audit.html go).');
  if ((values.target === undefined) !== (values.key === undefined))
    throw new CliError('--target and --key go together: give both or neither.', 2, true);
  const key = columnList(values.key);
  if (key && key.length === 0) throw new CliError('--key needs at least one column name.', 2, true);
  const compare = columnList(values.compare);
  if (compare && compare.length === 0) throw new CliError('--compare needs at least one column name.', 2, true);
  const tolerance = toleranceOptions(values);
  if (!values.target && (compare || Object.keys(tolerance).length > 0))
    throw new CliError('--compare and the tolerance options apply to a reconciliation: give --target and --key too.', 2, true);
  const encoding = csvEncodingOption(values.encoding, 'utf-8-bom');
  const lang = values.lang ?? (process.env.LANG?.toLowerCase().startsWith('ja') ? 'ja' : 'en');
  if (lang !== 'ja' && lang !== 'en') throw new CliError(`--lang must be ja or en, not "${lang}".`, 2, true);
  const ruleSource = values.rules === undefined ? undefined : await readRules(values.rules);

  const engine = await NativeEngine.create();
  try {
    const inputs = [
      ...positionals.map((file) => ({ file, role: 'input' as const })),
      ...(values.target ? [{ file: values.target, role: 'target' as const }] : []),
    ];
    const files = await loadEach(engine, inputs);
    for (const f of files) if (f.status === 'refused') await io.stderr(`error: ${f.file}: ${f.reason}\n`);
    const loaded = files.filter((f) => f.status === 'loaded');
    const source = files[0]!;
    const target = files.find((f) => f.role === 'target');

    let rules: Rule[] = [];
    if (ruleSource !== undefined) {
      try {
        rules = parseRules(ruleSource.value, loaded[0]?.table ?? source.table);
      } catch (error) {
        throw new CliError(`${ruleSource.path}: ${plainMessage(error)}`, 2);
      }
    }
    // A key column the source or target lacks is a wrong argument: said once, and the files are audited without it.
    const keyed = [source, target].filter((f): f is AuditFileEntry => f !== undefined && f.status === 'loaded');
    let badKey = false;
    for (const f of key ? keyed : []) {
      const names = new Set((await describeColumns(engine, f.table)).map((c) => c.name));
      const missing = key!.filter((k) => !names.has(k));
      if (missing.length > 0) {
        badKey = true;
        await io.stderr(
          `error: --key ${key!.join(',')}: ${f.file} has no column ${missing.map((m) => `"${m}"`).join(', ')}; give the key columns as the file names them.\n`,
        );
      }
    }
    const useKey = key && !badKey;
    const spec: AuditSpec = {
      tables: loaded.map((f) => (useKey && (f === source || f === target) ? { table: f.table, key } : f.table)),
      rules,
      ...(target && useKey && source.status === 'loaded' && target.status === 'loaded'
        ? {
            reconcile: {
              source: source.table,
              target: target.table,
              key,
              ...(compare ? { compare } : {}),
              ...(Object.keys(tolerance).length > 0 ? { tolerance } : {}),
            },
          }
        : {}),
    };
    const result = await auditJob(engine, spec, quietJobContext());

    for (const [index, f] of loaded.entries()) {
      const profile = result.profiles[index]!;
      // columns last: the per-file facts stay readable at the top of each entry
      const { columns: _columns, ...facts } = f;
      files[files.indexOf(f)] = {
        ...facts,
        duplicateRows: profile.duplicateRows,
        candidateKeys: profile.candidateKeys,
        ...(profile.duplicateKeys ? { duplicateKeys: profile.duplicateKeys } : {}),
        columns: profile.columns,
      };
    }
    try {
      await mkdir(outDir, { recursive: true });
      const failingRowFiles = await writeFailingRows(engine, result, outDir, encoding);
      const reconciliationFiles = await writeReconciliationRows(engine, result, outDir, encoding);
      const { profiles: _profiles, ...rest } = result;
      const generatedAt = new Date().toISOString();
      const json: AuditJson = { kura: 1, generatedAt, files, ...rest, failingRowFiles, reconciliationFiles };
      await writeFile(join(outDir, 'audit.json'), `${JSON.stringify(json, null, 2)}\n`);
      // The report masks the columns each file's proposed mapping finds personal (the files come with no mapping).
      const personalColumns = personalColumnNames(
        result.profiles.map((profile) => {
          const headers = profile.columns.map((column) => column.name);
          return { mapping: sourceMapping({}, headers), headers };
        }),
      );
      await writeFile(
        join(outDir, 'audit.html'),
        auditReportHtml(result, lang, { generatedAt, files, personalColumns, showPersonalData: values['show-personal-data'] === true }),
      );
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (typeof code !== 'string') throw error;
      throw new CliError(`${outDir}: Kura cannot write the audit there (${code}); choose another --out folder.`, 2);
    }

    const refused = files.length - loaded.length;
    if (result.reconciliationError) await io.stderr(`error: ${result.reconciliationError}\n`);
    const rulesLine = result.rules.length > 0 ? `, ${result.summary.rulesPassed} of ${result.rules.length} rules pass` : '';
    const reconcileLine =
      result.reconciliationError || badKey
        ? ', reconciliation not run'
        : result.summary.reconciled === null
          ? ''
          : result.summary.reconciled
            ? ', source and target agree'
            : ', source and target differ';
    await io.stdout(
      `${loaded.length} file(s) audited${refused > 0 ? `, ${refused} refused` : ''}${rulesLine}${reconcileLine}; wrote ${join(outDir, 'audit.json')} and ${join(outDir, 'audit.html')}\n`,
    );
    if (refused > 0 || badKey || result.reconciliationError) return 2;
    return result.summary.passed ? 0 : 1;
  } finally {
    await engine.close();
  }
}

function columnList(text: string | undefined): string[] | undefined {
  return text
    ?.split(',')
    .map((column) => column.trim())
    .filter(Boolean);
}

/** The tolerance flags as the reconciliation's Tolerance; a number that is not one, or is negative, is a wrong argument. */
function toleranceOptions(values: {
  'numeric-absolute'?: string;
  'numeric-relative'?: string;
  'ignore-case'?: boolean;
  'ignore-whitespace'?: boolean;
  nfkc?: boolean;
}): Tolerance {
  const number = (flag: 'numeric-absolute' | 'numeric-relative') => {
    const text = values[flag];
    if (text === undefined) return undefined;
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value) || value < 0)
      throw new CliError(`--${flag} must be a number, at least 0, not "${text}".`, 2, true);
    return value;
  };
  const numericAbsolute = number('numeric-absolute');
  const numericRelative = number('numeric-relative');
  return {
    ...(numericAbsolute !== undefined ? { numericAbsolute } : {}),
    ...(numericRelative !== undefined ? { numericRelative } : {}),
    ...(values['ignore-case'] ? { ignoreCase: true } : {}),
    ...(values['ignore-whitespace'] ? { ignoreWhitespace: true } : {}),
    ...(values.nfkc ? { nfkc: true } : {}),
  };
}

async function readRules(path: string): Promise<{ path: string; value: unknown }> {
  const text = new TextDecoder().decode(await readInputFile(path));
  try {
    // YAML is a superset of JSON, so one parser reads both.
    return { path, value: parseYaml(text.replace(/^\uFEFF/, '')) as unknown };
  } catch (error) {
    throw new CliError(`${path}: The rules file is neither valid YAML nor JSON (${plainMessage(error).replace(/\.$/, '')}).`, 2);
  }
}

/** Loads each file on its own: one that cannot be read is refused with a sentence, the others still load. */
async function loadEach(engine: NativeEngine, inputs: { file: string; role: 'input' | 'target' }[]): Promise<AuditFileEntry[]> {
  const taken = new Map<string, string>();
  const entries: AuditFileEntry[] = [];
  for (const { file, role } of inputs) {
    const fileName = basename(file);
    const table = tableNameFor(fileName);
    const entry: AuditFileEntry = { file, role, status: 'refused', table, rows: 0, rejectedCount: 0, rejected: [], columns: [] };
    entries.push(entry);
    const earlier = taken.get(table);
    if (earlier !== undefined) {
      entry.reason = `This file would load as table ${table}, like ${earlier}; rename one of them.`;
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = await readRegularFile(file);
    } catch (error) {
      entry.reason = (error as Error).message;
      continue;
    }
    let report: LoadReport;
    try {
      report = await loadFile(engine, { fileName, bytes, table });
    } catch (error) {
      entry.reason = plainMessage(error);
      continue;
    }
    taken.set(table, file);
    entries[entries.length - 1] = {
      file,
      role,
      status: 'loaded',
      table,
      format: report.format,
      ...(report.encoding ? { encoding: report.encoding } : {}),
      rows: report.rows,
      rejectedCount: report.rejectedCount,
      rejected: report.rejected.map(({ line, reason }) => ({ line, reason })),
      columns: [],
    };
  }
  return entries;
}

/** Every failing row of each failing rule, as CSV (default UTF-8 with a BOM, for Excel) with formula injection neutralised. */
async function writeFailingRows(
  engine: NativeEngine,
  result: AuditResult,
  outDir: string,
  encoding: CsvEncoding,
): Promise<{ rule: string; file: string }[]> {
  const written: { rule: string; file: string }[] = [];
  for (const [index, r] of result.rules.entries()) {
    if (r.passed || r.error) continue;
    const slug = ruleLabel(r.rule)
      .replace(/[^A-Za-z0-9_.-]+/g, '_')
      .replace(/^_+|_+$/g, '');
    const file = `failing-${String(index + 1).padStart(2, '0')}-${slug}.csv`;
    await writeFile(join(outDir, file), await exportedCsv(file, () => exportFailingRows(engine, r.rule, encoding)));
    written.push({ rule: ruleLabel(r.rule), file });
  }
  return written;
}

/** Every mismatching cell and every row only on one side, each listing as its own CSV (same writer and encoding as failing rows). */
async function writeReconciliationRows(
  engine: NativeEngine,
  result: AuditResult,
  outDir: string,
  encoding: CsvEncoding,
): Promise<{ listing: ReconcileExport; file: string }[]> {
  const r = result.reconciliation;
  if (!r) return [];
  const listings: { listing: ReconcileExport; file: string; rows: number }[] = [
    { listing: 'mismatches', file: 'mismatches.csv', rows: r.columns.reduce((sum, c) => sum + c.mismatches, 0) },
    { listing: 'onlyInSource', file: 'only-in-source.csv', rows: r.source.only.rows },
    { listing: 'onlyInTarget', file: 'only-in-target.csv', rows: r.target.only.rows },
  ];
  const written: { listing: ReconcileExport; file: string }[] = [];
  for (const { listing, file, rows } of listings) {
    if (rows === 0) continue;
    await writeFile(join(outDir, file), await exportedCsv(file, () => exportReconciliation(engine, r.spec, listing, encoding)));
    written.push({ listing, file });
  }
  return written;
}
