import * as Plot from '@observablehq/plot';
import type { CohortOutcome } from './kind.ts';
import { textColourOn } from '../plot-contrast.ts';

type CohortCell = CohortOutcome['cells'][number];

const retentionColour = { scheme: 'blues' as const, domain: [0, 1] };

/** The retention heatmap (cohorts × months since the first order): the cell's figure in the app and in the report. */
export function cohortHeatmapPlot(
  cells: CohortOutcome['cells'],
  labels: { monthsSince: string; firstOrder: string; rate: string },
): Plot.PlotOptions {
  const cohorts = [...new Set(cells.map((c) => c.cohort))];
  // Each share is written in white or black, whichever stands out from its own cell's shade.
  const shade = Plot.scale({ color: retentionColour });
  const onDark = (c: CohortCell) => textColourOn(String(shade.apply(c.rate))) === 'white';
  const share = (c: CohortCell) => `${Math.round(c.rate * 100)}`;
  const text = { x: 'months_since', y: 'cohort', text: share, fontSize: 9 };
  return {
    height: 22 * cohorts.length + 60,
    marginLeft: 70,
    padding: 0.05,
    x: { label: labels.monthsSince, type: 'band' },
    y: { label: labels.firstOrder, domain: cohorts },
    // Shares are 0–1; the legend writes them as percentages (Plot's `percent` would also scale the values, past the domain).
    color: { ...retentionColour, legend: true, label: labels.rate, tickFormat: (rate: number) => `${Math.round(rate * 100)}` },
    marks: [
      Plot.cell(cells, { x: 'months_since', y: 'cohort', fill: 'rate', tip: true }),
      Plot.text(cells, { ...text, filter: onDark, fill: 'white' }),
      Plot.text(cells, { ...text, filter: (c: CohortCell) => !onDark(c), fill: 'black' }),
    ],
  };
}
