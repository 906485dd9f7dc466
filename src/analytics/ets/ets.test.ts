import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { autoEts, forecastEts, normalQuantile, seasonalNaive, seasonalNaiveForecast, smape, type EtsModel } from './ets.ts';
import { forecastSeries, inferGranularity, nextPeriods } from './series.ts';

const airPassengers = fileURLToPath(new URL('../../../../shared/data/analytics/prophet_example_air_passengers.csv', import.meta.url));
const hasAirPassengers = existsSync(airPassengers);
if (!hasAirPassengers) console.warn(`AirPassengers not found at ${airPassengers}; forecast accuracy test skipped`);

describe.skipIf(!hasAirPassengers)('AirPassengers (trained on 1949–1958, forecasting 1959–1960)', () => {
  const rows = hasAirPassengers
    ? readFileSync(airPassengers, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(','))
    : [];
  const values = rows.map((row) => Number(row[1]));
  const train = values.slice(0, 120);
  const test = values.slice(120);

  it('beats 6% sMAPE where the seasonal naive forecast scores 17.0%', () => {
    expect(smape(test, seasonalNaive(train, 12, 24))).toBeCloseTo(17.0, 1);
    const model = autoEts(train, 12);
    const forecast = forecastEts(model, 24);
    expect(
      smape(
        test,
        forecast.map((point) => point.mean),
      ),
    ).toBeLessThan(6);
    const inside95 = test.filter((value, i) => value >= forecast[i]!.lo95 && value <= forecast[i]!.hi95).length;
    expect(inside95).toBeGreaterThanOrEqual(20);
    for (const point of forecast)
      expect(point.lo95 <= point.lo80 && point.lo80 <= point.mean && point.mean <= point.hi80 && point.hi80 <= point.hi95).toBe(true);
  });

  it('backtests the last periods and forecasts the dates after the series', () => {
    const dates = rows.map((row) => row[0]!);
    expect(inferGranularity(dates)).toBe('month');
    const result = forecastSeries(dates, values, 'month', { horizon: 3, holdout: 24 });
    expect(result.holdout!.smape).toBeLessThan(6);
    expect(result.holdout!.baseline_smape).toBeCloseTo(17.0, 1);
    expect(result.forecast.map((point) => point.date)).toEqual(['1961-01-01', '1961-02-01', '1961-03-01']);
    expect(result.season).toBe(12);
    expect(result.params.aicc).toBeGreaterThan(0);
    expect(Object.keys(result.holdout!.coverage)).toEqual(['80', '95']);
    expect(result.holdout!.coverage['95']).toBeGreaterThanOrEqual(0.8);
    expect(result.naiveWins).toBe(false);
  });
});

describe('exponential smoothing', () => {
  it('is deterministic and forecasts a flat series flat', () => {
    const flat = Array.from({ length: 40 }, (_, i) => 100 + (i % 2 === 0 ? 1 : -1));
    const model = autoEts(flat, 12);
    const a = forecastEts(model, 4);
    expect(forecastEts(model, 4)).toEqual(a);
    for (const point of a) expect(Math.abs(point.mean - 100)).toBeLessThan(2);
  });

  it('handles series with zeros (additive models only) and steps weeks and days', () => {
    const withZeros = Array.from({ length: 30 }, (_, i) => (i % 7 === 0 ? 0 : 10 + i));
    expect(autoEts(withZeros, 7).name).not.toMatch(/M|log/);
    expect(nextPeriods('2025-06-30', 'week', 2)).toEqual(['2025-07-07', '2025-07-14']);
    expect(nextPeriods('2025-01-31', 'day', 1)).toEqual(['2025-02-01']);
  });
});

describe('prediction intervals', () => {
  // ETS(A,N,N): the h-step forecast variance is σ²(1 + (h − 1)α²) (Hyndman et al. 2008, table 6.1), with σ² = SSE / (n − k)
  // as R's forecast::ets and statsforecast estimate it; the simulated quantiles must match the normal ones.
  it('ETS(A,N,N): the simulated 80% and 95% bounds match σ·z·√(1 + (h − 1)α²) within 2%', () => {
    const model: EtsModel = {
      error: 'A',
      trend: 'N',
      season: 'N',
      period: 1,
      alpha: 0.4,
      beta: 0,
      gamma: 0,
      phi: 1,
      level: 100,
      slope: 0,
      seasonal: [],
      sigma: 5,
      logLikelihood: 0,
      aicc: 0,
      transform: 'none',
      name: 'ETS(A,N,N)',
    };
    const points = forecastEts(model, 6, 20_000, 7, [80, 95]);
    points.forEach((point, i) => {
      const spread = 5 * Math.sqrt(1 + i * 0.4 ** 2);
      expect(point.mean).toBe(100);
      expect(Math.abs((point.hi80! - point.lo80!) / (2 * 1.2816 * spread) - 1), `h=${i + 1} 80%`).toBeLessThan(0.02);
      expect(Math.abs((point.hi95! - point.lo95!) / (2 * 1.96 * spread) - 1), `h=${i + 1} 95%`).toBeLessThan(0.02);
    });
    expect(Object.keys(forecastEts(model, 1, 1000, 7, [50])[0]!)).toEqual(['mean', 'lo50', 'hi50']);
  });
});

