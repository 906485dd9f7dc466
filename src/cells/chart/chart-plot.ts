import * as Plot from '@observablehq/plot';
import type { ChartSpec } from './chart-spec.ts';
import { unsafeColourValue } from './chart-colours.ts';
import { compactNumber } from '../plot-ticks.ts';

export interface ChartRow {
  x: unknown;
  y?: unknown;
  color?: unknown;
  facet?: unknown;
}

/** Whether a column's values are categories (text or true/false) rather than numbers or dates. */
function isCategorical(values: readonly unknown[]): boolean {
  return values.some((value) => typeof value === 'string' || typeof value === 'boolean');
}

/** The rows with a missing category (x on a band axis, colour, facet) named `blank`, so the axis and the legend can say so. */
function withBlankCategories(chart: ChartSpec, rows: readonly ChartRow[], blank: string): ChartRow[] {
  const ordinalX = chart.mark === 'bar' || chart.mark === 'cell';
  const keys = (['x', 'color', 'facet'] as const).filter((key) =>
    key === 'x'
      ? ordinalX || isCategorical(rows.map((row) => row.x))
      : key === 'facet'
        ? Boolean(chart.facet)
        : Boolean(chart.color) && (chart.mark === 'cell' || isCategorical(rows.map((row) => row.color))),
  );
  if (keys.length === 0) return [...rows];
  return rows.map((row) => {
    const named = { ...row };
    for (const key of keys) if (named[key] === null || named[key] === undefined) named[key] = blank;
    return named;
  });
}

/**
 * Observable Plot options for a chart spec over its rows (from chartSql); the browser and the report both use it.
 * `labels.blank` names a missing category: "(blank)", in the reader's language.
 */
export function chartPlotOptions(
  chart: ChartSpec,
  given: readonly ChartRow[],
  labels: { x: string; y: string; blank: string },
): Plot.PlotOptions {
  const rows = withBlankCategories(chart, given, labels.blank);
  // The executor refuses such data; rows from anywhere else are drawn as categories, never as the values themselves
  // (Plot draws a channel whose values all look like colours unscaled, unless told to scale it).
  const unsafeColours = chart.mark !== 'cell' && unsafeColourValue(rows.map((row) => row.color)) !== null;
  const fill = chart.color ? (unsafeColours ? { value: 'color', scale: 'color' as const } : 'color') : undefined;
  const facet = chart.facet ? { fy: 'facet' } : {};
  const channels = { x: 'x', y: 'y', ...facet };
  const marks: Plot.Markish[] = [];
  switch (chart.mark) {
    case 'bar':
      marks.push(Plot.barY(rows, { ...channels, fill: fill ?? 'currentColor', tip: true }), Plot.ruleY([0]));
      break;
    case 'line':
      marks.push(Plot.lineY(rows, { ...channels, stroke: fill, tip: true }));
      break;
    case 'area':
      marks.push(Plot.areaY(rows, { ...channels, fill, fillOpacity: 0.7, tip: true }), Plot.ruleY([0]));
      break;
    case 'dot':
      marks.push(Plot.dot(rows, { ...channels, fill, tip: true }));
      break;
    case 'histogram':
      marks.push(
        Plot.rectY(rows, Plot.binX({ y: 'count' }, { x: 'x', ...(fill ? { fill } : {}), ...facet } as Parameters<typeof Plot.binX>[1])),
        Plot.ruleY([0]),
      );
      break;
    case 'cell':
      marks.push(Plot.cell(rows, { x: 'x', y: 'color', fill: 'y', ...facet, tip: true }));
      break;
  }
  const ordinalX = chart.mark === 'bar' || chart.mark === 'cell';
  return {
    marginLeft: 60,
    marginBottom: ordinalX ? 60 : 30,
    x: { label: labels.x, ...(ordinalX ? { type: 'band' as const, tickRotate: rows.length > 12 ? -45 : 0 } : {}) },
    y: chart.mark === 'cell' ? { label: chart.color ?? null } : { label: labels.y, grid: true, tickFormat: compactNumber },
    color: {
      legend: Boolean(chart.color) || chart.mark === 'cell',
      ...(chart.mark === 'cell' ? { scheme: 'blues' as const } : {}),
      ...(unsafeColours ? { type: 'categorical' as const } : {}),
    },
    marks,
  };
}

/**
 * The chart as a static figure (the report): the view's options, except that a continuous colour legend becomes a
 * quantized one, since Plot draws continuous ramps on a canvas, which neither a static file nor linkedom has.
 */
export function chartFigureOptions(chart: ChartSpec, rows: readonly ChartRow[], blank: string): Plot.PlotOptions {
  const plotOptions = chartPlotOptions(chart, rows, { x: chart.x, y: chart.y ?? chart.aggregation ?? '', blank });
  const color = plotOptions.color as Record<string, unknown> | undefined;
  if (chart.mark === 'cell' && color?.legend) plotOptions.color = { ...color, type: 'quantize', n: 6 };
  return plotOptions;
}
