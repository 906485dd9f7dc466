import type { ReportSection } from '../report-section.ts';
import { reportMessages } from '../report-section.ts';
import { cohortHeatmapPlot } from './cohort-plot.ts';
import type { CohortOutcome } from './kind.ts';

const messages = reportMessages({
  en: {
    cohortChart: 'Share of each first-order cohort ordering again, month by month',
    cohortMonthsSince: 'Months since the first order',
    cohortFirstOrder: 'First order',
    cohortRate: 'Still ordering (%)',
  },
  ja: {
    cohortChart: '初回注文月ごとのコホートが翌月以降も注文した割合',
    cohortMonthsSince: '初回注文からの月数',
    cohortFirstOrder: '初回注文月',
    cohortRate: '継続率（%）',
  },
});

/** The view's heatmap. */
export const reportSection: ReportSection = {
  render(_, { value }, w) {
    const cohort = value as Partial<CohortOutcome> | undefined;
    if (!Array.isArray(cohort?.cells)) return null;
    const m = messages[w.lang];
    return w.figure(
      cohortHeatmapPlot(cohort.cells, { monthsSince: m.cohortMonthsSince, firstOrder: m.cohortFirstOrder, rate: m.cohortRate }),
      m.cohortChart,
    );
  },
};
