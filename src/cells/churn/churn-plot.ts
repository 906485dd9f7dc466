import * as Plot from '@observablehq/plot';
import { compactNumber } from '../plot-ticks.ts';
import type { ChurnResult } from './job.ts';

/** Customers by probability of still being active, in tenths: the cell's first figure in the app and in the report. */
export function churnAlivePlot(bins: ChurnResult['aliveBins'], labels: { pAlive: string; customers: string }): Plot.PlotOptions {
  return {
    height: 180,
    x: { label: labels.pAlive, domain: [0, 1] },
    y: { label: labels.customers, grid: true, tickFormat: compactNumber },
    marks: [Plot.rectY(bins, { x1: 'from', x2: (bin: { from: number }) => bin.from + 0.1, y: 'customers', tip: true }), Plot.ruleY([0])],
  };
}

/** Holdout purchases, actual and predicted, by calibration purchases: the model checking itself. */
export function churnHoldoutPlot(
  rows: NonNullable<ChurnResult['holdout']>,
  labels: { actual: string; predicted: string; calibrationFrequency: string; holdoutPurchases: string },
): Plot.PlotOptions {
  const long = rows.flatMap((row) => [
    { frequency: row.frequency, series: labels.actual, purchases: row.actual },
    { frequency: row.frequency, series: labels.predicted, purchases: row.predicted },
  ]);
  return {
    height: 220,
    x: { label: labels.calibrationFrequency },
    y: { label: labels.holdoutPurchases, grid: true, tickFormat: compactNumber },
    color: { legend: true },
    marks: [Plot.lineY(long, { x: 'frequency', y: 'purchases', stroke: 'series', marker: 'circle', tip: true })],
  };
}
