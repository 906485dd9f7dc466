import type { Engine } from '../engine/engine.ts';
import { csvBytes, csvFromArrow, type CsvOptions } from '../engine/csv-writer.ts';
import { compileRule, type Rule } from './rules.ts';

/** The rows failing a rule, as CSV bytes (every failing row, not only the samples). */
export async function exportFailingRows(engine: Pick<Engine, 'query'>, rule: Rule, options: CsvOptions = {}): Promise<Uint8Array> {
  return csvBytes(csvFromArrow(await engine.query(compileRule(rule).failingRowsSql), options));
}
