import * as Plot from '@observablehq/plot';
import { compactNumber } from '../plot-ticks.ts';
import type { SeriesForecast } from '../../analytics/ets/series.ts';

const utcDate = (text: string) => new Date(`${text}T00:00:00Z`);

/** History, backtest (dashed) and forecast with its intervals (widest palest): the cell's figure in the app and in the report. */
export function forecastPlot(forecast: SeriesForecast, labels: { value: string; period: string }): Plot.PlotOptions {
  const levels = [...(forecast.levels ?? [80, 95])].sort((a, b) => b - a);
  const history = forecast.history.map((point) => ({ date: utcDate(point.date), value: point.value }));
  const future = forecast.forecast.map((point) => ({ ...point, date: utcDate(point.date) }));
  const backtest = (forecast.holdout?.forecast ?? []).map((point) => ({ date: utcDate(point.date), value: point.mean }));
  return {
    height: 260,
    // The tips name their values by the scales' labels, in the UI's language (not the data's field names).
    x: { label: labels.period, type: 'utc' },
    y: { label: labels.value, grid: true, tickFormat: compactNumber },
    marks: [
      ...levels.map((level, i) =>
        Plot.areaY(future, {
          x: 'date',
          y1: `lo${level}`,
          y2: `hi${level}`,
          fill: '#2f6fdb',
          fillOpacity: 0.15 + (0.1 * i) / Math.max(1, levels.length - 1),
        }),
      ),
      Plot.lineY(history, { x: 'date', y: 'value', stroke: 'currentColor', tip: true }),
      Plot.lineY(backtest, { x: 'date', y: 'value', stroke: '#e0a800', strokeDasharray: '4,3' }),
      Plot.lineY(future, { x: 'date', y: 'mean', stroke: '#2f6fdb', strokeWidth: 2, tip: true }),
    ],
  };
}
