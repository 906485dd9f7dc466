import type { ChurnSpec } from './job.ts';
import { specError } from '../../document/spec-error.ts';

/**
 * The churn cell's YAML body:
 *
 *     transactions: orders          # a table of purchases
 *     customer: contact_id
 *     date: order_date
 *     amount: amount                # optional: enables Gamma-Gamma spend and CLV
 *     calibration_end: 2025-03-31   # the model learns from purchases up to this day
 *     observation_end: 2025-06-30   # optional: the holdout period checks the model's predictions
 *     model: bgnbd                  # bgnbd | pnbd
 *     time_unit: week               # day | week
 *     horizon: 13                   # expected purchases over this many time units
 *     months: 12                    # CLV horizon and monthly discount rate
 *     discount_rate: 0.01
 *     risk_below: 0.5               # the risk list holds customers whose P(active) is below this
 *     risk_list: 20                 # ...this many, highest value at risk first
 */
export function readChurnSpec(spec: Record<string, unknown>): ChurnSpec {
  const text = (key: string) => (spec[key] === undefined || spec[key] === null || spec[key] === '' ? undefined : String(spec[key]));
  const date = (key: string) => {
    const value = spec[key];
    if (value === undefined || value === null || value === '') return undefined;
    const iso = value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw specError('spec.churnDate', { field: key });
    return iso;
  };
  const transactions = text('transactions');
  const customerId = text('customer');
  const dateColumn = text('date');
  const calibrationEnd = date('calibration_end');
  if (!transactions || !customerId || !dateColumn || !calibrationEnd) {
    throw specError('spec.churnFields');
  }
  const model = text('model') ?? 'bgnbd';
  if (model !== 'bgnbd' && model !== 'pnbd') throw specError('spec.churnModel', { model });
  const timeUnit = text('time_unit') ?? 'week';
  if (timeUnit !== 'day' && timeUnit !== 'week') throw specError('spec.churnTimeUnit', { unit: timeUnit });
  const number = (key: string, fallback: number) => (typeof spec[key] === 'number' ? (spec[key] as number) : fallback);
  return {
    transactions,
    customerId,
    date: dateColumn,
    amount: text('amount'),
    calibrationEnd,
    observationEnd: date('observation_end'),
    timeUnit,
    model,
    horizon: number('horizon', timeUnit === 'week' ? 13 : 90),
    months: number('months', 12),
    monthlyDiscountRate: number('discount_rate', 0.01),
    riskListSize: number('risk_list', 20),
    riskBelow: riskBelow(spec.risk_below),
  };
}

function riskBelow(value: unknown): number {
  if (value === undefined || value === null || value === '') return 0.5;
  if (typeof value !== 'number' || !(value > 0 && value <= 1)) throw specError('spec.churnRiskBelow', { value: String(value) });
  return value;
}
