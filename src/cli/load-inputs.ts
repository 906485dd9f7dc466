import { basename } from 'node:path';
import type { Engine } from '../engine/engine.ts';
import { loadFile, tableNameFor } from '../ingest/load.ts';
import type { LoadReport } from '../ingest/types.ts';
import { CliError, plainMessage } from './cli-error.ts';
import { readInputFile } from './input-file.ts';
import { counted } from './counted.ts';

/** Loads each file as the table named after it; a file Kura cannot read ends the command (exit 2). */
export async function loadInputs(engine: Engine, paths: readonly string[], warn: (line: string) => Promise<void>): Promise<LoadReport[]> {
  const tables = new Map<string, string>();
  const reports: LoadReport[] = [];
  for (const path of paths) {
    const fileName = basename(path);
    const table = tableNameFor(fileName);
    const earlier = tables.get(table);
    if (earlier !== undefined) {
      throw new CliError(`${path}: This file would load as table ${table}, like ${earlier}; rename one of them.`, 2);
    }
    tables.set(table, path);
    const bytes = await readInputFile(path);
    let report: LoadReport;
    try {
      report = await loadFile(engine, { fileName, bytes, table });
    } catch (error) {
      throw new CliError(`${path}: ${plainMessage(error)}`, 2);
    }
    if (report.rejectedCount > 0) await warn(rejectedWarning(path, report));
    reports.push(report);
  }
  return reports;
}

function rejectedWarning(path: string, report: LoadReport): string {
  const first = report.rejected[0];
  const detail = first ? ` (first: line ${first.line}: ${first.reason})` : '';
  return `warning: ${path}: ${counted(report.rejectedCount, 'row')} rejected${detail}`;
}
