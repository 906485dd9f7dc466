import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyticsDataDir, hasCdnow, missingCdnowMessage } from '../../src/analytics/clv/cdnow.test-data.ts';
import { fitChurn } from '../../src/cells/churn/job.ts';
import { bgnbdExpectedPurchases, bgnbdProbabilityAlive, type BgNbdParams } from '../../src/analytics/clv/index.ts';
import { readChurnSpec } from '../../src/cells/churn/spec.ts';
import { NativeEngine } from '../../src/engine/native.ts';
import { quietJobContext } from '../../src/jobs/job.ts';
import { loadInputs } from '../../src/cli/load-inputs.ts';
import { kura, repo } from './cli-runner.ts';

const dir = mkdtempSync(join(tmpdir(), 'kura-fit-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const published = {
  bgnbd: { params: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, loglik: -9582.43 },
  pnbd: { params: { r: 0.5532, alpha: 10.5763, s: 0.6062, beta: 11.6715 }, loglik: -9594.98 },
  gg: { params: { p: 6.2488, q: 3.7446, gamma: 15.4477 }, loglik: -4055.92 },
};

if (!hasCdnow) console.warn(missingCdnowMessage);

describe.skipIf(!hasCdnow)('kura fit on the CDNOW summaries', () => {
  for (const [model, expected] of Object.entries(published)) {
    it(`${model}: the published parameters within 0.5% and log-likelihood within 0.1`, async () => {
      const summary = join(
        analyticsDataDir,
        model === 'gg' ? 'cdnow_customers_summary_with_transactions.csv' : 'cdnow_customers_summary.csv',
      );
      const run = await kura('fit', model, '--summary', summary);
      expect(run.code, run.stderr).toBe(0);
      const printed = JSON.parse(run.stdout) as { model: string; params: Record<string, number>; loglik: number };
      expect(printed.model).toBe(model);
      expect(Object.keys(printed.params)).toEqual(Object.keys(expected.params));
      for (const [name, value] of Object.entries(expected.params))
        expect(Math.abs(printed.params[name]! / value - 1), name).toBeLessThan(0.005);
      expect(Math.abs(printed.loglik - expected.loglik)).toBeLessThan(0.1);
      expect(printed).toMatchObject({ converged: true });
    });
  }

  it('pnbd on the demo orders says on stderr that it did not converge', async () => {
    const run = await kura(
      'fit',
      'pnbd',
      '--transactions',
      join(repo, 'public/demo/data/orders.csv'),
      '--customer',
      'contact_id',
      '--date',
      'order_date',
      '--calibration-end',
      '2025-03-31',
    );
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ model: 'pnbd', converged: false });
    expect(run.stderr).toMatch(/The Pareto\/NBD fit did not converge: .*common dropout rate \(0\.01\d+ per time unit\)/);
  });

  it('fits from a transactions file with a calibration end', async () => {
    const lines = readFileSync(join(analyticsDataDir, 'CDNOW_sample.txt'), 'utf8').trim().split('\n');
    const csv = [
      'customer,date,amount',
      ...lines.map((line) => {
        const [, customer, date, , amount] = line.trim().split(/\s+/);
        return `${customer},${date!.slice(0, 4)}-${date!.slice(4, 6)}-${date!.slice(6, 8)},${amount}`;
      }),
    ].join('\n');
    const file = join(dir, 'cdnow.csv');
    writeFileSync(file, csv);
    const run = await kura(
      'fit',
      'bgnbd',
      '--transactions',
      file,
      '--customer',
      'customer',
      '--date',
      'date',
      '--calibration-end',
      '1997-09-30',
    );
    expect(run.code, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout) as { params: Record<string, number> };
    expect(Math.abs(printed.params.r! / 0.2426 - 1)).toBeLessThan(0.005);
  });
});

/** CDNOW_master.txt (whitespace-separated, YYYYMMDD) as a CSV file of customer, date, amount. */
function cdnowMasterCsv(): string {
  const lines = readFileSync(join(analyticsDataDir, 'CDNOW_master.txt'), 'utf8').trim().split('\n').slice(1);
  const csv = [
    'customer,date,amount',
    ...lines.map((line) => {
      const [customer, date, , amount] = line.trim().split(/\s+/);
      return `${customer},${date!.slice(0, 4)}-${date!.slice(4, 6)}-${date!.slice(6, 8)},${amount}`;
    }),
  ].join('\n');
  const file = join(dir, 'cdnow_master.csv');
  writeFileSync(file, csv);
  return file;
}

const hasCdnowMaster = existsSync(join(analyticsDataDir, 'CDNOW_master.txt'));
if (!hasCdnowMaster) console.warn(`${join(analyticsDataDir, 'CDNOW_master.txt')} not found; the app-vs-CLI churn test is skipped`);

