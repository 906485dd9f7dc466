import { Table, Utf8, makeVector, tableToIPC, vectorFromArray } from 'apache-arrow';
import { KuraError } from '../../engine/engine.ts';
import type { Job } from '../../jobs/job.ts';
import {
  bgnbdExpectedPurchases,
  bgnbdExpectedPurchasesNew,
  bgnbdProbabilityAlive,
  customerLifetimeValue,
  customerSummarySql,
  fitBgNbd,
  fitGammaGamma,
  fitParetoNbd,
  gammaGammaExpectedAverageProfit,
  paretoNbdExpectedPurchases,
  paretoNbdExpectedPurchasesNew,
  paretoNbdProbabilityAlive,
  readCustomerSummary,
  type CustomerSummarySpec,
} from '../../analytics/clv/index.ts';
import { specError } from '../../document/spec-error.ts';
import { queryRows } from '../../engine/plain-rows.ts';
import { quoteIdent } from '../../engine/sql.ts';
import { type PeopleNames, withPeopleNamesSql } from '../people-names.ts';

/** What the churn cell asks for: the summary spec plus the model, horizon and value settings. */
export interface ChurnSpec extends CustomerSummarySpec {
  model: 'bgnbd' | 'pnbd';
  /** Horizon of the expected purchases, in the summary's time unit. */
  horizon: number;
  /** CLV: months ahead and monthly discount rate (needs an amount). */
  months: number;
  monthlyDiscountRate: number;
  /** Rows of the churn-risk list. */
  riskListSize: number;
  /** The risk list holds customers whose P(active) is below this. */
  riskBelow: number;
  /** Where the customers' names are (found from the notebook's source mappings); without it the list shows ids. */
  people?: PeopleNames;
}

export interface ChurnResult {
  model: 'bgnbd' | 'pnbd';
  params: Record<string, number>;
  logLikelihood: number;
  converged: boolean;
  /** Customers in the summary; the fit uses every one of them, as `kura fit` does. */
  customers: number;
  spend: { params: Record<string, number>; logLikelihood: number; customers: number } | null;
  /**
   * Pareto/NBD only: the likelihood kept rising towards a common dropout rate (s → ∞), so the fit has no maximum and
   * its s and β mean nothing; the rate s/β per time unit is what the data pin down.
   */
  dropoutEdge: { rate: number } | null;
  /**
   * Customers likely to have left (P(active) below `riskBelow`), highest value at risk first: their repeat-purchase
   * spend up to the calibration end (their repeat purchases without an amount) × (1 − P(active)).
   */
  risk: {
    customer: string;
    name: string | null;
    company: string | null;
    frequency: number;
    pAlive: number;
    valueAtRisk: number;
    expected: number;
    clv: number | null;
  }[];
  riskBelow: number;
  /** What the value at risk is made of: repeat-purchase spend (with an amount) or repeat purchases. */
  riskValue: 'spend' | 'purchases';
  /** True when the names come from a people table; false when the list shows ids alone. */
  named: boolean;
  calibrationEnd: string;
  timeUnit: 'day' | 'week';
  /** Histogram of P(alive). */
  aliveBins: { from: number; customers: number }[];
  /** Calibration vs holdout: mean holdout repeat purchases by calibration frequency, actual and predicted (with an observation end). */
  holdout: { frequency: number; customers: number; actual: number; predicted: number }[] | null;
  /** Expected repeat purchases of a new customer over time (the model's curve), for the plot. */
  curve: { t: number; expected: number }[];
  /** The table of per-customer scores written for SQL cells. */
  table: string;
}

export const churnScoresTable = 'churn_scores';

