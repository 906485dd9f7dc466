import { Float64, Int32, Table, Utf8, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFactories } from '../../../test/unit/engines.ts';
import type { Engine } from '../../engine/engine.ts';
import { quietJobContext } from '../../jobs/job.ts';
import { hasCdnow, missingCdnowMessage, readCdnowSample } from '../../analytics/clv/cdnow.test-data.ts';
import { fitChurn } from './job.ts';
import { readChurnSpec } from './spec.ts';

if (!hasCdnow) console.warn(missingCdnowMessage);

describe.skipIf(!hasCdnow).each(engineFactories)('churn job on CDNOW ($name)', ({ create }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
    const sample = readCdnowSample();
    const table = new Table({
      customer: vectorFromArray(sample.customer, new Int32()),
      date: vectorFromArray(sample.date, new Utf8()),
      amount: vectorFromArray(sample.amount, new Float64()),
    });
    await engine.insertArrow('cdnow', tableToIPC(table, 'stream'));
  });
  afterAll(() => engine.close());

  it('fits the published BG/NBD and Gamma-Gamma parameters from the transactions and scores every customer', async () => {
    const spec = readChurnSpec({
      transactions: 'cdnow',
      customer: 'customer',
      date: 'date',
      amount: 'amount',
      calibration_end: '1997-09-30',
      observation_end: '1998-06-30',
      model: 'bgnbd',
      time_unit: 'week',
      horizon: 39,
    });
    await engine.exec(`CREATE OR REPLACE TABLE cdnow_people AS SELECT i AS id, 'Customer ' || i AS full_name FROM range(1, 1200) t(i)`);
    const result = await fitChurn(
      engine,
      { ...spec, people: { table: 'cdnow_people', id: 'id', fullName: 'full_name' } },
      quietJobContext(),
    );
    const published = { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 };
    for (const [name, value] of Object.entries(published)) expect(Math.abs(result.params[name]! / value - 1), name).toBeLessThan(0.005);
    expect(result.logLikelihood).toBeCloseTo(-9582.43, 0);
    expect(result.customers).toBe(2357);
    expect(result.spend).not.toBeNull();
    expect(result.risk).toHaveLength(20);
    // The list holds only customers likely to have left, highest value at risk first, each with its name when the people table has one.
    expect(result.riskBelow).toBe(0.5);
    expect(result.riskValue).toBe('spend');
    for (const row of result.risk) expect(row.pAlive).toBeLessThan(0.5);
    for (let i = 1; i < result.risk.length; i++) expect(result.risk[i]!.valueAtRisk).toBeLessThanOrEqual(result.risk[i - 1]!.valueAtRisk);
    for (const row of result.risk) expect(row.name).toBe(Number(row.customer) < 1200 ? `Customer ${row.customer}` : null);
    const atRisk = tableFromIPC(await engine.query('select max(value_at_risk) as top from churn_scores where p_alive < 0.5'))
      .get(0)!
      .toJSON();
    expect(result.risk[0]!.valueAtRisk).toBeCloseTo(atRisk.top, 6);
    expect(result.holdout!.length).toBeGreaterThan(5);
    // The model's holdout predictions track the actual purchases group by group (Fader et al., figure 4).
    for (const group of result.holdout!) expect(Math.abs(group.predicted - group.actual)).toBeLessThan(Math.max(0.5, group.actual * 0.35));
    const scores = tableFromIPC(
      await engine.query('select count(*)::INTEGER as n, min(p_alive) as low, max(p_alive) as high from churn_scores'),
    )
      .get(0)!
      .toJSON();
    expect(scores.n).toBe(2357);
    expect(scores.low).toBeGreaterThanOrEqual(0);
    expect(scores.high).toBeLessThanOrEqual(1);
  });

  it('refuses a risk cut that is not a probability', () => {
    expect(() =>
      readChurnSpec({ transactions: 'cdnow', customer: 'customer', date: 'date', calibration_end: '1997-09-30', risk_below: 1.5 }),
    ).toThrow('risk_below must be');
  });

  it('refuses a spec without a calibration end in one sentence', () => {
    expect(() => readChurnSpec({ transactions: 'cdnow', customer: 'customer', date: 'date' })).toThrow(
      'The churn cell needs transactions, customer, date and calibration_end.',
    );
  });
});
