import { basename, join } from 'node:path';
import { NativeEngine } from '../../engine/native.ts';
import { csvCopySql } from '../../engine/csv-writer.ts';
import { csvEncodingOption, reencodeCsvFile } from '../csv-encoding-option.ts';
import { quoteLiteral, sql, type Sql } from '../../engine/sql.ts';
import type { MatchResult } from '../../identity/job.ts';
import { earlierCustomerIdsSql } from '../../identity/cluster/customer-ids.ts';
import { checkedEstimate, checkSampleTable, type Interval } from '../../identity/result/estimate.ts';
import { loadFile } from '../../ingest/load.ts';
import type { Engine } from '../../engine/engine.ts';
import { queryRows } from '../../engine/plain-rows.ts';
import { commandArgs, outputFolder, requiredOption } from '../command-args.ts';
import { CliError } from '../cli-error.ts';
import { readInputFile } from '../input-file.ts';
import type { CommandIo } from '../io.ts';
import { attachFiles, matchFiles, readMapFile, readThreshold, type MapFile } from '../match-files.ts';
import { loadMatchState, saveMatchState } from '../match-state.ts';
import { isAgainstBundle, matchStateFromBundle } from '../bundle-match-state.ts';
import { defaultReviewFrom, incrementalTable } from '../../identity/incremental/incremental.ts';
import { counted } from '../counted.ts';