/** Fits the model to the SQL summary of the transactions and scores every customer; runs in the worker. */
export const fitChurn: Job<ChurnSpec, ChurnResult> = async (engine, spec, { progress, signal }) => {
  progress({ phase: 'progress.query', done: 0, total: 3 });
  const summary = readCustomerSummary(await engine.query(customerSummarySql(spec)));
  const n = summary.frequency.length;
  if (n < 10) throw specError('spec.churnCustomers');
  if (signal.aborted) throw new KuraError('The fit was cancelled.', 'cancelled');
  progress({ phase: 'progress.query', done: 1, total: 3 });

  const data = { frequency: summary.frequency, recency: summary.recency, T: summary.T };
  const fitted = spec.model === 'pnbd' ? fitParetoNbd(data) : fitBgNbd(data);
  const params = fitted.params as unknown as Record<string, number>;
  const expectedAt = (t: number) =>
    spec.model === 'pnbd'
      ? paretoNbdExpectedPurchases(fitted.params as never, t, data)
      : bgnbdExpectedPurchases(fitted.params as never, t, data);
  const pAlive =
    spec.model === 'pnbd' ? paretoNbdProbabilityAlive(fitted.params as never, data) : bgnbdProbabilityAlive(fitted.params as never, data);
  const expected = expectedAt(spec.horizon);
  progress({ phase: 'progress.query', done: 2, total: 3 });

  let spend: ChurnResult['spend'] = null;
  let clv: Float64Array | null = null;
  if (spec.amount) {
    const repeat = [...summary.frequency.keys()].filter((i) => summary.frequency[i]! > 0 && summary.monetaryValue[i]! > 0);
    if (repeat.length >= 10) {
      const gg = fitGammaGamma({ frequency: summary.frequency, monetaryValue: summary.monetaryValue });
      spend = { params: gg.params as unknown as Record<string, number>, logLikelihood: gg.logLikelihood, customers: gg.customers };
      const profit = gammaGammaExpectedAverageProfit(gg.params, { frequency: summary.frequency, monetaryValue: summary.monetaryValue });
      clv = customerLifetimeValue(expectedAt, profit, {
        months: spec.months,
        monthlyDiscountRate: spec.monthlyDiscountRate,
        timeUnit: spec.timeUnit,
      });
    }
  }

  const ids = summary.customerId.map(String);
  // The value at risk: what the customer has spent on repeat purchases (or their count), lost with 1 − P(active).
  const pastValue = (i: number) => (spec.amount ? summary.frequency[i]! * summary.monetaryValue[i]! : summary.frequency[i]!);
  const unnamedScores = `${churnScoresTable}_unnamed`;
  await engine.insertArrow(
    unnamedScores,
    tableToIPC(
      new Table({
        customer_id: vectorFromArray(ids, new Utf8()),
        frequency: makeVector(Float64Array.from(summary.frequency)),
        recency: makeVector(Float64Array.from(summary.recency)),
        T: makeVector(Float64Array.from(summary.T)),
        p_alive: makeVector(Float64Array.from(pAlive)),
        expected_purchases: makeVector(Float64Array.from(expected)),
        clv: makeVector(Float64Array.from(clv ?? new Float64Array(n).fill(Number.NaN))),
        value_at_risk: makeVector(Float64Array.from({ length: n }, (_, i) => pastValue(i) * (1 - pAlive[i]!))),
      }),
      'stream',
    ),
  );
  await engine.exec(
    `CREATE OR REPLACE TABLE ${quoteIdent(churnScoresTable)} AS ${withPeopleNamesSql(`SELECT * FROM ${quoteIdent(unnamedScores)}`, 'customer_id', spec.people, [{ column: 'customer_id' }])};
DROP TABLE ${quoteIdent(unnamedScores)}`,
  );
  const riskRows = await queryRows(engine, riskListSql(spec));
  const risk = riskRows.map((row) => ({
    customer: String(row.customer_id),
    name: spec.people && row.name != null ? String(row.name) : null,
    company: spec.people && row.company != null ? String(row.company) : null,
    frequency: Number(row.frequency),
    pAlive: Number(row.p_alive),
    valueAtRisk: Number(row.value_at_risk),
    expected: Number(row.expected_purchases),
    clv: clv ? Number(row.clv) : null,
  }));
  const aliveBins = Array.from({ length: 10 }, (_, bin) => ({ from: bin / 10, customers: 0 }));
  for (const p of pAlive) aliveBins[Math.min(9, Math.floor(p * 10))]!.customers++;

  const holdout = spec.observationEnd ? holdoutByFrequency(summary, expectedAt, holdoutLength(spec)) : null;
  const maxT = summary.T.reduce((max, t) => Math.max(max, t), 0);
  const curve = Array.from({ length: 25 }, (_, step) => {
    const t = (maxT * step) / 24;
    const value =
      spec.model === 'pnbd'
        ? paretoNbdExpectedPurchasesNew(fitted.params as never, t)
        : bgnbdExpectedPurchasesNew(fitted.params as never, t);
    return { t, expected: value };
  });
  progress({ phase: 'progress.query', done: 3, total: 3 });
  return {
    model: spec.model,
    params,
    logLikelihood: fitted.logLikelihood,
    converged: fitted.converged,
    customers: n,
    spend,
    dropoutEdge: 'atDropoutEdge' in fitted && fitted.atDropoutEdge ? { rate: params.s! / params.beta! } : null,
    risk,
    riskBelow: spec.riskBelow,
    riskValue: spec.amount ? 'spend' : 'purchases',
    named: spec.people !== undefined,
    calibrationEnd: spec.calibrationEnd,
    timeUnit: spec.timeUnit ?? 'day',
    aliveBins,
    holdout,
    curve,
    table: churnScoresTable,
  };
};

/** The churn-risk list: customers below the P(active) cut with a value at risk, highest first. */
export function riskListSql(spec: Pick<ChurnSpec, 'riskBelow' | 'riskListSize'>): string {
  const below = Number(spec.riskBelow);
  const size = Math.max(0, Math.trunc(Number(spec.riskListSize)));
  return `SELECT * FROM ${quoteIdent(churnScoresTable)} WHERE p_alive < ${below} AND value_at_risk > 0 ORDER BY value_at_risk DESC, customer_id LIMIT ${size}`;
}

function holdoutLength(spec: ChurnSpec): number {
  const days = (Date.parse(spec.observationEnd!) - Date.parse(spec.calibrationEnd)) / 86_400_000;
  return spec.timeUnit === 'week' ? days / 7 : days;
}

/** lifetimes' plot_calibration_purchases_vs_holdout_purchases: customers grouped by calibration frequency (7+ pooled). */
function holdoutByFrequency(
  summary: ReturnType<typeof readCustomerSummary>,
  expectedAt: (t: number) => Float64Array,
  length: number,
): ChurnResult['holdout'] {
  const predicted = expectedAt(length);
  const groups = new Map<number, { customers: number; actual: number; predicted: number }>();
  summary.frequency.forEach((frequency, i) => {
    const key = Math.min(7, frequency);
    const group = groups.get(key) ?? { customers: 0, actual: 0, predicted: 0 };
    group.customers++;
    group.actual += summary.frequencyHoldout[i]!;
    group.predicted += predicted[i]!;
    groups.set(key, group);
  });
  return [...groups.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([frequency, group]) => ({
      frequency,
      customers: group.customers,
      actual: group.actual / group.customers,
      predicted: group.predicted / group.customers,
    }));
}

declare module '../../jobs/job.ts' {
  interface JobCatalogue {
    fitChurn: typeof fitChurn;
  }
}