describe('quarterly series', () => {
  // A quarterly series with a strong season: Q4 high, Q1 low, over 10 years.
  const dates = Array.from({ length: 40 }, (_, i) => `${2010 + Math.floor(i / 4)}-${String(1 + 3 * (i % 4)).padStart(2, '0')}-01`);
  const values = dates.map((_, i) => 100 + i + [-20, 0, 5, 30][i % 4]!);

  it('is read as quarterly: season 4 and quarterly future dates', () => {
    expect(inferGranularity(dates)).toBe('quarter');
    const result = forecastSeries(dates, values, 'quarter', { horizon: 3, holdout: 4 });
    expect(result.season).toBe(4);
    expect(result.forecast.map((point) => point.date)).toEqual(['2020-01-01', '2020-04-01', '2020-07-01']);
    expect(result.model).toMatch(/,[AM]\)$/);
    // The Q1 forecast sits below the Q4 history, as the season says.
    expect(result.forecast[0]!.mean).toBeLessThan(values.at(-1)!);
  });

  it('season length can be set', () => {
    expect(forecastSeries(dates, values, 'quarter', { horizon: 2, holdout: 0, season: 1 }).model).toMatch(/,N\)$/);
  });
});

describe('the backtest against seasonal naive', () => {
  it('says when the seasonal naive forecast wins', () => {
    // An exact repeat of one season with a level jump the smoothing cannot foresee: repeating the last season is perfect.
    const season = [10, 30, 20, 60];
    const values = Array.from({ length: 24 }, (_, i) => season[i % 4]! * (i < 12 ? 1 : 3));
    const dates = Array.from({ length: 24 }, (_, i) => `${2000 + Math.floor(i / 4)}-${String(1 + 3 * (i % 4)).padStart(2, '0')}-01`);
    const result = forecastSeries(dates, values, 'quarter', { horizon: 4, holdout: 4 });
    expect(result.holdout!.baseline_smape).toBe(0);
    expect(result.naiveWins).toBe(result.holdout!.smape > 0);
    expect(result.naiveWins).toBe(true);
  });
});

describe('seasonal naive as the method', () => {
  it('has intervals σ·z·√(⌊(h − 1)/m⌋ + 1) with σ the root mean square of the seasonal differences (as forecast::snaive)', () => {
    // Seasonal differences 1, 1, 2, 0: σ = √(6/4).
    const { sigma, points } = seasonalNaiveForecast([1, 2, 3, 4, 2, 3, 5, 4], 4, 5, [80, 95]);
    expect(sigma).toBeCloseTo(Math.sqrt(1.5), 12);
    expect(points.map((point) => point.mean)).toEqual([2, 3, 5, 4, 2]);
    expect(points[0]!.hi80! - points[0]!.mean).toBeCloseTo(1.2815515655446004 * Math.sqrt(1.5), 8);
    expect(points[3]!.mean - points[3]!.lo95!).toBeCloseTo(1.959963984540054 * Math.sqrt(1.5), 8);
    expect(points[4]!.hi95! - points[4]!.mean).toBeCloseTo(1.959963984540054 * Math.sqrt(3), 8);
  });

  it('normal quantiles match the published values', () => {
    expect(normalQuantile(0.9)).toBeCloseTo(1.2815515655446004, 8);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.995)).toBeCloseTo(2.5758293035489, 8);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263478740408408, 8);
    expect(normalQuantile(0.5)).toBe(0);
  });

  it('forecasts and backtests by repeating the last season when asked, and never says seasonal naive wins over itself', () => {
    const season = [10, 30, 20, 60];
    const values = Array.from({ length: 24 }, (_, i) => season[i % 4]! * (i < 12 ? 1 : 3));
    const dates = Array.from({ length: 24 }, (_, i) => `${2000 + Math.floor(i / 4)}-${String(1 + 3 * (i % 4)).padStart(2, '0')}-01`);
    const result = forecastSeries(dates, values, 'quarter', { horizon: 4, holdout: 4, method: 'seasonal_naive' });
    expect(result.method).toBe('seasonal_naive');
    expect(result.model).toBe('Seasonal naive');
    expect(result.forecast.map((point) => point.mean)).toEqual([30, 90, 60, 180]);
    expect(result.forecast.map((point) => point.date)).toEqual(['2006-01-01', '2006-04-01', '2006-07-01', '2006-10-01']);
    expect(result.holdout!.smape).toBe(0);
    expect(result.holdout!.coverage).toEqual({ '80': 1, '95': 1 });
    expect(result.naiveWins).toBe(false);
    expect(Object.keys(result.params)).toEqual(['sigma']);
  });
});
