import type { SpecCellExecutor } from '../spec-cells.ts';
import { readForecastSpec } from './spec.ts';

export const executeForecastCell: SpecCellExecutor = async (engine, cell) => ({ value: await engine.runJob('forecast', readForecastSpec(cell.spec)) });
