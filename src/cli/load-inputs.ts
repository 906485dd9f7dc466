import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Engine } from '../engine/engine.ts';
import { loadFile, tableNameFor } from '../ingest/load.ts';
import type { LoadReport } from '../ingest/types.ts';
import { CliError, plainMessage } from './cli-error.ts';

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
    const bytes = await readInput(path);
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
  return `warning: ${path}: ${report.rejectedCount} rows rejected${detail}`;
}

async function readInput(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    throw new CliError(`${path}: ${readFailure(error)}`, 2);
  }
}

function readFailure(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'There is no such file.';
    case 'EACCES':
    case 'EPERM':
      return 'You do not have permission to read this file.';
    case 'EISDIR':
      return 'This is a folder, not a file.';
    default:
      return plainMessage(error);
  }
}
