import type { ForecastSpec } from '../../analytics/ets/job.ts';
import { specError } from '../../document/spec-error.ts';

/**
 * The forecast cell's YAML body:
 *
 *     transactions: orders
 *     date: order_date
 *     value: amount            # summed per period; leave out to count rows (orders)
 *     granularity: month       # quarter | month | week | day
 *     horizon: 6               # periods ahead
 *     until: 2025-06-30        # optional: later rows are left out (e.g. orders dated in the future)
 *     holdout: 12              # optional: periods of the backtest (default one season)
 *     season: 12               # optional: seasonal period (default 4 a quarter, 12 a month, 52 a week, 7 a day)
 *     levels: [80, 95]         # optional: interval levels in percent
 *     method: seasonal_naive   # optional: ets (default: the model with the lowest AICc) or seasonal_naive
 */
export function readForecastSpec(spec: Record<string, unknown>): ForecastSpec {
  const text = (key: string) => (spec[key] === undefined || spec[key] === null || spec[key] === '' ? undefined : String(spec[key]));
  const table = text('transactions');
  const date = text('date');
  if (!table || !date) throw specError('spec.forecastFields');
  const granularity = text('granularity') ?? 'month';
  if (granularity !== 'quarter' && granularity !== 'month' && granularity !== 'week' && granularity !== 'day') {
    throw specError('spec.forecastGranularity', { granularity });
  }
  const until = spec.until instanceof Date ? spec.until.toISOString().slice(0, 10) : text('until');
  if (until !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(until)) throw specError('spec.forecastUntil');
  const horizon =
    typeof spec.horizon === 'number' && spec.horizon > 0
      ? Math.floor(spec.horizon)
      : granularity === 'month'
        ? 6
        : granularity === 'quarter'
          ? 4
          : 13;
  const holdout = typeof spec.holdout === 'number' && spec.holdout >= 0 ? Math.floor(spec.holdout) : undefined;
  let season: number | undefined;
  if (spec.season !== undefined && spec.season !== null && spec.season !== '') {
    season = Number(spec.season);
    if (!Number.isInteger(season) || season < 1) throw specError('spec.forecastSeason');
  }
  let levels: number[] | undefined;
  if (spec.levels !== undefined && spec.levels !== null) {
    levels = (Array.isArray(spec.levels) ? spec.levels : [spec.levels]).map(Number);
    if (levels.length === 0 || levels.some((level) => !(level >= 1 && level <= 99))) throw specError('spec.forecastLevels');
  }
  const method = text('method');
  if (method !== undefined && method !== 'ets' && method !== 'seasonal_naive') throw specError('spec.forecastMethod', { method });
  return {
    table,
    date,
    value: text('value'),
    granularity,
    until,
    horizon,
    ...(holdout !== undefined ? { holdout } : {}),
    ...(season !== undefined ? { season } : {}),
    ...(levels !== undefined ? { levels } : {}),
    ...(method !== undefined ? { method } : {}),
  };
}
