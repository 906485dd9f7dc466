import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine/engine.ts';
import { engineFactories } from '../../test/unit/engines.ts';
import { readCatalog } from '../engine/catalog.ts';
import { loadFile } from '../ingest/load.ts';
import { proposeMapping } from '../ingest/mapping/propose.ts';
import { withLocalJobs } from '../warehouse/local-jobs.ts';
import type { Cell, SourceCell } from '../document/model.ts';
import { runNotebookCells } from '../notebook/run.ts';
import type { NewCellContext } from './kind.ts';
import { proposeStarterCells } from './starter.ts';
import { latestDateSql, sharedValuesSql } from './table-guess.ts';
import { segmentKind } from './segment/kind.ts';

const demoData = new URL('../../public/demo/data/', import.meta.url);
const files = {
  crm_contacts: 'crm_contacts.csv',
  marketing_signups: 'marketing_signups.csv',
  support_tickets: 'support_tickets_cp932.csv',
  orders: 'orders.csv',
};

describe.each(engineFactories)(
  'the starter notebook for freshly loaded exports (the demo files, as a user drops them) on $name',
  ({ create }) => {
    let engine: Engine;
    const cells: Cell[] = [];
    let context: NewCellContext;

    beforeAll(async () => {
      engine = await create();
      const jobs = withLocalJobs(engine);
      for (const [name, file] of Object.entries(files)) {
        const bytes = new Uint8Array(readFileSync(new URL(file, demoData)));
        cells.push({ id: name, kind: 'source', name, spec: { file } } satisfies SourceCell);
        const load = await loadFile(engine, { fileName: file, bytes, table: name });
        (cells.at(-1) as SourceCell).spec.preset = proposeMapping(load.columns.map((column) => column.name)).preset ?? undefined;
      }
      await runNotebookCells(cells, { withEngine: (work) => work(jobs), readySource: async () => ({}) });
      const tables = await readCatalog(engine);
      context = {
        tables,
        cells,
        freshName: (prefix) => `${prefix}_1`,
        latestDate: (table, column) => latestDate(table, column),
        sharedValues: async (left, right) =>
          Number(
            tableFromIPC(await engine.query(sharedValuesSql(left, right)))
              .getChild('shared')!
              .get(0),
          ),
      };
    }, 120_000);
    afterAll(() => engine.close());

    async function latestDate(table: string, column: string): Promise<string> {
      return String(
        tableFromIPC(await engine.query(latestDateSql(table, column)))
          .getChild('day')!
          .get(0),
      );
    }

    it('proposes an audit, a match of the three people sources and the four order analyses, filled in from the data', async () => {
      const proposals = await proposeStarterCells(context);
      expect(proposals.map((proposal) => proposal.word)).toEqual(['audit', 'match', 'rfm', 'cohort', 'churn', 'forecast']);
      const spec = (word: string) => (proposals.find((proposal) => proposal.word === word)!.cell as { spec: Record<string, unknown> }).spec;
      expect(spec('audit').tables).toEqual(['crm_contacts', 'marketing_signups', 'support_tickets', 'orders']);
      expect(spec('match').sources).toEqual(['crm_contacts', 'marketing_signups', 'support_tickets']);
      expect(spec('rfm')).toMatchObject({ customer: 'contact_id', date: 'order_date', amount: 'amount', as_of: '2025-06-30' });
      expect(['orders', 'orders_mapped']).toContain(spec('rfm').transactions);
      expect(spec('churn')).toMatchObject({ calibration_end: '2025-03-31', observation_end: '2025-06-30' });
      expect(new Set(proposals.map((proposal) => ('name' in proposal.cell ? proposal.cell.name : '')).filter(Boolean)).size).toBe(
        proposals.length,
      );
    });

    it('gives cells that all run, in the runner the app and kura run use', async () => {
      const proposals = await proposeStarterCells(context);
      const notebook = [...cells, ...proposals.map((proposal, index) => ({ ...proposal.cell, id: `p${index}` }) as Cell)];
      const outcomes = await runNotebookCells(notebook, {
        withEngine: (work) => work(withLocalJobs(engine)),
        readySource: async () => ({}),
      });
      for (const [index, proposal] of proposals.entries()) {
        const outcome = outcomes.get(`p${index}`)!;
        expect(outcome.status === 'error' ? outcome.error.message : outcome.status, proposal.word).toBe('done');
      }
    }, 180_000);

    it('starts a new segment on the contacts the orders belong to, with the orders joined and the as-of date where they end', async () => {
      const cell = await segmentKind.create(context);
      expect(cell).toMatchObject({
        kind: 'segment',
        spec: {
          base: 'crm_contacts_mapped',
          key: 'source_id',
          orders: { key: 'contact_id', date: 'order_date', amount: 'amount' },
          as_of: '2025-06-30',
        },
      });
    });

    it('proposes nothing without sources, and no order analyses without an orders-like table', async () => {
      expect(await proposeStarterCells({ ...context, cells: [] })).toEqual([]);
      const peopleOnly = { ...context, tables: context.tables.filter((table) => !table.name.startsWith('orders')) };
      expect((await proposeStarterCells(peopleOnly)).map((proposal) => proposal.word)).toEqual(['audit', 'match']);
    });
  },
);
