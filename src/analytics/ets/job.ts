import { tableFromIPC } from 'apache-arrow';
import { KuraError, sentenceError } from '../../engine/engine.ts';
import type { Job } from '../../jobs/job.ts';
import { forecastSeries, seasonalPeriod, seriesSql, type ForecastMethod, type SeriesForecast, type SeriesSpec } from './series.ts';
import { analyticsSentences } from '../analytics-sentences.ts';

export interface ForecastSpec extends SeriesSpec {
  horizon: number;
  /** Periods held out for the backtest; default one season. */
  holdout?: number;
  /** Seasonal period; default from the granularity (4 quarters, 12 months, 52 weeks, 7 days). */
  season?: number;
  /** Interval levels in percent; default 80 and 95. */
  levels?: number[];
  /** Default `ets` (the model with the lowest AICc); `seasonal_naive` repeats the last season. */
  method?: ForecastMethod;
}

const historyKeys = {
  quarter: 'analytics.forecastHistoryQuarter',
  month: 'analytics.forecastHistoryMonth',
  week: 'analytics.forecastHistoryWeek',
  day: 'analytics.forecastHistoryDay',
} as const;

/** Aggregates the series in SQL, then fits and forecasts in the worker. */
export const forecast: Job<ForecastSpec, SeriesForecast> = async (engine, spec) => {
  const table = tableFromIPC(await engine.query(seriesSql(spec)));
  const dates = table.getChild('period')!.toArray().map(String);
  const values = Float64Array.from(table.getChild('value')!.toArray() as ArrayLike<number>);
  const period = spec.season ?? seasonalPeriod[spec.granularity];
  if (values.length < 8) throw sentenceError(analyticsSentences, historyKeys[spec.granularity], { count: values.length }, 'invalid-spec');
  const holdout = spec.holdout ?? (values.length >= 3 * period ? period : 0);
  try {
    return forecastSeries(dates, [...values], spec.granularity, {
      horizon: spec.horizon,
      holdout,
      season: period,
      levels: spec.levels,
      method: spec.method,
    });
  } catch (error) {
    if (error instanceof KuraError) throw error;
    throw new KuraError(error instanceof Error ? error.message : String(error), 'forecast');
  }
};

declare module '../../jobs/job.ts' {
  interface JobCatalogue {
    forecast: typeof forecast;
  }
}
