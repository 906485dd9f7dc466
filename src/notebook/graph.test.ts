import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNotebook } from './format.ts';
import { cycleMessages, dependentsInRunOrder, notebookGraph } from './graph.ts';
import type { Cell, SpecCellWord } from '../document/model.ts';
import { cellKinds } from '../cells/kinds.ts';
import type { SpecCellKind } from '../cells/kind.ts';

const sql = (id: string, name: string, text: string): Cell => ({ id, kind: 'sql', name, sql: text });

/** The demo notebook's shape (public/demo/demo.kura.md as of this test), fixed here so the demo can grow. */
const demoShape = `# Demo

\`\`\`source crm_contacts
file: demo/data/crm_contacts.csv
preset: salesforce.contact
\`\`\`

\`\`\`source support_tickets
file: demo/data/support_tickets_cp932.csv
\`\`\`

\`\`\`source orders
file: demo/data/orders.csv
\`\`\`

\`\`\`sql orders_by_month
select strftime(date_trunc('month', order_date), '%Y-%m') as month, count(*) as orders, sum(amount) as revenue_jpy
from orders where status = 'completed' group by all order by month
\`\`\`

\`\`\`chart
data: orders_by_month
mark: barY
x: month
y: revenue_jpy
\`\`\`

\`\`\`input channel
control: select
options:
  table: orders
  column: channel
value: online
\`\`\`

\`\`\`sql channel_revenue
select count(*) as orders from orders where status = 'completed' and channel = (select value from channel)
\`\`\`

\`\`\`sql email_quality
with emails as (select Email as email from crm_contacts union all select "メールアドレス" from support_tickets)
select count(*) as records from emails
\`\`\`

\`\`\`audit contacts_audit
tables:
  - table: crm_contacts
    key: [Id]
  - orders
\`\`\`

\`\`\`match customers
sources: [crm_contacts, support_tickets]
\`\`\`

\`\`\`sql golden_by_region
select region, count(*) from customers_golden group by all
\`\`\`
`;

describe('notebookGraph', () => {
  const demo = parseNotebook(demoShape);
  const graph = notebookGraph(demo.cells);
  const id = (label: string) => graph.nodes.find((node) => node.label === label)!.id;
  const labels = (ids: string[]) => ids.map((cellId) => graph.byId.get(cellId)!.label);

  it('follows the demo notebook: a source feeds its queries, chart, input, audit and what reads them', () => {
    expect(graph.cycles).toEqual([]);
    expect(labels(dependentsInRunOrder(graph, id('orders')))).toEqual([
      'orders_by_month',
      'cell 6', // the chart of orders_by_month
      'channel', // its options come from orders
      'channel_revenue',
      'contacts_audit',
    ]);
    expect(labels(dependentsInRunOrder(graph, id('channel')))).toEqual(['channel_revenue']);
    expect(labels(dependentsInRunOrder(graph, id('support_tickets')))).toEqual(['email_quality', 'customers', 'golden_by_region']);
    expect(graph.runOrder).toEqual(demo.cells.map((cell) => cell.id));
  });

  it('finds every cell of the live demo notebook in a run order without cycles', () => {
    const live = notebookGraph(parseNotebook(readFileSync(join(import.meta.dirname, '../../public/demo/demo.kura.md'), 'utf8')).cells);
    expect(live.cycles).toEqual([]);
    expect(new Set(live.runOrder).size).toBe(live.nodes.length);
  });

  it('does not take a column alias named like the cell for a reference to itself', () => {
    const cells = [sql('a', 'customers', 'select region, count(*) as customers from crm group by all order by customers')];
    expect(notebookGraph(cells).nodes[0]!.upstream).toEqual([]);
  });

  it('runs a cell after the cell it reads even when that one comes later in the notebook', () => {
    const cells = [sql('a', 'top', 'select * from totals limit 3'), sql('b', 'totals', 'select 1 as n'), sql('c', 'other', 'select 2')];
    const ordered = notebookGraph(cells);
    expect(ordered.runOrder).toEqual(['b', 'a', 'c']);
    expect(dependentsInRunOrder(ordered, 'b')).toEqual(['a']);
  });

  it('resolves a name defined twice to the nearest definition before the reader', () => {
    const cells = [
      sql('a', 'x', 'select 1'),
      sql('b', 'y', 'select * from x'),
      sql('c', 'x', 'select 2'),
      sql('d', 'z', 'select * from x'),
    ];
    const twice = notebookGraph(cells);
    expect(twice.byId.get('b')!.upstream).toEqual(['a']);
    expect(twice.byId.get('d')!.upstream).toEqual(['c']);
  });

  it('reads analytic cells through their declared inputs, else through spec values that name results', () => {
    const cells: Cell[] = [
      sql('a', 'orders_by_month', 'select 1'),
      { id: 'b', kind: 'chart', name: '', spec: { data: 'orders_by_month', mark: 'bar', x: 'month', y: 'orders_by_month' } },
      { id: 'c', kind: 'segment', name: 'vip', spec: { inputs: [], rules: 'orders_by_month' } },
      { id: 'd', kind: 'rfm', name: 'r', spec: { inputs: ['vip'], outputs: ['rfm_scores'] } },
      sql('e', 'e', 'select * from rfm_scores'),
    ];
    const specs = notebookGraph(cells);
    expect(specs.byId.get('b')!.upstream).toEqual(['a']);
    expect(specs.byId.get('c')!.upstream).toEqual([]);
    expect(specs.byId.get('d')!.upstream).toEqual(['c']);
    expect(dependentsInRunOrder(specs, 'c')).toEqual(['d', 'e']);
  });

  it('runs a SQL cell reading any table an analytic cell writes after that cell, for every kind (churn → churn_scores…)', () => {
    const spec = cellKinds.filter((kind): kind is SpecCellKind => 'outputs' in kind);
    expect(spec.map((kind) => kind.word)).toContain('churn');
    for (const kind of spec) {
      const writer = { id: 'k', kind: kind.word as SpecCellWord, name: 'result_of_k', spec: {} };
      for (const table of ['result_of_k', ...kind.outputs(writer)]) {
        const graph = notebookGraph([sql('q', 'reader', `select * from ${table}`), writer]);
        expect(graph.byId.get('q')!.upstream, `${kind.word} writes ${table}`).toEqual(['k']);
        expect(graph.runOrder).toEqual(['k', 'q']);
      }
    }
  });

  it('reports a cycle in one sentence, runs its cells last and still finds the dependents', () => {
    const cells = [
      sql('s', 'base', 'select 1 as n'),
      sql('a', 'a', 'select * from c'),
      sql('b', 'b', 'select * from a join base using (n)'),
      sql('c', 'c', 'select * from b'),
      sql('d', 'd', 'select * from base'),
    ];
    const circle = notebookGraph(cells);
    expect(circle.cycles).toEqual([['a', 'c', 'b']]);
    expect(cycleMessages(circle)).toEqual([
      "Cells a, c and b read each other's results in a circle (a → c → b → a); change one of them so the circle is broken.",
    ]);
    expect(circle.runOrder).toEqual(['s', 'd', 'a', 'b', 'c']);
    expect(dependentsInRunOrder(circle, 's')).toEqual(['d', 'a', 'b', 'c']);
  });
});
