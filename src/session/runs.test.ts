import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseNotebook } from '../notebook/format.ts';
import type { Cell, SourceCell } from '../document/model.ts';
import type { JobEngine } from '../jobs/job.ts';
import type { SourceReadiness } from '../notebook/run.ts';
import { RunStore } from './runs.svelte.ts';
import { queryRows } from '../engine/plain-rows.ts';
import { nativeWarehouse } from './native-warehouse.test-support.ts';
import type { WarehouseCalls } from './warehouse-calls.ts';

const cells = (body: string): Cell[] => parseNotebook(`---\nkura: 1\ntitle: Runs\n---\n\n${body}`).cells;

const notebook = cells(`\`\`\`source orders
file: orders.csv
\`\`\`

\`\`\`sql big
select * from orders where amount > 10
\`\`\`

\`\`\`sql broken
select * from no_such_table
\`\`\`

\`\`\`sql after_broken
select count(*) as n from broken
\`\`\`
`);
const [orders, big, broken, afterBroken] = notebook.map((cell) => cell.id) as [string, string, string, string];

/** Loads the orders table as a source cell's file would. */
const ordersLoaded = async (_cell: SourceCell, engine: JobEngine): Promise<SourceReadiness> => {
  await engine.exec(`create or replace table orders as select * from (values (1, 5), (2, 20), (3, 30)) t(id, amount)`);
  return {};
};

