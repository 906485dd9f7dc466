import type { SeriesForecast } from '../../analytics/ets/series.ts';
import { specCellKind } from '../kind.ts';
import { guessTransactions } from '../table-guess.ts';
import { readForecastSpec } from './spec.ts';

declare module '../../document/model.ts' {
  interface SpecCellWords {
    forecast: SeriesForecast;
  }
}

export const forecastKind = specCellKind<SeriesForecast>({
  word: 'forecast',
  report: () => import('./report.ts'),
  readSpec: readForecastSpec,
  outputs: () => [],
  async execute(engine, cell) {
    return { value: await engine.runJob('forecast', readForecastSpec(cell.spec)) };
  },
  create({ tables, freshName }) {
    const orders = guessTransactions(tables);
    return {
      kind: 'forecast',
      name: freshName('forecast'),
      spec: orders
        ? {
            transactions: orders.table,
            date: orders.date,
            ...(orders.amount ? { value: orders.amount } : {}),
            granularity: 'month',
            horizon: 6,
          }
        : { granularity: 'month', horizon: 6 },
    };
  },
});