describe.skipIf(!hasCdnowMaster)('churn cell and kura fit on CDNOW_master (23,570 customers)', () => {
  it('fit every customer and give the same BG/NBD and Gamma-Gamma parameters', async () => {
    const file = cdnowMasterCsv();
    const args = [
      '--transactions',
      file,
      '--customer',
      'customer',
      '--date',
      'date',
      '--amount',
      'amount',
      '--calibration-end',
      '1997-09-30',
    ];
    const [bgnbd, gg] = await Promise.all([kura('fit', 'bgnbd', ...args), kura('fit', 'gg', ...args)]);
    expect(bgnbd.code, bgnbd.stderr).toBe(0);
    expect(gg.code, gg.stderr).toBe(0);
    const cli = {
      purchases: JSON.parse(bgnbd.stdout).params as Record<string, number>,
      spend: JSON.parse(gg.stdout).params as Record<string, number>,
    };

    const engine = await NativeEngine.create();
    try {
      const [report] = await loadInputs(engine, [file], async () => {});
      const spec = readChurnSpec({
        transactions: report!.table,
        customer: 'customer',
        date: 'date',
        amount: 'amount',
        calibration_end: '1997-09-30',
        model: 'bgnbd',
        time_unit: 'week',
      });
      const app = await fitChurn(engine, spec, quietJobContext());
      expect(app.customers).toBe(23_570);
      expect(Object.keys(app.params)).toEqual(['r', 'alpha', 'a', 'b']);
      for (const [name, value] of Object.entries(cli.purchases)) expect(Math.abs(app.params[name]! / value - 1), name).toBeLessThan(1e-9);
      for (const [name, value] of Object.entries(cli.spend))
        expect(Math.abs(app.spend!.params[name]! / value - 1), name).toBeLessThan(1e-9);
    } finally {
      await engine.close();
    }
  }, 120_000);
});

describe.skipIf(!hasCdnow)('kura fit --predictions', () => {
  it("writes every customer's P(alive), expected purchases over the horizon and CLV, as the churn cell scores them", async () => {
    const lines = readFileSync(join(analyticsDataDir, 'CDNOW_sample.txt'), 'utf8').trim().split('\n');
    const file = join(dir, 'cdnow_sample.csv');
    writeFileSync(
      file,
      [
        'customer,date,amount',
        ...lines.map((line) => {
          const [, customer, date, , amount] = line.trim().split(/\s+/);
          return `${customer},${date!.slice(0, 4)}-${date!.slice(4, 6)}-${date!.slice(6, 8)},${amount}`;
        }),
      ].join('\n'),
    );
    const out = join(dir, 'predictions.csv');
    const run = await kura(
      'fit',
      'bgnbd',
      '--transactions',
      file,
      '--customer',
      'customer',
      '--date',
      'date',
      '--amount',
      'amount',
      '--calibration-end',
      '1997-09-30',
      '--horizon',
      '39',
      '--predictions',
      out,
    );
    expect(run.code, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout) as { params: BgNbdParams; customers: number; horizon: number };
    expect(printed.customers).toBe(2357);
    expect(printed.horizon).toBe(39);
    const [header, ...rows] = readFileSync(out, 'utf8').trim().split('\n');
    expect(header).toBe('customer_id,frequency,recency,T,p_alive,expected_purchases,clv,value_at_risk');
    expect(rows).toHaveLength(2357);
    // Each row's scores follow from the printed parameters and its own history (the model's closed forms).
    for (const row of rows.slice(0, 50)) {
      const [, x, tx, T, pAlive, expected, clv] = row.split(',').map(Number);
      const history = { frequency: [x!], recency: [tx!], T: [T!] };
      expect(pAlive).toBeCloseTo(bgnbdProbabilityAlive(printed.params, history)[0]!, 9);
      expect(expected).toBeCloseTo(bgnbdExpectedPurchases(printed.params, 39, history)[0]!, 9);
      expect(clv).toBeGreaterThanOrEqual(0);
    }
    // Published: BG/NBD on these data, r 0.2426, α 4.4136, a 0.7929, b 2.4259 (Fader, Hardie and Lee 2005).
    expect(Math.abs(printed.params.r / 0.2426 - 1)).toBeLessThan(0.005);
  });

  it('refuses --predictions with gg or a summary in one line, exit 2', async () => {
    const run = await kura('fit', 'gg', '--summary', 'x.csv', '--predictions', 'out.csv');
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('error: --predictions needs bgnbd or pnbd fitted from --transactions.');
  });
});

