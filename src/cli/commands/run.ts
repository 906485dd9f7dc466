import { writeFileSync } from 'node:fs';
import { basename, dirname, resolve, sep } from 'node:path';
import { parseHTML } from 'linkedom';
import type { Engine } from '../../engine/engine.ts';
import { NativeEngine } from '../../engine/native.ts';
import { quoteLiteral } from '../../engine/sql.ts';
import { loadFile } from '../../ingest/load.ts';
import { sourceTableExists } from '../../cells/source/table.ts';
import { withLocalJobs } from '../../warehouse/local-jobs.ts';
import type { JobEngine } from '../../jobs/job.ts';
import { parseNotebook } from '../../notebook/format.ts';
import { useNotebookSchema } from '../../notebook/namespace.ts';
import { notebookGraph } from '../../notebook/graph.ts';
import { blockedReason, runNotebookCells, type CellRunOutcome, type SourceReadiness } from '../../notebook/run.ts';
import type { Cell, Notebook, SourceCell } from '../../document/model.ts';
import { openBundle, writeBundle } from '../../report/bundle.ts';
import type { MaskMode } from '../../report/masking.ts';
import { defaultReportRows, notebookReportHtml, reportTable, type ReportCellOutcome } from '../../report/notebook-report.ts';
import { notebookPersonalColumns } from '../../report/report-privacy.ts';
import { columnsByTable, readCatalog } from '../../engine/catalog.ts';
import { commandArgs } from '../command-args.ts';
import { CliError, plainMessage } from '../cli-error.ts';
import { readDataFile, readInputFile } from '../input-file.ts';
import type { CommandIo } from '../io.ts';
import { counted } from '../counted.ts';
import { version as kuraVersion } from '../../../package.json';

/** Where a headless run reads from and what it tells the user. */
export interface RunContext {
  engine: JobEngine;
  notebook: Notebook;
  /** The folder source files are resolved in; null when the tables came from a bundle. */
  dataDir: string | null;
  rowLimit: number;
  warn: (line: string) => Promise<void>;
  /** Called once the source cells have run and before any other cell: `sealFileAccess` on the command line. */
  afterSources?: () => Promise<void>;
}

/** A source cell's table on the command line: loaded from the data folder, or already there from a bundle. */
async function readySource(cell: SourceCell, context: RunContext): Promise<SourceReadiness> {
  const { engine } = context;
  if (context.dataDir === null) {
    if (!(await sourceTableExists(engine, cell))) throw new CliError(`The bundle has no table for source cell "${cell.name}".`, 1);
    return {};
  }
  const { path, bytes } = await readDataFile(cell.spec.file, context.dataDir);
  const report = await loadFile(engine, { fileName: basename(path), bytes, table: cell.name, sheet: cell.spec.sheet });
  if (report.rejectedCount > 0) {
    const first = report.rejected[0];
    await context.warn(
      `warning: source ${cell.name}: ${counted(report.rejectedCount, 'row')} rejected${first ? ` (first: line ${first.line}: ${first.reason})` : ''}`,
    );
  }
  return { load: report };
}

/** What the report shows for a cell's outcome: source cells their counts, SQL and analytic cells their first rows, charts their marks. */
async function reportOutcome(cell: Cell, outcome: CellRunOutcome, context: RunContext): Promise<ReportCellOutcome> {
  if (outcome.status === 'error') return { status: 'error', message: plainMessage(outcome.error) };
  if (outcome.status === 'not-run') return { status: 'not-run', message: outcome.blockedBy ? blockedReason(outcome.blockedBy) : undefined };
  const { elapsedMs } = outcome;
  if (cell.kind === 'chart') return { status: 'done', chart: outcome.value as never, elapsedMs };
  const rows = cell.kind === 'source' ? 0 : context.rowLimit;
  const table = outcome.resultTable ? await reportTable(context.engine, outcome.resultTable, rows) : undefined;
  return { status: 'done', value: outcome.value, table, elapsedMs };
}

export interface NotebookRunResult {
  results: Record<string, ReportCellOutcome>;
  /** Cells that failed, as `label: message`, in run order. */
  failures: { label: string; message: string }[];
}

/** Runs every cell in dependency order (src/notebook/run.ts, as the browser does). A failing cell does not stop the run; the cells reading it are not run. */
export async function runNotebook(context: RunContext): Promise<NotebookRunResult> {
  const { notebook } = context;
  const graph = notebookGraph(notebook.cells);
  const results: Record<string, ReportCellOutcome> = {};
  const failures: NotebookRunResult['failures'] = [];
  await runNotebookCells(
    notebook.cells,
    {
      withEngine: (work) => work(context.engine),
      readySource: (cell) => readySource(cell, context),
      afterSources: context.afterSources,
      finished: async (cell, outcome) => {
        const reported = await reportOutcome(cell, outcome, context);
        results[cell.id] = reported;
        if (reported.status === 'error') failures.push({ label: graph.byId.get(cell.id)!.label, message: reported.message });
      },
    },
    { graph },
  );
  return { results, failures };
}

/**
 * After the sources are loaded, SQL in the notebook may no longer touch the file system: a notebook from someone
 * else must not read this machine's files into its report (`read_csv('/home/…')`), write files (`COPY … TO`) or
 * attach databases. Only the engine's own scratch folder stays open (registered files: the identity job's batches,
 * Parquet export for --bundle). DuckDB refuses to turn this back on while it runs; no network is reachable anyway
 * (extension autoloading is off).
 */
