import { tableFromIPC } from 'apache-arrow';
import type { SpecCellExecutor } from '../spec-cells.ts';
import { chartSql, readChartSpec } from './chart-spec.ts';
import type { ChartRow } from './chart-plot.ts';
import { unsafeColourValue } from './chart-colours.ts';
import { specError } from '../spec-error.ts';

/** Reads at most chartRowLimit rows (aggregated in SQL when the spec says so) for the chart's marks. */
export const executeChartCell: SpecCellExecutor = async (engine, cell) => {
  const chart = readChartSpec(cell.spec);
  const table = tableFromIPC(await engine.query(chartSql(chart)));
  const rows: ChartRow[] = table.toArray().map((row) => {
    const plain = row.toJSON() as Record<string, unknown>;
    for (const key of Object.keys(plain)) if (typeof plain[key] === 'bigint') plain[key] = Number(plain[key]);
    return plain as unknown as ChartRow;
  });
  const unsafe = chart.color && chart.mark !== 'cell' ? unsafeColourValue(rows.map((row) => row.color)) : null;
  if (unsafe !== null) {
    throw specError('spec.chartColour', { column: chart.color!, value: unsafe.length > 60 ? `${unsafe.slice(0, 59)}…` : unsafe });
  }
  return { value: { chart, rows } };
};
