import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeEngine } from '../../engine/native.ts';
import { queryRows } from '../../engine/plain-rows.ts';
import {
  allocateSample,
  checkedEstimate,
  impliedPairsSql,
  impliedPairsTable,
  modelEstimate,
  pathApplySql,
  pathRisenTable,
  pathRoundSql,
  type SamplePair,
  type Stratum,
} from './estimate.ts';

describe('pairs the clusters imply, and their paths', () => {
  let engine: NativeEngine;
  beforeAll(async () => {
    engine = await NativeEngine.create();
  });
  afterAll(async () => engine.close());

  it('every pair of a small cluster once; a chain of 300 by a uniform sample that stands for all its pairs', async () => {
    await engine.exec(`CREATE TABLE clusters AS
      SELECT i AS unique_id, CASE WHEN i < 3 THEN 0 WHEN i = 3 THEN 3 ELSE 4 END AS cluster_id FROM range(304) t(i)`);
    await engine.exec(impliedPairsSql('clusters'));
    const [small] = await queryRows(
      engine,
      `SELECT count(*) AS n, sum(represents) AS represents FROM ${impliedPairsTable} WHERE cluster_id = 0`,
    );
    expect(small).toEqual({ n: 3, represents: 3 });
    const [chain] = await queryRows(
      engine,
      `SELECT count(*) AS n, count(DISTINCT (unique_id_l, unique_id_r)) AS distinct_pairs, round(sum(represents), 6) AS represents, bool_and(unique_id_l < unique_id_r) AS ordered FROM ${impliedPairsTable} WHERE cluster_id = 4`,
    );
    expect(chain).toEqual({ n: 300 * 20, distinct_pairs: 300 * 20, represents: (300 * 299) / 2, ordered: true });
    const [single] = await queryRows(engine, `SELECT count(*) AS n FROM ${impliedPairsTable} WHERE cluster_id = 3`);
    expect(single!.n).toBe(0);
  });

  it('a pair the cluster implies through others is as likely as its likeliest path, never less likely than its own comparison', async () => {
    // Cluster 1: links of 20, 3 and 20 bits along 1–2–3–4 and weak or negative other pairs; cluster 2: one weak pair,
    // which no path can lift.
    const pairs: [number, number, number, number][] = [
      [1, 2, 1, 20],
      [2, 3, 1, 3],
      [3, 4, 1, 20],
      [1, 3, 1, -8],
      [2, 4, 1, 5],
      [1, 4, 1, -12],
      [7, 8, 2, -6],
    ];
    await engine.exec(`CREATE TABLE scored AS SELECT * FROM (VALUES ${pairs.map(([l, r, cluster, weight]) => `(${l}, ${r}, ${cluster}, ${weight}::DOUBLE)`).join(', ')})
      t(unique_id_l, unique_id_r, cluster_id, match_weight)`);
    const risen: number[] = [];
    for (let round = 0; round < 3; round++) {
      await engine.exec(pathRoundSql('scored'));
      risen.push(Number((await queryRows(engine, `SELECT count(*) AS n FROM ${pathRisenTable}`))[0]!.n));
      await engine.exec(pathApplySql('scored'));
    }
    expect(risen[0]).toBeGreaterThan(0);
    expect(risen[2]).toBe(0);
    const weights = await queryRows(engine, 'SELECT unique_id_l, unique_id_r, match_weight FROM scored ORDER BY ALL');

    // The oracle: the likeliest path between every two records of the cluster (Floyd–Warshall on products).
    const p = (bits: number) => 1 / (1 + 2 ** -bits);
    const best = new Map<string, number>();
    const key = (a: number, b: number) => `${Math.min(a, b)}-${Math.max(a, b)}`;
    for (const [l, r, , w] of pairs) best.set(key(l, r), p(w));
    const cluster = [1, 2, 3, 4];
    for (const via of cluster)
      for (const a of cluster)
        for (const b of cluster)
          if (a !== b && a !== via && b !== via)
            best.set(key(a, b), Math.max(best.get(key(a, b))!, best.get(key(a, via))! * best.get(key(via, b))!));
    for (const row of weights) {
      const expected = best.get(key(Number(row.unique_id_l), Number(row.unique_id_r)))!;
      expect(Number(row.match_weight), `${row.unique_id_l}-${row.unique_id_r}`).toBeCloseTo(Math.log2(expected / (1 - expected)), 6);
    }
    // Every pair across the weak 2–3 link rises to its best way over it (2–4, 5 bits); the strong links stay; 7–8
    // has no path.
    expect(weights.map((row) => Math.round(Number(row.match_weight)))).toEqual([20, 5, 5, 5, 5, 20, -6]);
  });
});

