import type { ReportSection } from '../report-section.ts';
import { reportMessages } from '../report-section.ts';
import { chartFigureOptions, type ChartRow } from './chart-plot.ts';
import type { ChartSpec } from './chart-spec.ts';

const messages = reportMessages({
  en: {
    chartOf: 'Chart of {data}',
    blank: '(blank)',
    chartNotDrawn: 'Chart of {data} ({mark}); it is drawn in Kura.',
  },
  ja: {
    chartOf: '{data} のグラフ',
    blank: '（空欄）',
    chartNotDrawn: '{data} のグラフ（{mark}）は Kura で表示されます。',
  },
});

/** The chart drawn as in the view, its text values through the report's mask (numbers are drawn, not written). */
export const reportSection: ReportSection = {
  render(cell, { chart }, w) {
    const m = messages[w.lang];
    const data = typeof cell.spec.data === 'string' ? cell.spec.data : '';
    const drawn = chart as { chart: ChartSpec; rows: ChartRow[] } | undefined;
    if (!drawn || !w.canDraw) return `<p class="note">${w.fill(m.chartNotDrawn, { data, mark: String(cell.spec.mark ?? '') })}</p>`;
    const rows = drawn.rows.map(
      (row) =>
        Object.fromEntries(
          Object.entries(row).map(([key, value]) => [key, typeof value === 'string' ? w.maskValue(key, value) : value]),
        ) as ChartRow,
    );
    return w.figure(
      chartFigureOptions(drawn.chart, rows, m.blank),
      m.chartOf.replace('{data}', () => data),
    );
  },
};
