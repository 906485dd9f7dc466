import { quoteIdent, quoteLiteral, sql } from '../../engine/sql.ts';
import { autoEts, defaultLevels, forecastEts, mase, seasonalNaive, seasonalNaiveForecast, smape, type ForecastPoint } from './ets.ts';

export type Granularity = 'quarter' | 'month' | 'week' | 'day';

/** Seasonal period of each granularity: a year of quarters, months or weeks, a week of days. */
export const seasonalPeriod: Record<Granularity, number> = { quarter: 4, month: 12, week: 52, day: 7 };

export interface SeriesSpec {
  table: string;
  date: string;
  /** Summed per period; without it the rows are counted. */
  value?: string;
  granularity: Granularity;
  /** Rows after this day (YYYY-MM-DD) are left out, e.g. orders dated in the future. */
  until?: string;
}

/** One row per period from the first to the last, empty periods as 0: period (YYYY-MM-DD), value. */
export function seriesSql(spec: SeriesSpec): string {
  const unit = spec.granularity;
  const day = `${quoteIdent(spec.date)}::DATE`;
  const filter = spec.until ? `WHERE ${day} <= ${sql`DATE ${spec.until}`}` : `WHERE ${quoteIdent(spec.date)} IS NOT NULL`;
  return `WITH rows AS (
  SELECT date_trunc(${quoteLiteral(unit)}, ${day})::DATE AS period, ${spec.value ? `${quoteIdent(spec.value)}` : '1'} AS v FROM ${quoteIdent(spec.table)} ${filter}
), agg AS (
  SELECT period, sum(v)::DOUBLE AS value FROM rows GROUP BY period
), periods AS (
  SELECT unnest(generate_series(min(period)::TIMESTAMP, max(period)::TIMESTAMP, INTERVAL 1 ${unit}))::DATE AS period FROM agg
)
SELECT strftime(periods.period, '%Y-%m-%d') AS period, coalesce(agg.value, 0)::DOUBLE AS value
FROM periods LEFT JOIN agg USING (period) ORDER BY periods.period`;
}

/** The granularity of a series from the median gap between its dates (quarters are 90–92 days apart, months 28–31). */
export function inferGranularity(dates: readonly string[]): Granularity {
  const gaps = dates
    .slice(1)
    .map((date, i) => (Date.parse(date) - Date.parse(dates[i]!)) / 86_400_000)
    .sort((a, b) => a - b);
  const median = gaps[Math.floor(gaps.length / 2)] ?? 30;
  return median >= 80 ? 'quarter' : median >= 27 ? 'month' : median >= 6 ? 'week' : 'day';
}

export function nextPeriods(last: string, granularity: Granularity, count: number): string[] {
  const date = new Date(`${last}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => {
    const next = new Date(date);
    if (granularity === 'month' || granularity === 'quarter')
      next.setUTCMonth(date.getUTCMonth() + (i + 1) * (granularity === 'quarter' ? 3 : 1));
    else next.setUTCDate(date.getUTCDate() + (i + 1) * (granularity === 'week' ? 7 : 1));
    return next.toISOString().slice(0, 10);
  });
}

/** `ets`: the exponential smoothing model with the lowest AICc; `seasonal_naive`: each period repeats the last season. */
export type ForecastMethod = 'ets' | 'seasonal_naive';

export interface SeriesForecast {
  method: ForecastMethod;
  /** The model's name: R's ETS name (e.g. ETS(M,Ad,M)), or "Seasonal naive". */
  model: string;
  /** Seasonal period the models were fitted with. */
  season: number;
  /** Interval levels in percent; each forecast point has lo{level} and hi{level}. */
  levels: number[];
  /** The fitted smoothing parameters (ETS only) and σ: of the model's errors, or of the seasonal naive forecast's. */
  params: { alpha?: number; beta?: number; gamma?: number; phi?: number; sigma: number; aicc?: number };
  history: { date: string; value: number }[];
  forecast: ({ date: string } & ForecastPoint)[];
  /**
   * The model refitted without the last `holdout` periods and scored on them, against the seasonal naive forecast;
   * coverage: the share of held-out values inside each interval level.
   */
  holdout: {
    periods: number;
    smape: number;
    mase: number;
    baseline_smape: number;
    coverage: Record<string, number>;
    forecast: { date: string; mean: number }[];
  } | null;
  /** True when the seasonal naive forecast scored a lower sMAPE than the chosen ETS model on the holdout. */
  naiveWins: boolean;
}

export const seasonalNaiveName = 'Seasonal naive';

export interface ForecastOptions {
  horizon: number;
  holdout: number;
  /** Seasonal period; default from the granularity. */
  season?: number;
  levels?: readonly number[];
  /** Default `ets`. */
  method?: ForecastMethod;
}

/** Picks and fits the model on the whole history for the forecast; scores a refit on all but the last `holdout` periods. */
export function forecastSeries(
  dates: readonly string[],
  values: readonly number[],
  granularity: Granularity,
  options: ForecastOptions,
): SeriesForecast {
  const { horizon, holdout } = options;
  const period = options.season ?? seasonalPeriod[granularity];
  const levels = [...(options.levels ?? defaultLevels)];
  const naive = options.method === 'seasonal_naive';
  const fit = (history: readonly number[], periods: number, paths?: number) => {
    if (naive) {
      const { sigma, points } = seasonalNaiveForecast(history, period, periods, levels);
      return { model: seasonalNaiveName, params: { sigma }, points };
    }
    const model = autoEts(history, period);
    return {
      model: model.name,
      params: { alpha: model.alpha, beta: model.beta, gamma: model.gamma, phi: model.phi, sigma: model.sigma, aicc: model.aicc },
      points: forecastEts(model, periods, paths, undefined, levels),
    };
  };
  const whole = fit(values, horizon);
  const future = nextPeriods(dates.at(-1)!, granularity, horizon);
  let scored: SeriesForecast['holdout'] = null;
  if (holdout > 0 && values.length - holdout >= 4) {
    const train = values.slice(0, values.length - holdout);
    const actual = values.slice(values.length - holdout);
    const refit = fit(train, holdout, 1000).points;
    const means = refit.map((point) => point.mean);
    const baseline = seasonalNaive(train, period, holdout);
    const coverage = Object.fromEntries(
      levels.map((level) => [
        String(level),
        actual.filter((value, i) => value >= refit[i]![`lo${level}`]! && value <= refit[i]![`hi${level}`]!).length / holdout,
      ]),
    );
    scored = {
      periods: holdout,
      smape: smape(actual, means),
      mase: mase(actual, means, train, period),
      baseline_smape: smape(actual, baseline),
      coverage,
      forecast: means.map((mean, i) => ({ date: dates[values.length - holdout + i]!, mean })),
    };
  }
  return {
    method: naive ? 'seasonal_naive' : 'ets',
    model: whole.model,
    season: period,
    levels,
    params: whole.params,
    history: dates.map((date, i) => ({ date, value: values[i]! })),
    forecast: whole.points.map((point, i) => ({ date: future[i]!, ...point })),
    holdout: scored,
    naiveWins: !naive && scored !== null && scored.baseline_smape < scored.smape,
  };
}
