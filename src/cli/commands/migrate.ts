import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { KuraError, type Engine } from '../../engine/engine.ts';
import { loadFile } from '../../ingest/load.ts';
import { NativeEngine } from '../../engine/native.ts';
import { migrationFileBytes, migrationFileName, type MigrationFileName } from '../../migrate/files.ts';
import { runMigration, type MigrationSummary } from '../../migrate/migrate.ts';
import type { MigrateSpec } from '../../migrate/plan.ts';
import { reconcileMigration } from '../../migrate/reconcile.ts';
import { targetPreset, targetPresets } from '../../migrate/targets.ts';
import { commandArgs, outputFolder, requiredOption } from '../command-args.ts';
import { CliError, plainMessage } from '../cli-error.ts';
import { readInputFile } from '../input-file.ts';
import type { CommandIo } from '../io.ts';
import { matchFiles, readJsonObject, readMapFile, readThreshold } from '../match-files.ts';
import { counted } from '../counted.ts';

/** `kura migrate FILE... --target PRESET --out DIR [--map MAP.json] [--fields FIELDS.json] [--encoding E] [--format csv|xlsx] [--threshold P] [--accounts FILE] [--received EXPORT]` */
export async function migrate(args: string[], io: CommandIo): Promise<number> {
  const parsed = await commandArgs(
    args,
    {
      target: { type: 'string' },
      out: { type: 'string' },
      map: { type: 'string' },
      fields: { type: 'string' },
      encoding: { type: 'string' },
      format: { type: 'string' },
      threshold: { type: 'string' },
      received: { type: 'string' },
      accounts: { type: 'string' },
    },
    io,
  );
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new CliError('migrate needs at least one input file.', 2, true);
  const target = requiredOption(values.target, 'migrate needs --target PRESET, e.g. --target salesforce.contact.');
  const outArg = requiredOption(values.out, 'migrate needs --out DIR for the import file.');
  if (!targetPreset(target)) {
    throw new CliError(`There is no migration target "${target}"; choose one of ${targetPresets.map((p) => p.id).join(', ')}.`, 2);
  }
  const threshold = readThreshold(values.threshold);
  const maps = values.map ? await readMapFile(values.map) : {};
  const mapping = values.fields ? await readFieldsFile(values.fields) : undefined;
  const spec: MigrateSpec = {
    target,
    mapping,
    encoding: values.encoding as MigrateSpec['encoding'],
    format: values.format as MigrateSpec['format'],
    ...(values.accounts ? { accounts: 'migration_accounts' } : {}),
  };

  const engine = await NativeEngine.create();
  try {
    const { sources, result } = await matchFiles(engine, positionals, { maps, threshold, linkOnly: false }, io);
    if (values.accounts) await loadFileAs(engine, values.accounts, 'migration_accounts');
    let summary: MigrationSummary;
    try {
      ({ summary } = await runMigration(engine, spec, 'migration'));
    } catch (error) {
      // A target, mapping or encoding that does not fit is bad input; anything else is a failure of the work.
      throw new CliError(plainMessage(error), error instanceof KuraError && error.kind === 'invalid-spec' ? 2 : 1);
    }
    const out = outputFolder(outArg);
    for (const file of ['import', 'trace', 'problems'] satisfies MigrationFileName[]) {
      writeFileSync(join(out, migrationFileName(spec, file)), await migrationFileBytes(engine, spec, 'migration', file));
    }
    await io.stdout(
      `${summaryLine(result.records, sources.length, result.clusters.clusters, summary)}; wrote ${outArg}/${migrationFileName(spec, 'import')}, trace.csv, problems.csv\n`,
    );
    const differences = values.received ? await reconcileReceived(engine, spec, values.received, io) : 0;
    return summary.failing === 0 && differences === 0 ? 0 : 1;
  } finally {
    await engine.close();
  }
}

/** A file beside the inputs (the accounts file, the target's export) loaded as `table`; one unreadable is bad input. */
async function loadFileAs(engine: Engine, path: string, table: string): Promise<void> {
  const bytes = await readInputFile(path);
  try {
    await loadFile(engine, { fileName: basename(path), bytes, table });
  } catch (error) {
    throw new CliError(`${path}: ${plainMessage(error)}`, 2);
  }
}

/** `--received EXPORT`: the target's export after a (test) import, reconciled with what import.csv sent; returns the differences. */
async function reconcileReceived(engine: Engine, spec: MigrateSpec, path: string, io: CommandIo): Promise<number> {
  await loadFileAs(engine, path, 'migration_export');
  let reconciled;
  try {
    reconciled = await reconcileMigration(engine, { target: spec.target, prefix: 'migration', received: 'migration_export' });
  } catch (error) {
    throw new CliError(`${path}: ${plainMessage(error)}`, error instanceof KuraError && error.kind === 'invalid-spec' ? 2 : 1);
  }
  const changed = reconciled.changed.map((c) => `${c.field} ${c.rows}`).join(', ');
  const notExported = reconciled.notExported.length > 0 ? ` (not in the export, not compared: ${reconciled.notExported.join(', ')})` : '';
  await io.stdout(
    `Reconciled with ${path}: ${counted(reconciled.missing, 'sent row')} missing, ${counted(reconciled.extra, 'row')} not sent, changed values: ${changed || 'none'}${notExported}\n`,
  );
  return reconciled.missing + reconciled.extra + reconciled.changed.length;
}

function summaryLine(records: number, files: number, customers: number, summary: MigrationSummary): string {
  const reasons = summary.problems.map((p) => `${p.field} ${p.rule.replace('_', ' ')} ${p.customers}`).join(', ');
  return `${counted(records, 'record')} from ${counted(files, 'file')} → ${counted(customers, 'customer')}; ${summary.target}: ${counted(summary.passing, 'row')} to import, ${summary.failing} failing${
    summary.failing > 0 ? ` (${reasons})` : ''
  }`;
}

/** FIELDS.json: `{ "target field": "source column" }`; null leaves the field empty. */
async function readFieldsFile(path: string): Promise<Record<string, string | null>> {
  const example = '{"LastName": "name.family", "Title": null}';
  const parsed = await readJsonObject(path, example);
  for (const [field, source] of Object.entries(parsed)) {
    if (source !== null && typeof source !== 'string')
      throw new CliError(`${path}: ${field} must be a column name or null; write ${example}.`, 2);
  }
  return parsed as Record<string, string | null>;
}