/** `kura match FILE... --out DIR [--map MAP.json] [--threshold P] [--link-only] [--labels LABELS.csv] [--previous DIR | --against DIR|BUNDLE.kura [--review P]] [--timings] [--encoding utf-8|utf-8-bom|cp932]` */
export async function match(args: string[], io: CommandIo): Promise<number> {
  const parsed = await commandArgs(
    args,
    {
      out: { type: 'string' },
      map: { type: 'string' },
      threshold: { type: 'string' },
      'link-only': { type: 'boolean' },
      labels: { type: 'string', multiple: true },
      timings: { type: 'boolean' },
      encoding: { type: 'string' },
      previous: { type: 'string' },
      against: { type: 'string' },
      review: { type: 'string' },
    },
    io,
  );
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new CliError('match needs at least one input file.', 2, true);
  const outArg = requiredOption(values.out, 'match needs --out DIR for the result files.');
  const threshold = readThreshold(values.threshold);
  const encoding = csvEncodingOption(values.encoding, 'utf-8');
  const maps = values.map ? await readMapFile(values.map) : {};
  if (values.against !== undefined) {
    for (const flag of ['labels', 'previous', 'link-only'] as const) {
      if (values[flag]) throw new CliError(`--against cannot be combined with --${flag}.`, 2, true);
    }
    const reviewFrom = values.review === undefined ? defaultReviewFrom : Number(values.review);
    if (!(reviewFrom > 0 && reviewFrom <= threshold))
      throw new CliError('--review must be a probability above 0 and not above the threshold, e.g. 0.5.', 2, true);
    return matchAgainst(
      positionals,
      { against: values.against, outArg, threshold, reviewFrom, encoding, maps, timings: Boolean(values.timings) },
      io,
    );
  }
  if (values.review !== undefined) throw new CliError('--review goes with --against.', 2, true);
  const out = outputFolder(outArg);

  const engine = await NativeEngine.create();
  try {
    const labels = values.labels?.length ? await readLabelFiles(engine, values.labels) : null;
    if (values.previous) await readEarlierIds(engine, values.previous);
    const { sources, result } = await matchFiles(
      engine,
      positionals,
      { maps, threshold, linkOnly: Boolean(values['link-only']), labels: labels?.teach ?? [], teachPairs },
      io,
    );
    const order = `CASE c.source ${sources.map((s, i) => `WHEN ${quoteLiteral(s.name)} THEN ${i}`).join(' ')} END`;
    const copy = async (query: string | Sql, file: string) => {
      await engine.exec(await csvCopySql((describe) => engine.query(describe), String(query), join(out, file)));
      await reencodeCsvFile(join(out, file), encoding);
    };
    const writing = performance.now();
    await copy(
      `SELECT c.source, c.row, c.customer_id, c.cluster_id, c.household_id, i.source_id
       FROM identity_clusters c JOIN identity_input i USING (unique_id) ORDER BY ${order}, c.row`,
      'clusters.csv',
    );
    await copy(
      sql`SELECT source_l, row_l, source_r, row_r, round(match_probability, 6) AS match_probability FROM identity_pairs WHERE match_probability >= ${threshold} ORDER BY match_probability DESC, unique_id_l, unique_id_r`,
      'pairs.csv',
    );
    await copy('SELECT * FROM customers_golden ORDER BY cluster_id', 'golden.csv');
    const saving = performance.now();
    await saveMatchState(engine, out);
    const saved = performance.now();
    await copy(checkSampleCsvSql, 'check-sample.csv');
    await engine.exec(teachSampleSql(result));
    await copy(teachSampleCsvSql, 'teach-sample.csv');
    const seconds = Object.values(result.timings).reduce((sum, ms) => sum + ms, 0) / 1000;
    if (values.timings) {
      const steps = { ...result.timings, 'output files': performance.now() - writing - (saved - saving), 'match state': saved - saving };
      await io.stderr(
        `steps: ${Object.entries(steps)
          .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`)
          .join(', ')}\n`,
      );
    }
    await io.stdout(
      `${counted(result.records, 'record')} from ${counted(sources.length, 'file')} → ${counted(result.clusters.clusters, 'customer')} (${counted(result.estimate.pairsInside, 'pair')} of records in one customer, largest cluster ${result.clusters.largest}) in ${seconds.toFixed(1)} s; wrote ${outArg}/clusters.csv, pairs.csv, golden.csv, check-sample.csv, teach-sample.csv\n${values.previous ? changesLine(result) : ''}${learningLine(result, labels)}${estimateLines(result, labels?.check.size ? labels.check : null, outArg)}`,
    );
    return 0;
  } finally {
    await engine.close();
  }
}

/** `--against PREV`: the new files' records attached to the customers of the match kept in PREV (a folder) or shared in it (a bundle). */
async function matchAgainst(
  paths: readonly string[],
  options: {
    against: string;
    outArg: string;
    threshold: number;
    reviewFrom: number;
    encoding: ReturnType<typeof csvEncodingOption>;
    maps: MapFile;
    timings: boolean;
  },
  io: CommandIo,
): Promise<number> {
  const engine = await NativeEngine.create();
  try {
    if (isAgainstBundle(options.against)) await matchStateFromBundle(engine, options.against);
    else await loadMatchState(engine, options.against);
    const out = outputFolder(options.outArg);
    const { sources, result } = await attachFiles(engine, paths, options, io);
    const copy = async (query: string | Sql, file: string) => {
      await engine.exec(await csvCopySql((describe) => engine.query(describe), String(query), join(out, file)));
      await reencodeCsvFile(join(out, file), options.encoding);
    };
    const order = `CASE source ${sources.map((s, i) => `WHEN ${quoteLiteral(s.name)} THEN ${i}`).join(' ')} END`;
    await copy(
      `SELECT source, row, customer_id, decision, round(match_probability, 6) AS match_probability, candidate_customer_id, source_id
       FROM ${incrementalTable} ORDER BY ${order}, row`,
      'clusters.csv',
    );
    await copy(
      sql`SELECT source_l, row_l, source_r, row_r, round(match_probability, 6) AS match_probability FROM identity_pairs WHERE match_probability >= ${options.threshold} ORDER BY match_probability DESC, unique_id_l, unique_id_r`,
      'pairs.csv',
    );
    await copy('SELECT * FROM customers_golden ORDER BY cluster_id', 'golden.csv');
    await saveMatchState(engine, out);
    if (options.timings) {
      await io.stderr(
        `steps: ${Object.entries(result.timings)
          .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`)
          .join(', ')}\n`,
      );
    }
    const seconds = Object.values(result.timings).reduce((sum, ms) => sum + ms, 0) / 1000;
    const files = counted(sources.length, 'file');
    await io.stdout(
      `${result.records} new records from ${files} against ${result.existingRecords} matched records: ${result.attached} attached to ${result.customersGained} existing customers, ${result.review} for review (match probability ${result.reviewFrom}–${result.threshold}), ${result.new} new; ${result.newCustomers} new customers, in ${seconds.toFixed(1)} s; wrote ${options.outArg}/clusters.csv, pairs.csv, golden.csv\n`,
    );
    return 0;
  } finally {
    await engine.close();
  }
}

