/**
 * Labels that teach, measured: the people set (test/data/people) matched natively, then taught in rounds with
 * the pairs Kura offers for teaching (result/teach.ts), answered from the truth as a reviewer would, and scored
 * against the truth after 0, 50, 100 and 200 labels. The check sample is answered separately (it never teaches).
 *
 *   npx tsx test/bench/identity-labels.ts [--people 3000] [--seed 2001] [--labels 50,100,200] [--round 25] [--prior-bits 2]
 *
 * Tune on seeds 1000–1999; report on 2001.
 */
import { parseArgs } from 'node:util';
import { tableFromIPC } from 'apache-arrow';
import { NativeEngine } from '../../src/engine/native.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { identityLearn, identityMatch, type ClusterCheck } from '../../src/identity/job.ts';
import { checkedEstimate } from '../../src/identity/result/estimate.ts';
import type { TeachLabel } from '../../src/identity/result/teach.ts';
import { quietJobContext } from '../../src/jobs/job.ts';
import { generatePeopleSet } from '../data/people/generate.ts';
import { loadPeopleTables } from './people-tables.ts';
import { pairwiseScore } from '../data/people/score.ts';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '3000' },
    seed: { type: 'string', default: '2001' },
    labels: { type: 'string', default: '50,100,200' },
    round: { type: 'string', default: '25' },
    'prior-bits': { type: 'string' },
  },
});
const people = Number(values.people);
const seed = Number(values.seed);
const marks = values.labels!.split(',').map(Number);
const round = Number(values.round);
const priorBits = values['prior-bits'] ? Number(values['prior-bits']) : undefined;
const f = (x: number) => x.toFixed(3);

const set = generatePeopleSet(people, seed);
const engine = await NativeEngine.create();
const names = await loadPeopleTables(engine, set);
const truth = new Map(set.truth.map((row) => [`${row.source}:${row.row}`, row.personId]));
const answer = (pair: string) => {
  const [left, right] = pair.split('|');
  return truth.get(left!) === truth.get(right!);
};
const key = (p: { left: { source: string; row: number }; right: { source: string; row: number } }) =>
  `${p.left.source}:${p.left.row}|${p.right.source}:${p.right.row}`;

async function score(db: Engine) {
  const clusters = tableFromIPC(await db.query(`SELECT source || ':' || row AS record, cluster_id FROM identity_clusters`)).toArray();
  return pairwiseScore(truth, new Map(clusters.map((row) => [String(row.record), String(row.cluster_id)])));
}
function checked(check: ClusterCheck) {
  const labels = new Map(check.sample.map((pair) => [pair.pair, answer(pair.pair)] as const));
  return checkedEstimate(check.strata, check.sample, labels);
}

let started = performance.now();
const sources = names.map((name) => ({ name, table: name }));
const result = await identityMatch(engine, { sources, reviewPairs: round }, quietJobContext());
console.log(`people ${people}, seed ${seed}, records ${set.truth.length}, match ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(
  '| labels (same/different) | precision | recall | F1 | checked precision (sample labels) | checked recall | model says | learn time |',
);
console.log('|---|---|---|---|---|---|---|---|');
const line = (
  labels: string,
  s: Awaited<ReturnType<typeof score>>,
  check: ClusterCheck,
  model: { precision: number; recall: number },
  ms: number,
) => {
  const c = checked(check);
  console.log(
    `| ${labels} | ${f(s.precision)} | ${f(s.recall)} | ${f(s.f1)} | ${c ? `${f(c.precision.value)} [${f(c.precision.low)}, ${f(c.precision.high)}] (${c.labels})` : '—'} | ${
      c ? `${f(c.recall.value)} [${f(c.recall.low)}, ${f(c.recall.high)}]` : '—'
    } | ${f(model.precision)} / ${f(model.recall)} | ${(ms / 1000).toFixed(1)} s |`,
  );
};
line('0', await score(engine), result.check, result.estimate, 0);
const labels: TeachLabel[] = [];
let offered = result.review;
const threshold = result.threshold;
for (const target of marks) {
  let ms = 0;
  let last = null;
  while (labels.length < target) {
    for (const pair of offered.slice(0, Math.min(round, target - labels.length))) labels.push({ pair: key(pair), same: answer(key(pair)) });
    started = performance.now();
    last = await identityLearn(
      engine,
      { labels, threshold, sources: names, reviewPairs: round, ...(priorBits ? { priorBits } : {}) },
      quietJobContext(),
    );
    ms += performance.now() - started;
    offered = last.review;
  }
  if (!last) continue;
  const same = labels.filter((l) => l.same).length;
  line(`${labels.length} (${same}/${labels.length - same})`, await score(engine), last.check, last.estimate, ms);
  if (process.env.KURA_SHOW_LEARNING)
    console.log(
      `intercept ${f(last.learning?.intercept ?? 0)}; ${last.learning?.corrections
        .slice(0, 8)
        .map((c) => `${c.comparison}/${c.level} ${c.bits.toFixed(2)} (${c.same}/${c.different})`)
        .join('; ')}`,
    );
}
await engine.close();
