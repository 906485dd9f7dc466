/**
 * Identity accuracy on the people set (test/data/people), which no parameter of the matcher was chosen on:
 * `KURA_BENCH_ONLY=identity-people npm run bench` (also part of the full bench). For each scale (seed 2001, the
 * reporting range; `KURA_BENCH_PEOPLE_SCALES`, default 3000,60000; add 200000 for the largest) it matches the three
 * exports natively end to end and prints the truth (pairwise precision, recall, F1; recall also among the pairs
 * Kura compared, which is what its estimates can see), the model's own estimate, and the checked estimate from
 * the labelling sample answered by the truth, as a reviewer would answer it, with whether its interval holds it.
 */
import { tableFromIPC } from 'apache-arrow';
import { NativeEngine } from '../../src/engine/native.ts';
import { identityMatch } from '../../src/identity/job.ts';
import { identityMatchIncremental } from '../../src/identity/incremental/incremental.ts';
import { apartFloorWeight, checkedEstimate, type Interval } from '../../src/identity/result/estimate.ts';
import { loadFile } from '../../src/ingest/load.ts';
import { quietJobContext } from '../../src/jobs/job.ts';
import { generatePeopleSet, truthCsv, type PeopleSet } from '../data/people/generate.ts';
import { loadPeopleTables } from './people-tables.ts';
import { pairwiseScore } from '../data/people/score.ts';

const scales = (process.env.KURA_BENCH_PEOPLE_SCALES ?? '3000,60000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const seed = Number(process.env.KURA_BENCH_PEOPLE_SEED ?? 2001);
const f = (x: number) => x.toFixed(3);
const holds = (interval: Interval, truth: number) => (interval.low <= truth && truth <= interval.high ? 'yes' : 'NO');

/** Matches every export but the last, attaches the last one incrementally and scores all records; a table row. */
async function benchAttached(people: number, set: PeopleSet, truth: Map<string, string>, fullF1: number): Promise<string> {
  const engine = await NativeEngine.create();
  try {
    const names = await loadPeopleTables(engine, set);
    const last = names.at(-1)!;
    await identityMatch(engine, { sources: names.slice(0, -1).map((name) => ({ name, table: name })), reviewPairs: 0 }, quietJobContext());
    const started = performance.now();
    const attached = await identityMatchIncremental(engine, { sources: [{ name: last, table: last }] }, quietJobContext());
    const ms = performance.now() - started;
    const clusters = tableFromIPC(
      await engine.query(`SELECT source || ':' || row AS record, customer_id FROM identity_clusters`),
    ).toArray();
    const score = pairwiseScore(truth, new Map(clusters.map((row) => [String(row.record), String(row.customer_id)])));
    return `| ${people.toLocaleString()} | ${last} | ${attached.records.toLocaleString()} | ${attached.attached.toLocaleString()} / ${attached.review.toLocaleString()} / ${attached.new.toLocaleString()} | ${(ms / 1000).toFixed(1)} s | ${f(score.precision)} | ${f(score.recall)} | ${f(score.f1)} | ${f(fullF1)} |`;
  } finally {
    await engine.close();
  }
}

export async function benchIdentityPeople(): Promise<boolean> {
  const only = process.env.KURA_BENCH_ONLY;
  if (only && only !== 'identity-people') return false;
  console.log(`\n## Identity on the people set (seed ${seed}, not tuned on)\n`);
  console.log(
    '| people | records | native time | precision | recall (all / of compared) | F1 | model estimate P / R | checked (labels) precision | checked recall of compared | intervals hold the truth |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  const attachedRuns: string[] = [];
  for (const people of scales) {
    const set = generatePeopleSet(people, seed);
    const engine = await NativeEngine.create();
    const names = await loadPeopleTables(engine, set);
    const started = performance.now();
    const result = await identityMatch(
      engine,
      { sources: names.map((name) => ({ name, table: name })), reviewPairs: 0 },
      quietJobContext(),
    );
    const ms = performance.now() - started;
    const truth = new Map(set.truth.map((row) => [`${row.source}:${row.row}`, row.personId]));
    const clusters = tableFromIPC(await engine.query(`SELECT source || ':' || row AS record, cluster_id FROM identity_clusters`)).toArray();
    const score = pairwiseScore(truth, new Map(clusters.map((row) => [String(row.record), String(row.cluster_id)])));

    // Recall among the pairs Kura compared or put together: true pairs inside clusters over those plus the true
    // candidate pairs left apart above the estimate's floor.
    await loadFile(engine, { fileName: 'truth.csv', bytes: new TextEncoder().encode(truthCsv(set)), table: 'bench_truth' });
    const [compared] = tableFromIPC(
      await engine.query(`
      WITH t AS (SELECT i.unique_id, c.cluster_id, b.person_id FROM identity_input i JOIN identity_clusters c USING (unique_id) JOIN bench_truth b ON b.source = i.source AND b.row = i.row)
      SELECT count(*) FILTER (WHERE l.cluster_id <> r.cluster_id AND p.match_weight >= ${apartFloorWeight}) AS missed_compared
      FROM identity_pairs p JOIN t l ON l.unique_id = p.unique_id_l JOIN t r ON r.unique_id = p.unique_id_r WHERE l.person_id = r.person_id`),
    ).toArray();
    const missed = Number(compared?.missed_compared ?? 0);
    const recallCompared = score.correctPairs / (score.correctPairs + missed);

    const labels = new Map(
      result.check.sample.map((pair) => {
        const [left, right] = pair.pair.split('|');
        return [pair.pair, truth.get(left!) === truth.get(right!)] as const;
      }),
    );
    const checked = checkedEstimate(result.check.strata, result.check.sample, labels);
    const interval = (i: Interval) => `${f(i.value)} [${f(i.low)}, ${f(i.high)}]`;
    console.log(
      `| ${people.toLocaleString()} | ${set.truth.length.toLocaleString()} | ${(ms / 1000).toFixed(1)} s | ${f(score.precision)} | ${f(score.recall)} / ${f(recallCompared)} | ${f(score.f1)} | ${f(result.estimate.precision)} / ${f(result.estimate.recall)} | ${
        checked ? `${interval(checked.precision)} (${checked.labels})` : '—'
      } | ${checked ? interval(checked.recall) : '—'} | ${checked ? `${holds(checked.precision, score.precision)} / ${holds(checked.recall, recallCompared)}` : '—'} |`,
    );
    await engine.close();
    attachedRuns.push(await benchAttached(people, set, truth, score.f1));
  }
  console.log(
    `\nThe last export attached to the customers of the others (the incremental match, as the match cell's *Attach a new export* and \`kura match --against\` do), scored on every record:\n`,
  );
  console.log(
    '| people | attached export | its records | attached / review / new | attach time | precision | recall | F1 | F1 of the full match |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const run of attachedRuns) console.log(run);
  console.log(
    "\nThe model's estimate is what Kura shows before anyone labels a pair (marked as not checked); the checked estimate is what it shows after a reviewer answers the labelling sample (here answered by the truth). Recall can only be checked among the pairs Kura compared: pairs that blocking never put side by side are invisible to both.",
  );
  return only === 'identity-people';
}
