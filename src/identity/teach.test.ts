/** Labels that teach: the correction kernel, and re-estimation through the jobs on both engines (identical weights). */
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine/engine.ts';
import { loadFile } from '../ingest/load.ts';
import { quietJobContext } from '../jobs/job.ts';
import { engineFactories } from '../../test/unit/engines.ts';
import type { TrainedModel } from './fellegi-sunter/fellegi-sunter.ts';
import { learnFromLabels, type LabelledPair } from './fellegi-sunter/labels.ts';
import { identityLearn, identityMatch } from './job.ts';

const level = (label: string, m: number, u: number) => ({ label, m, u, weight: Math.log2(m / u) });
const model: TrainedModel = {
  prior: 0.001,
  priorWeight: Math.log2(0.001 / 0.999),
  candidateMatchShare: 0.2,
  caps: [],
  comparisons: [
    { name: 'name', levels: [level('exact', 0.8, 0.01), level('different', 0.2, 0.99)] },
    { name: 'email', levels: [level('exact', 0.6, 0.0001), level('different', 0.4, 0.9999)] },
    { name: 'phone', levels: [level('exact', 0.5, 0.0001), level('different', 0.5, 0.9999)] },
  ],
  emIterations: 1,
  converged: true,
  uPairs: 1000,
  sessions: [],
};
const pair = (gammas: number[], same: boolean): LabelledPair => ({
  gammas,
  tfs: gammas.map(() => null),
  rare: gammas.map(() => false),
  same,
});
const weightOf = (trained: TrainedModel, gammas: number[]) =>
  gammas.reduce((sum, gamma, c) => sum + (gamma >= 0 ? trained.comparisons[c]!.levels[gamma]!.weight : 0), trained.priorWeight);

describe('learnFromLabels', () => {
  // Same name, different e-mail, no phone: the model says -3.2 bits (apart); reviewers say these are the same people.
  const labelled = [...Array.from({ length: 12 }, () => pair([0, 1, -1], true)), pair([1, 1, -1], false), pair([1, 1, -1], false)];

  it('moves the weights the labels contradict towards them, and only those', () => {
    const before = weightOf(model, [0, 1, -1]);
    expect(before).toBeLessThan(0);
    const { trained, learning } = learnFromLabels(model, labelled);
    expect(weightOf(trained, [0, 1, -1])).toBeGreaterThan(before + 3);
    expect(trained.comparisons[0]!.levels[0]!.weight).toBeGreaterThan(model.comparisons[0]!.levels[0]!.weight);
    // The phone's levels were never labelled: they keep their weights.
    expect(trained.comparisons[2]!.levels.map((l) => l.weight)).toEqual(model.comparisons[2]!.levels.map((l) => l.weight));
    expect(learning).toMatchObject({ labels: 14, same: 12, different: 2 });
    expect(learning.corrections.find((c) => c.comparison === 'name' && c.level === 'exact')).toMatchObject({ same: 12, different: 0 });
    // m follows the weight (u is kept).
    const name = trained.comparisons[0]!.levels[0]!;
    expect(name.m).toBeCloseTo(Math.min(1, name.u * 2 ** name.weight), 12);
  });

  it('is deterministic, and a tighter prior moves the weights less', () => {
    const a = learnFromLabels(model, labelled).trained;
    const b = learnFromLabels(model, labelled).trained;
    expect(a).toEqual(b);
    const tight = learnFromLabels(model, labelled, 0.5).trained;
    expect(weightOf(tight, [0, 1, -1])).toBeLessThan(weightOf(a, [0, 1, -1]));
  });

  it('leaves a capped pair at its cap', () => {
    const capped: TrainedModel = { ...model, caps: [{ comparison: 'name', levels: [1], maxWeight: -1, unlessExact: ['email'] }] };
    // Other names, no e-mail, same phone: 0 bits before the cap, -1 after it (a shared phone is not a person).
    expect(weightOf(capped, [1, -1, 0])).toBeGreaterThan(-1);
    const { trained } = learnFromLabels(capped, [pair([1, -1, 0], true), pair([1, -1, 0], true)]);
    expect(trained.priorWeight).toBe(capped.priorWeight);
  });
});

