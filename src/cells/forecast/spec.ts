import type { ForecastSpec } from '../../analytics/ets/job.ts';
import { specError } from '../../document/spec-error.ts';

/**
 * The forecast cell's YAML body:
 *
 *     transactions: orders
 *     date: order_date
 *     value: amount            # summed per period; leave out to count rows (orders)
 *     granularity: month       # month | week | day
 *     horizon: 6               # periods ahead
 *     until: 2025-06-30        # optional: later rows are left out (e.g. orders dated in the future)
 *     holdout: 12              # optional: periods of the backtest (default one season)
 */
export function readForecastSpec(spec: Record<string, unknown>): ForecastSpec {
  const text = (key: string) => (spec[key] === undefined || spec[key] === null || spec[key] === '' ? undefined : String(spec[key]));
  const table = text('transactions');
  const date = text('date');
  if (!table || !date) throw specError('spec.forecastFields');
  const granularity = text('granularity') ?? 'month';
  if (granularity !== 'month' && granularity !== 'week' && granularity !== 'day') {
    throw specError('spec.forecastGranularity', { granularity });
  }
  const until = spec.until instanceof Date ? spec.until.toISOString().slice(0, 10) : text('until');
  if (until !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(until)) throw specError('spec.forecastUntil');
  const horizon = typeof spec.horizon === 'number' && spec.horizon > 0 ? Math.floor(spec.horizon) : granularity === 'month' ? 6 : 13;
  const holdout = typeof spec.holdout === 'number' && spec.holdout >= 0 ? Math.floor(spec.holdout) : undefined;
  return { table, date, value: text('value'), granularity, until, horizon, ...(holdout !== undefined ? { holdout } : {}) };
}
