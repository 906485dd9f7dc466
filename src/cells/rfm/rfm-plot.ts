import * as Plot from '@observablehq/plot';
import { compactNumber } from '../plot-ticks.ts';
import type { RfmOutcome } from './kind.ts';

/** Customers per RFM segment as horizontal bars: the cell's figure in the app and in the report. */
export function rfmSegmentsPlot(
  segments: RfmOutcome['segments'],
  labels: { customers: string; segment?: (name: string) => string },
): Plot.PlotOptions {
  const name = labels.segment ?? ((segment: string) => segment);
  return {
    height: 30 * segments.length + 40,
    marginLeft: 140,
    x: { label: labels.customers, grid: true, tickFormat: compactNumber },
    y: { label: null, domain: segments.map((segment) => segment.segment), tickFormat: name },
    marks: [Plot.barX(segments, { x: 'customers', y: 'segment', fill: 'segment', tip: true }), Plot.ruleX([0])],
  };
}
