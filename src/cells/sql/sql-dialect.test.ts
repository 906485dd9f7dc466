import { describe, expect, it } from 'vitest';
import { EditorState } from '@codemirror/state';
import { CompletionContext, type CompletionResult, type CompletionSource } from '@codemirror/autocomplete';
import { duckdbSql } from './sql-dialect.ts';

async function complete(doc: string, schema: Record<string, string[]>): Promise<string[]> {
  const state = EditorState.create({ doc, extensions: [duckdbSql(schema)] });
  const pos = doc.length;
  const sources = state.languageDataAt<CompletionSource>('autocomplete', pos);
  const labels: string[] = [];
  for (const source of sources) {
    const result = (await source(new CompletionContext(state, pos, true))) as CompletionResult | null;
    for (const option of result?.options ?? []) labels.push(option.label);
  }
  return labels;
}

describe('duckdbSql', () => {
  const schema = { contacts: ['id', 'email', 'CustomerName', '氏名'], orders: ['order_id', 'amount'] };

  it('completes table names and DuckDB keywords', async () => {
    const labels = await complete('select * from ', schema);
    expect(labels).toEqual(expect.arrayContaining(['contacts', 'orders']));
    const keywords = await complete('select * from contacts qual', schema);
    expect(keywords).toEqual(expect.arrayContaining(['qualify']));
  });

  it('completes the columns of a table after a dot', async () => {
    const labels = await complete('select contacts.', schema);
    expect(labels).toEqual(expect.arrayContaining(['id', 'email', 'CustomerName']));
  });

  it('knows DuckDB table functions', async () => {
    const labels = await complete('select * from read_c', schema);
    expect(labels).toEqual(expect.arrayContaining(['read_csv']));
  });
});