const crm = [
  'Id,LastName,FirstName,Email,Phone,MailingPostalCode,MailingStreet',
  '003A,山田,太郎,taro.yamada@sakura.example.jp,03-3201-1234,100-0005,丸の内1-1-1',
  '003B,佐藤,花子,hanako.sato@minato.example.jp,03-5412-7788,105-0011,芝公園4-2-8',
  '003C,佐藤,花子,hanako.sato@niigata.example.jp,025-240-1020,950-0088,万代1-1-1',
  '003D,鈴木,一郎,ichiro@sakura.example.jp,03-3201-1234,100-0005,丸の内1-1-1',
  '003E,高橋,健,ken.takahashi@example.jp,06-1111-2222,530-0001,梅田1-1-1',
].join('\n');
const signups = [
  'Record ID,First Name,Last Name,Email,Phone Number',
  '1,Taro,Yamada,TARO.YAMADA@sakura.example.jp,+81 3-3201-1234',
  '2,Hanako,Sato,hanako.sato+news@minato.example.jp,0354127788',
  '3,Hanako,Sato,hanako.sato@niigata.example.jp,090-9999-0000',
  '4,Ken,Takahashi,ken.t@example.jp,06-1111-2222',
].join('\n');

const weightsByEngine = new Map<string, number[]>();

for (const factory of engineFactories) {
  describe(`labels that teach on ${factory.name}`, () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await factory.create();
      await loadFile(engine, { fileName: 'crm.csv', bytes: new TextEncoder().encode(crm) });
      await loadFile(engine, { fileName: 'signups.csv', bytes: new TextEncoder().encode(signups) });
    });
    afterAll(() => engine?.close());

    it('re-estimates the model from labels, scores the pairs again, re-clusters and offers other pairs', async () => {
      const sources = [
        { name: 'crm', table: 'crm' },
        { name: 'signups', table: 'signups' },
      ];
      const matched = await identityMatch(engine, { sources, threshold: 0.9 }, quietJobContext());
      expect(matched.learning).toBeUndefined();
      const weight = async (pair: string) => {
        const [row] = tableFromIPC(
          await engine.query(
            `SELECT match_weight FROM identity_pairs WHERE source_l || ':' || row_l || '|' || source_r || ':' || row_r = '${pair}'`,
          ),
        ).toArray();
        return Number(row?.match_weight);
      };
      // 佐藤 花子 of Minato and of Niigata: same name, other e-mail, phone and address. The reviewer says: the same person.
      const pair = 'crm:2|crm:3';
      const before = await weight(pair);
      expect(before).toBeLessThan(matched.trained.priorWeight + 30);
      const learnt = await identityLearn(
        engine,
        { labels: [{ pair, same: true }], threshold: 0.9, sources: ['crm', 'signups'] },
        quietJobContext(),
      );
      expect(learnt.learning).toMatchObject({ labels: 1, same: 1, different: 0 });
      const after = await weight(pair);
      expect(after).toBeGreaterThan(before);
      const nameExact = (trained: typeof matched.trained) => trained.comparisons.find((c) => c.name === 'name')!.levels[0]!.weight;
      expect(nameExact(learnt.trained)).toBeGreaterThan(nameExact(matched.trained));
      // The labelled pair is not offered again.
      expect(learnt.review.map((p) => `${p.left.source}:${p.left.row}|${p.right.source}:${p.right.row}`)).not.toContain(pair);
      // The same labels given to the whole match give the same model.
      const again = await identityMatch(engine, { sources, threshold: 0.9, labels: [{ pair, same: true }] }, quietJobContext());
      expect(again.trained.comparisons).toEqual(learnt.trained.comparisons);
      // No labels: back to the model EM trained.
      const reset = await identityLearn(engine, { labels: [], threshold: 0.9, sources: ['crm', 'signups'] }, quietJobContext());
      expect(reset.learning).toBeUndefined();
      expect(await weight(pair)).toBeCloseTo(before, 9);
      weightsByEngine.set(factory.name, [
        after,
        ...learnt.trained.comparisons.flatMap((c) => c.levels.map((l) => l.weight)),
        learnt.trained.priorWeight,
      ]);
    });
  });
}

describe('labels that teach on both engines', () => {
  it('gives the same weights (to the last bits of a double: EM sums its patterns in the order each engine groups them)', () => {
    const [native, wasm] = [...weightsByEngine.values()];
    expect(native).toBeDefined();
    expect(wasm).toHaveLength(native!.length);
    wasm!.forEach((weight, i) => expect(weight).toBeCloseTo(native![i]!, 9));
  });
});
