import { mkdirSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { NativeEngine } from '../../engine/native.ts';
import { csvCopySql } from '../../engine/csv-writer.ts';
import { quoteLiteral } from '../../engine/sql.ts';
import { identityMatch } from '../../identity/job.ts';
import type { IdentitySource } from '../../identity/model/spec.ts';
import type { PrepareContext } from '../../identity/prepare/prepare.ts';
import { quietJobContext } from '../../jobs/job.ts';
import { CliError, plainMessage } from '../cli-error.ts';
import { readInputFile } from '../input-file.ts';
import type { CommandIo } from '../io.ts';
import { loadInputs } from '../load-inputs.ts';
import { KeyWorkers, parallelKeysFromBytes } from '../parallel-keys.ts';
import { usage } from '../usage.ts';

/** MAP.json: per file base name, either `{ field: column }` or `{ "mapping": {…}, "extras": { name: column } }`. */
type MapFile = Record<string, Record<string, string> | { mapping?: Record<string, string>; extras?: Record<string, string> }>;

/** `kura match FILE... --out DIR [--map MAP.json] [--threshold P] [--link-only] [--timings]` */
export async function match(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      out: { type: 'string' },
      map: { type: 'string' },
      threshold: { type: 'string' },
      'link-only': { type: 'boolean' },
      timings: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    await io.stdout(usage);
    return 0;
  }
  if (positionals.length === 0) throw new CliError('match needs at least one input file.', 2, true);
  if (!values.out) throw new CliError('match needs --out DIR for the result files.', 2, true);
  const threshold = values.threshold === undefined ? 0.9 : Number(values.threshold);
  if (!(threshold > 0 && threshold < 1)) throw new CliError('--threshold must be a probability between 0 and 1, e.g. 0.9.', 2, true);
  const maps = values.map ? await readMapFile(values.map) : {};
  const out = resolve(values.out);
  try {
    mkdirSync(out, { recursive: true });
  } catch (error) {
    throw new CliError(`${values.out}: ${plainMessage(error)}`, 2);
  }

  const engine = await NativeEngine.create();
  // The normalisers run in worker threads when there is enough data to pay for their start-up (started now, so
  // they load while the files do).
  const workers = inputBytes(positionals) >= parallelKeysFromBytes ? new KeyWorkers() : null;
  try {
    const reports = await loadInputs(engine, positionals, (line) => io.stderr(`${line}\n`));
    const sources: IdentitySource[] = reports.map((report, index) => {
      const path = positionals[index]!;
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
    const context: PrepareContext = { ...quietJobContext(), keyer: workers ? { keyBatch: workers.keyBatch, inFlight: workers.inFlight, release: () => workers.close() } : undefined };
    let result;
    try {
      result = await identityMatch(engine, { sources, threshold, linkType: values['link-only'] ? 'linkOnly' : 'dedupeAndLink', reviewPairs: 0 }, context);
    } catch (error) {
      throw new CliError(plainMessage(error), 1);
    }
    const order = `CASE source ${sources.map((s, i) => `WHEN ${quoteLiteral(s.name)} THEN ${i}`).join(' ')} END`;
    const copy = async (sql: string, file: string) => engine.exec(await csvCopySql((describe) => engine.query(describe), sql, join(out, file)));
    await copy(`SELECT source, row, cluster_id FROM identity_clusters ORDER BY ${order}, row`, 'clusters.csv');
    await copy(
      `SELECT source_l, row_l, source_r, row_r, round(match_probability, 6) AS match_probability FROM identity_pairs WHERE match_probability >= ${threshold} ORDER BY match_probability DESC, unique_id_l, unique_id_r`,
      'pairs.csv',
    );
    await copy('SELECT * FROM customers_golden ORDER BY cluster_id', 'golden.csv');
    const seconds = Object.values(result.timings).reduce((sum, ms) => sum + ms, 0) / 1000;
    if (values.timings) {
      await io.stderr(`steps: ${Object.entries(result.timings).map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join(', ')}\n`);
    }
    await io.stdout(
      `${result.records} records from ${sources.length} file${sources.length === 1 ? '' : 's'} → ${result.clusters.clusters} customers (${result.estimate.pairsAbove} pairs ≥ ${threshold}, largest cluster ${result.clusters.largest}, estimated precision ${result.estimate.precision.toFixed(3)}, recall ${result.estimate.recall.toFixed(3)}) in ${seconds.toFixed(1)} s; wrote ${values.out}/clusters.csv, pairs.csv, golden.csv\n`,
    );
    return 0;
  } finally {
    await workers?.close();
    await engine.close();
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

async function readMapFile(path: string): Promise<MapFile> {
  const text = new TextDecoder().decode(await readInputFile(path));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError(`${path}: This is not valid JSON; write {"file base name": {"field": "column"}}.`, 2);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CliError(`${path}: Write an object {"file base name": {"field": "column"}}.`, 2);
  }
  return parsed as MapFile;
}
