import * as Plot from '@observablehq/plot';
import type { CohortOutcome } from './kind.ts';

type CohortCell = CohortOutcome['cells'][number];

/** The retention heatmap (cohorts × months since the first order): the cell's figure in the app and in the report. */
export function cohortHeatmapPlot(cells: CohortOutcome['cells'], labels: { monthsSince: string; firstOrder: string; rate: string }): Plot.PlotOptions {
  const cohorts = [...new Set(cells.map((c) => c.cohort))];
  return {
    height: 22 * cohorts.length + 60,
    marginLeft: 70,
    padding: 0.05,
    x: { label: labels.monthsSince, type: 'band' },
    y: { label: labels.firstOrder, domain: cohorts },
    color: { scheme: 'blues', domain: [0, 1], legend: true, label: labels.rate, percent: true },
    marks: [
      Plot.cell(cells, { x: 'months_since', y: 'cohort', fill: 'rate', tip: true }),
      Plot.text(cells, { x: 'months_since', y: 'cohort', text: (c: CohortCell) => `${Math.round(c.rate * 100)}`, fill: (c: CohortCell) => (c.rate > 0.5 ? 'white' : 'black'), fontSize: 9 }),
    ],
  };
}