const strata: Stratum[] = [
  { population: 'inside', band: 5, pairs: 9000, expectedMatches: 9000 },
  { population: 'inside', band: 2, pairs: 1000, expectedMatches: 950 },
  { population: 'apart', band: 1, pairs: 20000, expectedMatches: 4000 },
];

/** A sample of `n` pairs in a stratum, the first `same` of them labelled same. */
function drawn(population: Stratum['population'], band: number, n: number, same: number) {
  const sample: SamplePair[] = Array.from({ length: n }, (_, i) => ({
    pair: `${population}${band}:${i}|x:${i}`,
    population,
    band,
    matchWeight: 0,
  }));
  const labels = sample.map((pair, i) => [pair.pair, i < same] as const);
  return { sample, labels };
}

describe('the estimates', () => {
  it("the model's estimate reads the strata: precision inside, recall inside against apart", () => {
    const estimate = modelEstimate(0.9, strata);
    expect(estimate.pairsInside).toBe(10000);
    expect(estimate.precision).toBeCloseTo(9950 / 10000, 6);
    expect(estimate.recall).toBeCloseTo(9950 / 13950, 6);
  });

  it('labels override the model where they disagree, with an interval that narrows as labels come', () => {
    // The model says the near band is 95% matches and the apart band 20%; the labels say 60% and 0%.
    const few = [drawn('inside', 5, 10, 10), drawn('inside', 2, 10, 6), drawn('apart', 1, 10, 0)];
    const many = [drawn('inside', 5, 100, 100), drawn('inside', 2, 100, 60), drawn('apart', 1, 100, 0)];
    const estimateOf = (parts: typeof few) =>
      checkedEstimate(
        strata,
        parts.flatMap((p) => p.sample),
        new Map(parts.flatMap((p) => p.labels)),
      )!;
    const small = estimateOf(few);
    const large = estimateOf(many);
    for (const checked of [small, large]) {
      expect(checked.precision.value).toBeCloseTo((9000 + 600) / 10000, 6);
      expect(checked.recall.value).toBe(1);
      expect(checked.precision.low).toBeLessThan(checked.precision.value);
      expect(checked.precision.high).toBeGreaterThan(checked.precision.value);
      expect(checked.unlabelledStrata).toBe(0);
    }
    // An all-same or all-different stratum still counts as uncertain: recall's interval is not a point.
    expect(small.recall.low).toBeLessThan(0.99);
    expect(large.precision.high - large.precision.low).toBeLessThan(small.precision.high - small.precision.low);
    expect(large.labels).toBe(300);
  });

  it('labels on pairs outside the sample do not count, and no sample label means no checked estimate', () => {
    const part = drawn('inside', 2, 5, 5);
    const labels = new Map<string, boolean>([['other:1|other:2', true]]);
    expect(checkedEstimate(strata, part.sample, labels)).toBeNull();
    const checked = checkedEstimate(strata, part.sample, new Map(part.labels))!;
    expect(checked.labels).toBe(5);
    expect(checked.unlabelledStrata).toBe(2);
  });

  it('the sample goes where pairs are many and the model unsure, at least five per stratum', () => {
    const allocation = allocateSample(strata, 200);
    const take = (population: string, band: number) => allocation.find((a) => a.population === population && a.band === band)!.take;
    expect(take('apart', 1)).toBeGreaterThan(take('inside', 2));
    expect(take('inside', 5)).toBeGreaterThanOrEqual(5);
    expect(allocateSample([{ population: 'inside', band: 0, pairs: 2, expectedMatches: 0 }], 200)[0]!.take).toBe(2);
  });
});