export async function sealFileAccess(engine: Engine): Promise<void> {
  const probe = 'kura-seal-probe';
  const scratch = dirname(await engine.registerFile(probe, new Uint8Array()));
  await engine.dropFile(probe);
  await engine.exec(`SET allowed_directories = [${quoteLiteral(scratch + sep)}]; SET enable_external_access = false;`);
}

/** A DOM document for Observable Plot on the command line (linkedom; the browser uses its own). */
export function reportDocument(): Document {
  return parseHTML('<!DOCTYPE html><html><head></head><body></body></html>').document as unknown as Document;
}

function isBundle(path: string, bytes: Uint8Array): boolean {
  return path.toLowerCase().endsWith('.kura') || (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04);
}

/** `kura run NOTEBOOK|BUNDLE.kura [--data DIR] [--out report.html] [--show-personal-data] [--bundle OUT.kura [--mask hash|mask]] [--rows N] [--lang ja|en]` */
export async function run(args: string[], io: CommandIo): Promise<number> {
  const parsed = await commandArgs(
    args,
    {
      data: { type: 'string' },
      out: { type: 'string' },
      bundle: { type: 'string' },
      mask: { type: 'string' },
      'show-personal-data': { type: 'boolean' },
      rows: { type: 'string' },
      lang: { type: 'string' },
    },
    io,
  );
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new CliError('run needs one notebook (.kura.md) or bundle (.kura).', 2, true);
  if (!values.out && !values.bundle) throw new CliError('run needs --out report.html (or --bundle OUT.kura).', 2, true);
  if (values.mask !== undefined && values.mask !== 'hash' && values.mask !== 'mask')
    throw new CliError(`--mask must be hash or mask, not "${values.mask}".`, 2, true);
  if (values.mask && !values.bundle) throw new CliError('--mask applies to --bundle; give --bundle OUT.kura too.', 2, true);
  if (values['show-personal-data'] && !values.out)
    throw new CliError('--show-personal-data applies to the report; give --out REPORT.html too.', 2, true);
  if (values.lang !== undefined && values.lang !== 'ja' && values.lang !== 'en')
    throw new CliError(`--lang must be ja or en, not "${values.lang}".`, 2, true);
  const rowLimit = values.rows === undefined ? defaultReportRows : Number(values.rows);
  if (!Number.isInteger(rowLimit) || rowLimit < 0) throw new CliError('--rows must be a whole number, e.g. 50.', 2, true);

  const input = positionals[0]!;
  const bytes = await readInputFile(input);
  const bundleInput = isBundle(input, bytes);
  if (bundleInput && values.data) throw new CliError('--data is for notebooks; a bundle brings its own tables.', 2, true);

  const started = performance.now();
  const native = await NativeEngine.create();
  try {
    const engine = withLocalJobs(native);
    let notebook: Notebook;
    let notebookText: string;
    try {
      if (bundleInput) {
        const bundle = await openBundle(engine, bytes);
        notebook = bundle.notebook;
        notebookText = bundle.notebookText;
      } else {
        notebookText = new TextDecoder().decode(bytes);
        notebook = parseNotebook(notebookText);
        await useNotebookSchema(engine, notebook.header);
      }
    } catch (error) {
      throw new CliError(`${input}: ${plainMessage(error)}`, 2);
    }
    const dataDir = bundleInput ? null : resolve(values.data ?? dirname(input));
    const warn = (line: string) => io.stderr(`${line}\n`);
    const { results, failures } = await runNotebook({
      engine,
      notebook,
      dataDir,
      rowLimit,
      warn,
      afterSources: () => sealFileAccess(native),
    });
    for (const failure of failures) await io.stderr(`error: cell ${failure.label}: ${failure.message}\n`);

    const version = kuraVersion;
    const written: string[] = [];
    if (values.out) {
      const html = await notebookReportHtml(notebook, results, {
        generatedAt: new Date().toISOString(),
        version,
        lang: values.lang as 'ja' | 'en' | undefined,
        document: reportDocument(),
        rowLimit,
        personalColumns: notebookPersonalColumns(notebook.cells, columnsByTable(await readCatalog(engine))),
        showPersonalData: values['show-personal-data'] === true,
      });
      writeOutput(values.out, html);
      written.push(values.out);
    }
    if (values.bundle) {
      try {
        const bundle = await writeBundle(engine, notebookText, {
          createdAt: new Date().toISOString(),
          kuraVersion: version,
          masking: values.mask ? { mode: values.mask as MaskMode } : undefined,
        });
        writeOutput(values.bundle, bundle);
        written.push(values.bundle);
      } catch (error) {
        if (error instanceof CliError) throw error;
        throw new CliError(plainMessage(error), 1);
      }
    }
    const ran = Object.values(results).filter((outcome) => outcome.status === 'done').length;
    const total = Object.keys(results).length;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    await io.stdout(
      `Ran ${ran} of ${total} cells${failures.length > 0 ? `, ${failures.length} failed` : ''} in ${seconds} s; wrote ${written.join(' and ')}.\n`,
    );
    return failures.length > 0 ? 1 : 0;
  } finally {
    await native.close();
  }
}

function writeOutput(path: string, content: string | Uint8Array): void {
  try {
    writeFileSync(path, content);
  } catch (error) {
    throw new CliError(`${path}: ${plainMessage(error)}`, 2);
  }
}
