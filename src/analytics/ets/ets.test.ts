import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { autoEts, forecastEts, seasonalNaive, smape } from './ets.ts';
import { forecastSeries, inferGranularity, nextPeriods } from './series.ts';

const airPassengers = fileURLToPath(new URL('../../../../shared/data/analytics/prophet_example_air_passengers.csv', import.meta.url));
const hasAirPassengers = existsSync(airPassengers);
if (!hasAirPassengers) console.warn(`AirPassengers not found at ${airPassengers}; forecast accuracy test skipped`);

describe.skipIf(!hasAirPassengers)('AirPassengers (trained on 1949–1958, forecasting 1959–1960)', () => {
  const rows = hasAirPassengers ? readFileSync(airPassengers, 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')) : [];
  const values = rows.map((row) => Number(row[1]));
  const train = values.slice(0, 120);
  const test = values.slice(120);

  it('beats 6% sMAPE where the seasonal naive forecast scores 17.0%', () => {
    expect(smape(test, seasonalNaive(train, 12, 24))).toBeCloseTo(17.0, 1);
    const model = autoEts(train, 12);
    const forecast = forecastEts(model, 24);
    expect(smape(test, forecast.map((point) => point.mean))).toBeLessThan(6);
    const inside95 = test.filter((value, i) => value >= forecast[i]!.lo95 && value <= forecast[i]!.hi95).length;
    expect(inside95).toBeGreaterThanOrEqual(20);
    for (const point of forecast) expect(point.lo95 <= point.lo80 && point.lo80 <= point.mean && point.mean <= point.hi80 && point.hi80 <= point.hi95).toBe(true);
  });

  it('backtests the last periods and forecasts the dates after the series', () => {
    const dates = rows.map((row) => row[0]!);
    expect(inferGranularity(dates)).toBe('month');
    const result = forecastSeries(dates, values, 'month', 3, 24);
    expect(result.holdout!.smape).toBeLessThan(6);
    expect(result.holdout!.baseline_smape).toBeCloseTo(17.0, 1);
    expect(result.forecast.map((point) => point.date)).toEqual(['1961-01-01', '1961-02-01', '1961-03-01']);
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
