import { mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { NativeEngine } from '../../engine/native.ts';
import { csvCopySql } from '../../engine/csv-writer.ts';
import { csvEncodingOption, reencodeCsvFile } from '../csv-encoding-option.ts';
import { quoteLiteral, sql, type Sql } from '../../engine/sql.ts';
import type { MatchResult } from '../../identity/job.ts';
import { checkedEstimate, checkSampleTable, type Interval } from '../../identity/result/estimate.ts';
import { loadFile } from '../../ingest/load.ts';
import type { Engine } from '../../engine/engine.ts';
import { queryRows } from '../../engine/plain-rows.ts';
import { CliError, plainMessage } from '../cli-error.ts';
import { readInputFile } from '../input-file.ts';
import type { CommandIo } from '../io.ts';
import { matchFiles, readMapFile, readThreshold } from '../match-files.ts';
import { usage } from '../usage.ts';

/** `kura match FILE... --out DIR [--map MAP.json] [--threshold P] [--link-only] [--labels LABELS.csv] [--timings] [--encoding utf-8|utf-8-bom|cp932]` */
export async function match(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      out: { type: 'string' },
      map: { type: 'string' },
      threshold: { type: 'string' },
      'link-only': { type: 'boolean' },
      labels: { type: 'string' },
      timings: { type: 'boolean' },
      encoding: { type: 'string' },
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
  const threshold = readThreshold(values.threshold);
  const encoding = csvEncodingOption(values.encoding, 'utf-8');
  const maps = values.map ? await readMapFile(values.map) : {};
  const out = resolve(values.out);
  try {
    mkdirSync(out, { recursive: true });
  } catch (error) {
    throw new CliError(`${values.out}: ${plainMessage(error)}`, 2);
  }

  const engine = await NativeEngine.create();
  try {
    const { sources, result } = await matchFiles(engine, positionals, { maps, threshold, linkOnly: Boolean(values['link-only']) }, io);
    const order = `CASE source ${sources.map((s, i) => `WHEN ${quoteLiteral(s.name)} THEN ${i}`).join(' ')} END`;
    const copy = async (query: string | Sql, file: string) => {
      await engine.exec(await csvCopySql((describe) => engine.query(describe), String(query), join(out, file)));
      await reencodeCsvFile(join(out, file), encoding);
    };
    await copy(`SELECT source, row, cluster_id, household_id FROM identity_clusters ORDER BY ${order}, row`, 'clusters.csv');
    await copy(
      sql`SELECT source_l, row_l, source_r, row_r, round(match_probability, 6) AS match_probability FROM identity_pairs WHERE match_probability >= ${threshold} ORDER BY match_probability DESC, unique_id_l, unique_id_r`,
      'pairs.csv',
    );
    await copy('SELECT * FROM customers_golden ORDER BY cluster_id', 'golden.csv');
    await copy(checkSampleCsvSql, 'check-sample.csv');
    const labels = values.labels ? await readLabels(engine, values.labels) : null;
    const seconds = Object.values(result.timings).reduce((sum, ms) => sum + ms, 0) / 1000;
    if (values.timings) {
      await io.stderr(
        `steps: ${Object.entries(result.timings)
          .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`)
          .join(', ')}\n`,
      );
    }
    await io.stdout(
      `${result.records} records from ${sources.length} file${sources.length === 1 ? '' : 's'} → ${result.clusters.clusters} customers (${result.estimate.pairsInside} pairs of records in one customer, largest cluster ${result.clusters.largest}) in ${seconds.toFixed(1)} s; wrote ${values.out}/clusters.csv, pairs.csv, golden.csv, check-sample.csv\n${estimateLines(result, labels, values.out)}`,
    );
    return 0;
  } finally {
    await engine.close();
  }
}

const checkSampleCsvSql = `SELECT s.position, s.pair, NULL::VARCHAR AS same, round(1 / (1 + pow(2, -s.match_weight)), 4) AS model_probability,
    concat_ws(' / ', l.name, l.email_display, coalesce(l.phone_display, l.mobile_display), l.company, l.address, l.birth_date) AS left_record,
    concat_ws(' / ', r.name, r.email_display, coalesce(r.phone_display, r.mobile_display), r.company, r.address, r.birth_date) AS right_record
  FROM ${checkSampleTable} s JOIN identity_input l ON l.unique_id = s.unique_id_l JOIN identity_input r ON r.unique_id = s.unique_id_r ORDER BY s.position`;

const sameWords = new Set(['yes', 'y', 'same', 'true', '1', 'はい', '同一', '同じ']);
const differentWords = new Set(['no', 'n', 'different', 'false', '0', 'いいえ', '別', '別人']);

/** LABELS.csv: a `pair` column (`source:row|source:row`, as in check-sample.csv) and a `same` column (yes / no). */
async function readLabels(engine: Engine, path: string): Promise<Map<string, boolean>> {
  const report = await loadFile(engine, { fileName: basename(path), bytes: await readInputFile(path), table: 'identity_labels_file' });
  const columns = report.columns.map((c) => c.name);
  if (!columns.includes('pair') || !columns.includes('same')) {
    throw new CliError(
      `${path}: A labels file needs the columns "pair" and "same"; fill in the "same" column of check-sample.csv with yes or no.`,
      2,
    );
  }
  const labels = new Map<string, boolean>();
  for (const row of await queryRows(engine, 'SELECT pair::VARCHAR AS pair, trim(lower(same::VARCHAR)) AS same FROM identity_labels_file')) {
    const same = String(row.same ?? '');
    if (sameWords.has(same)) labels.set(String(row.pair), true);
    else if (differentWords.has(same)) labels.set(String(row.pair), false);
  }
  await engine.exec('DROP TABLE identity_labels_file');
  return labels;
}

const range = (interval: Interval) => `${interval.value.toFixed(3)} (95% interval ${interval.low.toFixed(3)}–${interval.high.toFixed(3)})`;

function estimateLines(result: MatchResult, labels: Map<string, boolean> | null, out: string): string {
  const model = `The model's own estimate, not checked: precision ${result.estimate.precision.toFixed(3)}, recall ${result.estimate.recall.toFixed(3)} of the pairs it compared.\n`;
  const checked = labels ? checkedEstimate(result.check.strata, result.check.sample, labels) : null;
  if (!checked) {
    const hint = labels
      ? `None of the ${labels.size} labels is for a pair of this run's sample; label the pairs in ${out}/check-sample.csv and pass that file with --labels.\n`
      : `To check it, write yes or no in the "same" column of ${out}/check-sample.csv (from the top; 50 labels give a first interval) and run again with --labels ${out}/check-sample.csv.\n`;
    return model + hint;
  }
  const ignored = labels!.size - checked.labels;
  return `${model}Checked with ${checked.labels} labels: precision ${range(checked.precision)}, recall ${range(checked.recall)} of the pairs compared${
    ignored > 0 ? ` (${ignored} labels are for pairs outside this run's sample and were not counted)` : ''
  }.\n`;
}