describe('kura fit arguments', () => {
  it('refuses an unknown model and a missing input in one line, exit 2', async () => {
    const unknown = await kura('fit', 'weibull', '--summary', 'x.csv');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.split('\n')[0]).toBe('error: fit needs one model: bgnbd, pnbd or gg.');
    const missing = await kura('fit', 'bgnbd');
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n')[0]).toBe('error: fit needs --summary FILE or --transactions FILE.');
    expect(existsSync(dir)).toBe(true);
  });
});

const airPassengers = join(analyticsDataDir, 'prophet_example_air_passengers.csv');

describe.skipIf(!existsSync(airPassengers))('kura forecast', () => {
  it('AirPassengers: holdout sMAPE under 6% against 17.0% for the seasonal naive forecast, intervals per period', async () => {
    const run = await kura('forecast', airPassengers, '--date', 'ds', '--value', 'y', '--horizon', '24', '--holdout', '24');
    expect(run.code, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout) as {
      model: string;
      forecast: Record<string, unknown>[];
      holdout: { smape: number; mase: number; baseline_smape: number };
    };
    expect(printed.holdout.smape).toBeLessThan(6);
    expect(printed.holdout.baseline_smape).toBeCloseTo(17.0, 1);
    expect(printed.forecast).toHaveLength(24);
    expect(Object.keys(printed.forecast[0]!)).toEqual(['date', 'mean', 'lo80', 'hi80', 'lo95', 'hi95']);
    expect(printed.forecast[0]!.date).toBe('1961-01-01');
    const fitted = JSON.parse(run.stdout) as {
      granularity: string;
      season: number;
      params: Record<string, number>;
      holdout: { coverage: Record<string, number> };
    };
    expect(fitted.granularity).toBe('month');
    expect(fitted.season).toBe(12);
    expect(Object.keys(fitted.params)).toEqual(['alpha', 'beta', 'gamma', 'phi', 'sigma', 'aicc']);
    expect(Object.keys(fitted.holdout.coverage)).toEqual(['80', '95']);
  });

  it('reads a quarterly series as quarterly, takes --season and --levels, and says when seasonal naive wins', async () => {
    const season = [10, 30, 20, 60];
    const rows = Array.from(
      { length: 24 },
      (_, i) => `${2000 + Math.floor(i / 4)}-${String(1 + 3 * (i % 4)).padStart(2, '0')}-01,${season[i % 4]! * (i < 12 ? 1 : 3)}`,
    );
    const file = join(dir, 'quarterly.csv');
    writeFileSync(file, ['quarter,sales', ...rows].join('\n'));
    const run = await kura(
      'forecast',
      file,
      '--date',
      'quarter',
      '--value',
      'sales',
      '--horizon',
      '2',
      '--holdout',
      '4',
      '--levels',
      '50,90',
    );
    expect(run.code, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout) as { granularity: string; season: number; forecast: Record<string, unknown>[] };
    expect(printed.granularity).toBe('quarter');
    expect(printed.season).toBe(4);
    expect(printed.forecast.map((point) => point.date)).toEqual(['2006-01-01', '2006-04-01']);
    expect(Object.keys(printed.forecast[0]!)).toEqual(['date', 'mean', 'lo50', 'hi50', 'lo90', 'hi90']);
    expect(run.stderr).toMatch(/^The seasonal naive forecast .* beat .* on the holdout: sMAPE 0\.0% against/);
    const seasonless = await kura('forecast', file, '--date', 'quarter', '--value', 'sales', '--horizon', '2', '--season', '1');
    expect(JSON.parse(seasonless.stdout).season).toBe(1);
    const naive = await kura(
      'forecast',
      file,
      '--date',
      'quarter',
      '--value',
      'sales',
      '--horizon',
      '2',
      '--holdout',
      '4',
      '--method',
      'seasonal_naive',
    );
    expect(naive.code, naive.stderr).toBe(0);
    expect(naive.stderr).toBe('');
    const repeated = JSON.parse(naive.stdout) as {
      method: string;
      params: object;
      forecast: { mean: number }[];
      holdout: { smape: number };
    };
    expect([repeated.method, Object.keys(repeated.params), repeated.holdout.smape]).toEqual(['seasonal_naive', ['sigma'], 0]);
    expect(repeated.forecast.map((point) => point.mean)).toEqual([30, 90]);
    const wrong = await kura('forecast', file, '--date', 'quarter', '--value', 'sales', '--horizon', '2', '--method', 'naive');
    expect([wrong.code, wrong.stderr.split('\n')[0]]).toEqual([2, 'error: --method must be ets or seasonal_naive.']);
  });

  it('names a missing column in one line, exit 2', async () => {
    const run = await kura('forecast', airPassengers, '--date', 'ds', '--value', 'passengers', '--horizon', '3');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error: ${airPassengers}: there is no column "passengers".\n`);
  });
});
