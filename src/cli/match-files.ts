import { statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Engine } from '../engine/engine.ts';
import { identityMatch, type MatchResult } from '../identity/job.ts';
import { identityMatchIncremental, type IncrementalResult } from '../identity/incremental/incremental.ts';
import type { IdentitySource } from '../identity/model/spec.ts';
import type { PrepareContext } from '../identity/prepare/prepare.ts';
import { quietJobContext } from '../jobs/job.ts';
import { CliError, plainMessage } from './cli-error.ts';
import { readInputFile } from './input-file.ts';
import type { CommandIo } from './io.ts';
import { loadInputs } from './load-inputs.ts';
import { keyerFor } from './parallel-keys.ts';

/** MAP.json: per file base name, either `{ field: column }` or `{ "mapping": {…}, "extras": { name: column } }`. */
export type MapFile = Record<string, Record<string, string> | { mapping?: Record<string, string>; extras?: Record<string, string> }>;

export interface MatchFilesOptions {
  maps: MapFile;
  threshold: number;
  linkOnly: boolean;
  /** Same / different answers on pairs offered for teaching: they correct the model before scoring. */
  labels?: { pair: string; same: boolean }[];
  /** How many pairs to offer for teaching (explained in the result's `review`). Default 0. */
  teachPairs?: number;
}

/** `--threshold P`: a probability between 0 and 1, default 0.9. */
export function readThreshold(value: string | undefined): number {
  const threshold = value === undefined ? 0.9 : Number(value);
  if (!(threshold > 0 && threshold < 1)) throw new CliError('--threshold must be a probability between 0 and 1, e.g. 0.9.', 2, true);
  return threshold;
}

/**
 * Loads the files and finds the same customer across them, as `kura match` and `kura migrate` do: the engine is
 * left with identity_clusters, identity_pairs and customers_golden. Unreadable files and duplicate base names are
 * bad input (exit 2); a failing match exits 1.
 */
export async function matchFiles(
  engine: Engine,
  paths: readonly string[],
  options: MatchFilesOptions,
  io: CommandIo,
): Promise<{ sources: IdentitySource[]; result: MatchResult }> {
  // The normalisers run in worker threads when there is enough data to pay for their start-up (started now, so
  // they load while the files do).
  const { keyer, close } = keyerFor(inputBytes(paths));
  try {
    const sources = await loadSources(engine, paths, options.maps, io);
    const context: PrepareContext = { ...quietJobContext(), keyer };
    try {
      const result = await identityMatch(
        engine,
        {
          sources,
          threshold: options.threshold,
          linkType: options.linkOnly ? 'linkOnly' : 'dedupeAndLink',
          reviewPairs: options.teachPairs ?? 0,
          ...(options.labels?.length ? { labels: options.labels } : {}),
        },
        context,
      );
      return { sources, result };
    } catch (error) {
      throw new CliError(plainMessage(error), 1);
    }
  } finally {
    await close();
  }
}

/** Loads the files as tables and names each source after its file's base name, with its MAP.json entry. */
async function loadSources(engine: Engine, paths: readonly string[], maps: MapFile, io: CommandIo): Promise<IdentitySource[]> {
  const reports = await loadInputs(engine, paths, (line) => io.stderr(`${line}\n`));
  const sources: IdentitySource[] = reports.map((report, index) => {
    const path = paths[index]!;
    const name = basename(path, extname(path));
    const entry = maps[name] ?? maps[basename(path)];
    const long = entry && (typeof entry.mapping === 'object' || typeof entry.extras === 'object');
    const mapping = long ? (entry as { mapping?: Record<string, string> }).mapping : (entry as Record<string, string> | undefined);
    const extras = long ? (entry as { extras?: Record<string, string> }).extras : undefined;
    if (report.rejectedCount > 0) {
      void io.stderr(`warning: ${path}: rows after a rejected row are numbered among the rows that loaded.\n`);
    }
    return { name, table: report.table, mapping, extras };
  });
  if (new Set(sources.map((s) => s.name)).size !== sources.length) {
    throw new CliError('Two input files have the same base name; rename one of them.', 2);
  }
  return sources;
}

/**
 * Loads the files and attaches their records to the customers of the match already in the engine (`--against`):
 * the engine is left with `identity_incremental` and the match's tables extended. Bad input exits 2, a failing
 * attach 1.
 */
export async function attachFiles(
  engine: Engine,
  paths: readonly string[],
  options: { maps: MapFile; threshold: number; reviewFrom: number },
  io: CommandIo,
): Promise<{ sources: IdentitySource[]; result: IncrementalResult }> {
  const sources = await loadSources(engine, paths, options.maps, io);
  try {
    const result = await identityMatchIncremental(
      engine,
      { sources, threshold: options.threshold, reviewFrom: options.reviewFrom },
      quietJobContext(),
    );
    return { sources, result };
  } catch (error) {
    throw new CliError(plainMessage(error), 1);
  }
}

function inputBytes(paths: readonly string[]): number {
  return paths.reduce((sum, path) => {
    try {
      return sum + statSync(path).size;
    } catch {
      return sum; // loadInputs reports the missing file
    }
  }, 0);
}

/** Reads a JSON object file (MAP.json and the like); anything else is bad input with a sentence saying what to write. */
export async function readJsonObject(path: string, example: string): Promise<Record<string, unknown>> {
  const text = new TextDecoder().decode(await readInputFile(path));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError(`${path}: This is not valid JSON; write ${example}.`, 2);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CliError(`${path}: Write an object ${example}.`, 2);
  }
  return parsed as Record<string, unknown>;
}

export async function readMapFile(path: string): Promise<MapFile> {
  return (await readJsonObject(path, '{"file base name": {"field": "column"}}')) as MapFile;
}
