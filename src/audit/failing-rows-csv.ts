import type { Engine } from '../engine/engine.ts';
import { csvFromArrow } from '../engine/csv-writer.ts';
import { encodeCsv, type CsvEncoding } from '../engine/csv-encoding.ts';
import { compileRule, type Rule } from './rules.ts';

/** The rows failing a rule, as CSV bytes in `encoding` (every failing row, not only the samples). */
export async function exportFailingRows(engine: Pick<Engine, 'query'>, rule: Rule, encoding: CsvEncoding = 'utf-8'): Promise<Uint8Array> {
  return encodeCsv(csvFromArrow(await engine.query(compileRule(rule).failingRowsSql)), encoding);
}