/** An earlier run's clusters.csv (`--previous DIR`): its customer ids are kept for the customers that are still there. */
async function readEarlierIds(engine: Engine, folder: string): Promise<void> {
  const path = join(folder, 'clusters.csv');
  const report = await loadFile(engine, { fileName: 'clusters.csv', bytes: await readInputFile(path), table: 'identity_earlier_clusters' });
  const columns = new Set(report.columns.map((c) => c.name));
  if (!['source', 'row', 'customer_id'].every((column) => columns.has(column))) {
    throw new CliError(
      `${path}: --previous needs the clusters.csv of an earlier kura match, with the columns source, row and customer_id.`,
      2,
    );
  }
  const sourceId = columns.has('source_id') ? `nullif(trim(source_id::VARCHAR), '')` : 'NULL::VARCHAR';
  await engine.exec(
    earlierCustomerIdsSql(
      `SELECT source::VARCHAR AS source, ${sourceId} AS source_id, row::BIGINT AS row, TRY_CAST(customer_id AS BIGINT) AS customer_id FROM identity_earlier_clusters`,
    ),
  );
  await engine.exec('DROP TABLE identity_earlier_clusters');
}

/** What changed since the earlier run, in customers. */
function changesLine({ customers: c }: MatchResult): string {
  return `Against the earlier run: ${counted(c.unchanged, 'customer')} unchanged, ${c.changed} with records gained or lost, ${c.merged} merged, ${c.split} split, ${c.new} new; ${counted(c.retired, 'earlier id')} no longer used.\n`;
}

/** Pairs offered for teaching in teach-sample.csv. */
const teachPairs = 50;

const checkSampleCsvSql = `SELECT s.position, s.pair, NULL::VARCHAR AS same, 'check' AS use, round(1 / (1 + pow(2, -s.match_weight)), 4) AS model_probability,
    concat_ws(' / ', l.name, l.email_display, coalesce(l.phone_display, l.mobile_display), l.company, l.address, l.birth_date) AS left_record,
    concat_ws(' / ', r.name, r.email_display, coalesce(r.phone_display, r.mobile_display), r.company, r.address, r.birth_date) AS right_record
  FROM ${checkSampleTable} s JOIN identity_input l ON l.unique_id = s.unique_id_l JOIN identity_input r ON r.unique_id = s.unique_id_r ORDER BY s.position`;

const sameWords = new Set(['yes', 'y', 'same', 'true', '1', 'はい', '同一', '同じ']);
const differentWords = new Set(['no', 'n', 'different', 'false', '0', 'いいえ', '別', '別人']);

/** The pairs offered for teaching (the result's review, in order), as a table teach-sample.csv is written from. */
function teachSampleSql(result: MatchResult): string {
  const rows = result.review.map(
    (pair, index) =>
      `(${index + 1}, ${quoteLiteral(`${pair.left.source}:${pair.left.row}|${pair.right.source}:${pair.right.row}`)}, ${quoteLiteral(pair.left.source)}, ${pair.left.row}, ${quoteLiteral(pair.right.source)}, ${pair.right.row}, ${pair.probability})`,
  );
  return `CREATE OR REPLACE TEMP TABLE identity_teach_sample AS SELECT * FROM (${
    rows.length ? `VALUES ${rows.join(', ')}` : `SELECT 0, '', '', 0, '', 0, 0.0 WHERE false`
  }) t(position, pair, source_l, row_l, source_r, row_r, probability)`;
}

const teachSampleCsvSql = `SELECT s.position, s.pair, NULL::VARCHAR AS same, 'teach' AS use, round(s.probability, 4) AS model_probability,
    concat_ws(' / ', l.name, l.email_display, coalesce(l.phone_display, l.mobile_display), l.company, l.address, l.birth_date) AS left_record,
    concat_ws(' / ', r.name, r.email_display, coalesce(r.phone_display, r.mobile_display), r.company, r.address, r.birth_date) AS right_record
  FROM identity_teach_sample s JOIN identity_input l ON l.source = s.source_l AND l.row = s.row_l JOIN identity_input r ON r.source = s.source_r AND r.row = s.row_r ORDER BY s.position`;

interface Labels {
  /** Answers on check-sample.csv's pairs: they check the estimate only. */
  check: Map<string, boolean>;
  /** Answers on teach-sample.csv's pairs (`use` = teach): they correct the model only. */
  teach: { pair: string; same: boolean }[];
}

