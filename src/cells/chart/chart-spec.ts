import { quoteIdent } from '../../engine/sql.ts';
import { specError } from '../../document/spec-error.ts';

/**
 * The chart cell's YAML body: a no-code chart of any table or result.
 *
 *     data: orders_by_month        # a table, view or cell result
 *     mark: bar                    # bar | line | area | dot | histogram | cell
 *     x: month
 *     y: revenue_jpy               # not needed for histogram, or with aggregation count
 *     color: channel               # optional: a column that splits series / colours marks
 *     facet: region                # optional: small multiples, one per value
 *     aggregation: sum             # optional: count | sum | mean | median | min | max, grouped by x, color and facet
 */
export type ChartMark = 'bar' | 'line' | 'area' | 'dot' | 'histogram' | 'cell';
export type ChartAggregation = 'count' | 'sum' | 'mean' | 'median' | 'min' | 'max';

export interface ChartSpec {
  data: string;
  mark: ChartMark;
  x: string;
  y?: string;
  color?: string;
  facet?: string;
  aggregation?: ChartAggregation;
}

export const chartMarks: readonly ChartMark[] = ['bar', 'line', 'area', 'dot', 'histogram', 'cell'];
export const chartAggregations: readonly ChartAggregation[] = ['count', 'sum', 'mean', 'median', 'min', 'max'];
/** Observable Plot's mark names, as a notebook author may write them. */
const markAliases: Record<string, ChartMark> = { barY: 'bar', barX: 'bar', lineY: 'line', areaY: 'area', dotY: 'dot', rectY: 'histogram' };
/** Rows a chart reads at most; more would not be readable as marks and would cost the page. */
export const chartRowLimit = 20_000;

/** The mark a notebook's `mark:` names, under its own name or Plot's (barY is bar); undefined for an unknown one. */
export function chartMarkOf(text: string): ChartMark | undefined {
  const mark = markAliases[text] ?? (text as ChartMark);
  return chartMarks.includes(mark) ? mark : undefined;
}

export function readChartSpec(spec: Record<string, unknown>): ChartSpec {
  const text = (key: string) => (typeof spec[key] === 'string' && spec[key] !== '' ? (spec[key] as string) : undefined);
  const data = text('data');
  const x = text('x');
  if (!data || !x) throw specError('spec.chartFields');
  const markText = text('mark') ?? 'bar';
  const mark = chartMarkOf(markText);
  if (!mark) throw specError('spec.chartMark', { marks: chartMarks.join(', '), mark: markText });
  const aggregation = text('aggregation') as ChartAggregation | undefined;
  if (aggregation && !chartAggregations.includes(aggregation)) {
    throw specError('spec.chartAggregation', { aggregations: chartAggregations.join(', '), aggregation });
  }
  const y = text('y');
  if (!y && mark !== 'histogram' && aggregation !== 'count') throw specError('spec.chartY');
  return { data, mark, x, y, color: text('color'), facet: text('facet'), aggregation };
}

const aggregateSql: Record<ChartAggregation, (column: string) => string> = {
  count: () => 'count(*)',
  sum: (column) => `sum(${column})`,
  mean: (column) => `avg(${column})`,
  median: (column) => `median(${column})`,
  min: (column) => `min(${column})`,
  max: (column) => `max(${column})`,
};

/** The SQL that reads (and, with an aggregation, groups) the chart's data; columns come out as x, y, color, facet. */
export function chartSql(chart: ChartSpec): string {
  const keys: string[] = [`${quoteIdent(chart.x)} AS x`];
  if (chart.color) keys.push(`${quoteIdent(chart.color)} AS color`);
  if (chart.facet) keys.push(`${quoteIdent(chart.facet)} AS facet`);
  const from = `FROM ${quoteIdent(chart.data)}`;
  if (chart.aggregation && chart.mark !== 'histogram') {
    const y = aggregateSql[chart.aggregation](chart.y ? quoteIdent(chart.y) : '*');
    return `SELECT ${keys.join(', ')}, (${y})::DOUBLE AS y ${from} GROUP BY ALL ORDER BY x LIMIT ${chartRowLimit}`;
  }
  const y = chart.y && chart.mark !== 'histogram' ? [`TRY_CAST(${quoteIdent(chart.y)} AS DOUBLE) AS y`] : [];
  return `SELECT ${[...keys, ...y].join(', ')} ${from} LIMIT ${chartRowLimit}`;
}
