import { tableFromIPC } from 'apache-arrow';
import { specCellKind } from '../kind.ts';
import { firstNumericColumn } from '../table-guess.ts';
import type { ChartRow } from './chart-plot.ts';
import { chartSql, readChartSpec, type ChartSpec } from './chart-spec.ts';
import { unsafeColourValue } from './chart-colours.ts';
import { specError } from '../../document/spec-error.ts';

declare module '../../document/model.ts' {
  interface SpecCellWords {
    chart: ChartOutcome;
  }
}

export interface ChartOutcome {
  chart: ChartSpec;
  rows: ChartRow[];
}

/** Reads at most chartRowLimit rows (aggregated in SQL when the spec says so) for the chart's marks. */
export const chartKind = specCellKind<ChartOutcome>({
  word: 'chart',
  report: () => import('./report.ts'),
  readSpec: readChartSpec,
  outputs: () => [],
  async execute(engine, cell) {
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
  },
  create({ cells, tables }) {
    // The result just above is what a user usually wants to draw.
    const results = cells.filter((cell) => cell.kind === 'sql' && cell.name !== '').map((cell) => (cell as { name: string }).name);
    const table = tables.find((candidate) => candidate.name === results[results.length - 1]) ?? tables[0];
    const x = table?.columns[0]?.name;
    const y = table && firstNumericColumn({ ...table, columns: table.columns.slice(1) });
    return {
      kind: 'chart',
      name: '',
      spec: table && x ? { data: table.name, mark: 'barY', x, ...(y ? { y } : { aggregation: 'count' }) } : { mark: 'barY' },
    };
  },
});