/** Every `--labels` file, split by their `use` column (check, the default, or teach); a pair labelled twice keeps the last answer. */
async function readLabelFiles(engine: Engine, paths: readonly string[]): Promise<Labels> {
  const check = new Map<string, boolean>();
  const teach = new Map<string, boolean>();
  for (const path of paths) {
    for (const [pair, { same, use }] of await readLabels(engine, path)) {
      (use === 'teach' ? teach : check).set(pair, same);
      (use === 'teach' ? check : teach).delete(pair);
    }
  }
  return { check, teach: [...teach].map(([pair, same]) => ({ pair, same })) };
}

/** LABELS.csv: a `pair` column (`source:row|source:row`, as in check-sample.csv), a `same` column (yes / no) and optionally `use` (check / teach). */
async function readLabels(engine: Engine, path: string): Promise<Map<string, { same: boolean; use: 'check' | 'teach' }>> {
  const report = await loadFile(engine, { fileName: basename(path), bytes: await readInputFile(path), table: 'identity_labels_file' });
  const columns = report.columns.map((c) => c.name);
  if (!columns.includes('pair') || !columns.includes('same')) {
    throw new CliError(
      `${path}: A labels file needs the columns "pair" and "same"; fill in the "same" column of check-sample.csv with yes or no.`,
      2,
    );
  }
  const labels = new Map<string, { same: boolean; use: 'check' | 'teach' }>();
  const use = columns.includes('use') ? `trim(lower(use::VARCHAR))` : `'check'`;
  for (const row of await queryRows(
    engine,
    `SELECT pair::VARCHAR AS pair, trim(lower(same::VARCHAR)) AS same, ${use} AS use FROM identity_labels_file`,
  )) {
    const same = String(row.same ?? '');
    const kind = row.use === 'teach' ? 'teach' : 'check';
    if (sameWords.has(same)) labels.set(String(row.pair), { same: true, use: kind });
    else if (differentWords.has(same)) labels.set(String(row.pair), { same: false, use: kind });
  }
  await engine.exec('DROP TABLE identity_labels_file');
  return labels;
}

const range = (interval: Interval) => `${interval.value.toFixed(3)} (95% interval ${interval.low.toFixed(3)}–${interval.high.toFixed(3)})`;

/** What the teaching labels changed, or how to teach. */
function learningLine(result: MatchResult, labels: Labels | null): string {
  const learning = result.learning;
  if (!learning) {
    return labels?.teach.length
      ? `None of the ${labels.teach.length} teaching labels is for a pair of these records; the model is as trained.\n`
      : '';
  }
  const moved = learning.corrections
    .slice(0, 3)
    .map((c) => `${c.comparison} "${c.level}" ${c.bits > 0 ? '+' : ''}${c.bits.toFixed(1)} bits`)
    .join(', ');
  return `Model updated from ${counted(learning.labels, 'label')} (${learning.same} same, ${learning.different} different)${moved ? `: ${moved}` : ''}; the pairs were scored and clustered again with it.\n`;
}

function estimateLines(result: MatchResult, labels: Map<string, boolean> | null, out: string): string {
  const model = `The model estimates that about ${Math.floor(result.estimate.precision * 100)}% of the pairs put together are right (its own claim, not checked; it says nothing of the pairs it missed).\n`;
  const checked = labels ? checkedEstimate(result.check.strata, result.check.sample, labels) : null;
  if (!checked) {
    const hint = labels
      ? `${labels.size === 1 ? 'The label is not' : `None of the ${labels.size} labels is`} for a pair of this run's sample; label the pairs in ${out}/check-sample.csv and pass that file with --labels.\n`
      : `To check it, write yes or no in the "same" column of ${out}/check-sample.csv (from the top; 50 labels give a first interval) and run again with --labels ${out}/check-sample.csv.\nTo teach the model, answer ${out}/teach-sample.csv the same way (the pairs whose answer would change the result most) and pass it with --labels too; teaching labels are never counted in the check.\n`;
    return model + hint;
  }
  const ignored = labels!.size - checked.labels;
  return `Checked with ${counted(checked.labels, 'label')}: precision ${range(checked.precision)}, recall ${range(checked.recall)} of the pairs compared${
    ignored > 0
      ? ` (${counted(ignored, 'label is for a pair', 'labels are for pairs')} outside this run's sample and ${ignored === 1 ? 'was' : 'were'} not counted)`
      : ''
  }.\n`;
}
