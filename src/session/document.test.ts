import { describe, expect, it } from 'vitest';
import type { SpecCell } from '../document/model.ts';
import { NotebookDocument } from './document.svelte.ts';

const text = `---
kura: 1
title: Orders
---

\`\`\`source orders
file: orders.csv
\`\`\`

\`\`\`sql by_month
select month, sum(amount) as revenue from orders group by all
\`\`\`

\`\`\`sql best_month
select * from by_month order by revenue desc limit 1
\`\`\`

\`\`\`match customers
sources: [orders]
\`\`\`
`;

function opened(): { document: NotebookDocument; edits: () => number } {
  let edits = 0;
  const document = new NotebookDocument(() => edits++);
  document.open(text);
  return { document, edits: () => edits };
}

const labels = (document: NotebookDocument) => document.cells.map((cell) => ('name' in cell ? cell.name : cell.kind));

describe('NotebookDocument', () => {
  it('opens notebook text and writes it back unchanged', () => {
    const document = new NotebookDocument();
    expect(document.opened).toBe(false);
    document.open(text);
    expect(document.opened).toBe(true);
    expect(document.notebook.header.title).toBe('Orders');
    expect(labels(document)).toEqual(['orders', 'by_month', 'best_month', 'customers']);
    expect(document.text()).toBe(text);
  });

  it('keeps the open notebook when the text does not parse', () => {
    const { document } = opened();
    expect(() => document.open('---\nkura: 99\n---\n')).toThrow();
    expect(document.text()).toBe(text);
  });

  it('inserts new cells under fresh ids where asked, and says each edit', () => {
    const { document, edits } = opened();
    const first = document.insert({ kind: 'markdown', text: '# Notes' }, document.insertionIndex(undefined, document.cells[0]!.id));
    const last = document.insert({ kind: 'sql', name: 'extra', sql: 'select 1' });
    const middle = document.insert({ kind: 'markdown', text: 'between' }, document.insertionIndex(document.cells[1]!.id));
    expect(new Set([first.id, last.id, middle.id]).size).toBe(3);
    expect(document.cells.map((cell) => cell.id).indexOf(first.id)).toBe(0);
    expect(document.cells[2]!.id).toBe(middle.id);
    expect(document.cells.at(-1)!.id).toBe(last.id);
    expect(edits()).toBe(3);
  });

  it('moves a cell up or down but not past either end, and removes one', () => {
    const { document, edits } = opened();
    const [orders, byMonth] = document.cells.map((cell) => cell.id);
    document.move(orders!, -1);
    expect(edits()).toBe(0);
    document.move(orders!, 1);
    expect(labels(document)).toEqual(['by_month', 'orders', 'best_month', 'customers']);
    document.remove(byMonth!);
    expect(labels(document)).toEqual(['orders', 'best_month', 'customers']);
    expect(edits()).toBe(2);
  });

  it('finds names no cell uses yet', () => {
    const { document } = opened();
    expect(document.freshName('by_month')).toBe('by_month_1');
    expect(document.unusedName('orders')).toBe('orders_2');
    expect(document.unusedName('refunds')).toBe('refunds');
    const orders = document.cells[0]!.id;
    expect(document.nameUsedByAnotherCell(orders, 'ORDERS')).toBe(false);
    expect(document.nameUsedByAnotherCell(orders, 'By_Month')).toBe(true);
  });

  it('lists the cells that read a cell, in run order, and says each cycle', () => {
    const { document } = opened();
    const [orders, byMonth, bestMonth, customers] = document.cells.map((cell) => cell.id);
    expect(document.dependents(orders!)).toEqual([byMonth, bestMonth, customers]);
    expect(document.dependents(bestMonth!)).toEqual([]);
    expect(document.cycles()).toEqual([]);
    const by = document.cells[1]!;
    if (by.kind === 'sql') by.sql = 'select * from best_month';
    expect(document.cycles()).toHaveLength(1);
  });

  it('turns auto-run off in the header and on again', () => {
    const { document } = opened();
    expect(document.autoRun).toBe(true);
    document.setAutoRun(false);
    expect(document.text()).toContain('autorun: false');
    expect(document.autoRun).toBe(false);
    document.setAutoRun(true);
    expect(document.text()).toBe(text);
  });

  it("keeps a reviewer's decisions in the match cell that matched the record, and takes them back", () => {
    const { document } = opened();
    const match = document.cells[3] as SpecCell;
    expect(document.matchCellFor('orders')?.id).toBe(match.id);
    expect(document.addDecision({ decision: 'split', record: { source: 'elsewhere', id: '1' } })).toBeUndefined();
    const at = new Date('2026-01-02T03:04:05Z');
    document.addDecision({ decision: 'split', record: { source: 'orders', id: '7' } }, at);
    document.addDecision({ decision: 'pin', record: { source: 'orders', id: '8' }, field: 'email' }, at);
    expect(match.spec.decisions).toEqual([
      { decision: 'split', record: { source: 'orders', id: '7' }, at: at.toISOString() },
      { decision: 'pin', record: { source: 'orders', id: '8' }, field: 'email', at: at.toISOString() },
    ]);
    document.removeDecision(match.id, 0);
    document.removeDecision(match.id, 0);
    expect(match.spec.decisions).toBeUndefined();
    expect(document.removeDecision(match.id, 0)).toBeUndefined();
    expect(document.text()).toBe(text);
  });
});