describe('RunStore', () => {
  let warehouse: Awaited<ReturnType<typeof nativeWarehouse>>;
  let runs: RunStore;
  let restarted = 0;

  beforeEach(async () => {
    warehouse = await nativeWarehouse();
    restarted = 0;
    runs = new RunStore(warehouse, () => restarted++);
    runs.reset(notebook);
  });
  afterEach(() => warehouse.close());

  it('starts every cell idle', () => {
    expect(Object.values(runs.outputs).map((output) => output.status)).toEqual(['idle', 'idle', 'idle', 'idle']);
    expect(runs.running).toBe(false);
  });

  it('runs the cells in order and shows each result table, error and blocked cell', async () => {
    const done: string[] = [];
    expect(await runs.run(notebook, { readySource: ordersLoaded, done: (cell) => done.push(cell.id) })).toBe(true);
    expect(done).toEqual([orders, big]);
    expect(runs.outputs[orders]!.status).toBe('done');
    expect(runs.outputs[big]!.result?.rowCount).toBe(2);
    expect(runs.outputs[big]!.result?.columns.map((column) => column.name)).toEqual(['id', 'amount']);
    expect(runs.outputs[broken]!.status).toBe('error');
    expect(runs.outputs[broken]!.error?.message).toMatch(/no_such_table/);
    expect(runs.outputs[afterBroken]!.error).toMatchObject({
      kind: 'blocked',
      sentence: { key: 'cell.blocked', values: { name: 'broken' } },
    });
    expect(runs.runsUnderway).toBe(0);
    expect(restarted).toBe(0);
  });

  it('runs only the cells asked for, and keeps a source without data as it was', async () => {
    await runs.run(notebook, { readySource: ordersLoaded });
    await warehouse.call((engine) => engine.exec('insert into orders values (4, 40)'));
    await runs.run(notebook, { only: [big], readySource: () => Promise.resolve('unavailable') });
    expect(runs.outputs[big]!.result?.rowCount).toBe(3);
    await runs.run(notebook, { only: [orders], readySource: () => Promise.resolve('unavailable') });
    expect(runs.outputs[orders]!.status).toBe('done');
  });

  it('shows nothing a run finishes after the runs were ended (another notebook was opened)', async () => {
    const ended = runs.ended();
    const run = runs.run(notebook, {
      readySource: async (cell, engine) => {
        runs.end();
        // The next notebook's cells have the same ids (cell-1, …); one of them is running already.
        runs.reset(notebook);
        runs.outputs[big] = { status: 'running' };
        return ordersLoaded(cell, engine);
      },
    });
    expect(runs.runsUnderway).toBe(1);
    expect(await run).toBe(false);
    expect(ended()).toBe(true);
    expect(runs.outputs[orders]!.status).toBe('idle');
    expect(runs.outputs[big]!.status).toBe('running');
    expect(runs.outputs[broken]!.status).toBe('idle');
    expect(runs.ended()()).toBe(false);
  });

  it('marks cells that ran as out of date, and shows a renamed table again', async () => {
    await runs.run(notebook, { only: [orders, big], readySource: ordersLoaded });
    runs.markStale([big, broken]);
    expect(runs.outputs[big]!.stale).toBe(true);
    expect(runs.outputs[broken]).toEqual({ status: 'idle' });
    await warehouse.call((engine) => engine.exec('create table renamed as select 1 as one'));
    await runs.showTable(big, 'renamed');
    expect(runs.outputs[big]!.result?.columns.map((column) => column.name)).toEqual(['one']);
  });

  describe('after a reload', () => {
    const withSegment = cells(`\`\`\`source orders
file: orders.csv
\`\`\`

\`\`\`sql big
select * from orders where amount > 10
\`\`\`

\`\`\`segment large
base: big
key: id
where:
  all:
    - {field: amount, op: '>', value: 0}
\`\`\`
`);
    const [, , large] = withSegment.map((cell) => cell.id) as [string, string, string];
    /** A row only a reused segment still has: running the cell again writes its table anew. */
    const marked = () => warehouse.call((engine) => engine.exec(`insert into large (id, amount) values (99, 99)`));
    const members = async () =>
      (await warehouse.call((engine) => queryRows(engine, 'select count(*)::INTEGER as n from large')))[0]!.n as number;
    /** The page reloaded: a new store over the same warehouse, the sources restored as they were. */
    const reloaded = () => {
      const store = new RunStore(warehouse);
      store.reset(withSegment);
      return store;
    };
    const restored = async (): Promise<SourceReadiness> => ({});

    it('shows what the last run left for cells whose inputs did not change, without running them', async () => {
      await runs.run(withSegment, { readySource: ordersLoaded });
      expect(await members()).toBe(2);
      await marked();
      const again = reloaded();
      await again.run(withSegment, { readySource: restored, reuse: true });
      expect(await members()).toBe(3);
      expect(again.outputs[large]!.status).toBe('done');
      expect(again.outputs[large]!.value).toEqual(runs.outputs[large]!.value);
      // Without reuse it runs again.
      await reloaded().run(withSegment, { readySource: restored });
      expect(await members()).toBe(2);
    });

    it('writes nothing to keep a reused result: it is kept already', async () => {
      await runs.run(withSegment, { readySource: ordersLoaded });
      const written: string[] = [];
      const recording: WarehouseCalls = {
        ...warehouse,
        call: (work) =>
          warehouse.call((engine) =>
            work(
              new Proxy(engine, {
                get: (target, key) =>
                  key === 'exec'
                    ? (sql: string) => {
                        written.push(sql);
                        return target.exec(sql);
                      }
                    : Reflect.get(target, key),
              }),
            ),
          ),
      };
      const store = new RunStore(recording);
      store.reset(withSegment);
      await store.run(withSegment, { readySource: restored, reuse: true });
      expect(store.outputs[large]!.status).toBe('done');
      expect(written.filter((sql) => sql.includes('INSERT OR REPLACE INTO'))).toEqual([]);
    });

    it('runs again what reads a source whose content changed, a cell that changed, or tables something else wrote', async () => {
      await runs.run(withSegment, { readySource: ordersLoaded });
      await warehouse.call((engine) => engine.exec('insert into orders values (4, 40)'));
      await marked();
      await reloaded().run(withSegment, { readySource: restored, reuse: true });
      expect(await members()).toBe(3);

      await marked();
      const store = reloaded();
      await store.run(withSegment, { readySource: restored, reuse: true });
      expect(await members()).toBe(4);
      await store.forgetResults();
      await reloaded().run(withSegment, { readySource: restored, reuse: true });
      expect(await members()).toBe(3);

      await marked();
      const edited = withSegment.map((cell) =>
        cell.id === large && cell.kind === 'segment' ? { ...cell, spec: { ...cell.spec, as_of: '2026-01-01' } } : cell,
      );
      const store2 = new RunStore(warehouse);
      store2.reset(edited);
      await store2.run(edited, { readySource: restored, reuse: true });
      expect(await members()).toBe(3);
    });

    it('keeps results for reuse again after they were forgotten, even before the first run', async () => {
      await runs.forgetResults();
      await runs.run(withSegment, { readySource: ordersLoaded });
      await runs.forgetResults();
      await runs.run(withSegment, { readySource: restored });
      await marked();
      await reloaded().run(withSegment, { readySource: restored, reuse: true });
      expect(await members()).toBe(3);
    });
  });
});
