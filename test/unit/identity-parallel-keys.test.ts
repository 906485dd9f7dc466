/** The command line's worker threads key batches exactly as the inline keyer does (src/cli/parallel-keys.ts). */
import { afterAll, describe, expect, it } from 'vitest';
import { KeyWorkers } from '../../src/cli/parallel-keys.ts';
import { keyBatchText, NULL, RECORD, UNIT, type KeyBatch } from '../../src/identity/prepare/batch.ts';
import { inputFields, KeyMaker } from '../../src/identity/prepare/keys.ts';
import { generateCrmTestSet } from '../data/identity-testset.ts';

const workers = new KeyWorkers(2);
afterAll(() => workers.close());

/** The generated set's CRM file as batches: its header mapped by position onto common-model fields. */
function batches(): KeyBatch[] {
  const crm = generateCrmTestSet(300).files[0]!;
  const lines = crm.text.split('\n').filter(Boolean).slice(1);
  const fields = inputFields
    .filter((field) => !['name_reading', 'full_name', 'country', 'address_2', 'last_activity_at'].includes(field))
    .slice(0, 16);
  const rows = lines.map((line) =>
    line
      .split(',')
      .slice(0, fields.length + 1)
      .map((value, i) => (value === '' ? NULL : i === 3 ? `${value}\r\nsecond line` : value)),
  );
  const out: KeyBatch[] = [];
  for (let start = 0; start < rows.length; start += 100) {
    const part = rows.slice(start, start + 100);
    out.push({
      source: 'crm',
      phoneRegion: null,
      fields,
      sourceExtras: ['x_id'],
      extras: ['x_id', 'x_other'],
      firstRow: start + 1,
      firstId: start,
      rows: part.length,
      text: part.map((values) => values.join(UNIT)).join(RECORD),
    });
  }
  return out;
}

describe('parallel prepare keys (command line)', () => {
  it('gives the same lines as the inline keyer, in batch order, with line breaks and nulls', async () => {
    const all = batches();
    const inline = all.map((batch) => keyBatchText(new KeyMaker(), batch));
    const parallel = await Promise.all(all.map((batch) => workers.keyBatch(batch)));
    expect(parallel.map((bytes) => new TextDecoder().decode(bytes as Uint8Array))).toEqual(inline);
    expect(inline.join('').split('\n').length - 1).toBe(all.reduce((sum, batch) => sum + batch.rows, 0));
    expect(inline[0]).not.toMatch(/\r/);
  });
});
