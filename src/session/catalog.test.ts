import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TableCatalog } from './catalog.svelte.ts';
import { noOtherNotebooks } from '../notebook/namespace.ts';
import { nativeWarehouse } from './native-warehouse.test-support.ts';

describe('TableCatalog', () => {
  let warehouse: Awaited<ReturnType<typeof nativeWarehouse>>;
  let catalog: TableCatalog;

  beforeEach(async () => {
    warehouse = await nativeWarehouse();
    catalog = new TableCatalog(warehouse);
    await warehouse.call((engine) =>
      engine.exec('create table contacts (id integer, email varchar); create view contacts_mapped as select id from contacts'),
    );
  });
  afterEach(() => warehouse.close());

  it('reads the tables and views in the warehouse, with their columns', async () => {
    expect(catalog.tables).toEqual([]);
    expect(await catalog.refresh()).toBe(true);
    expect(catalog.tables.map((table) => [table.name, table.kind])).toEqual([
      ['contacts', 'table'],
      ['contacts_mapped', 'view'],
    ]);
    expect(catalog.columnsOf('contacts')).toEqual(['id', 'email']);
    expect(catalog.columnsOf('contacts_mapped')).toBeUndefined();
    expect(catalog.columnsOf('orders')).toBeUndefined();
  });

  it('says whether a name is taken by a table or view other than the ones named as its own', async () => {
    await catalog.refresh();
    expect(catalog.holdsAny(['Contacts'], [])).toBe(true);
    expect(catalog.holdsAny(['contacts', 'contacts_mapped'], ['CONTACTS', 'contacts_mapped'])).toBe(false);
    expect(catalog.holdsAny(['people', 'people_mapped'], ['contacts'])).toBe(false);
  });

  it("shows the open notebook's tables only, counts the other notebooks' and frees them", async () => {
    await warehouse.call((engine) =>
      engine.exec(`CREATE SCHEMA notebook_other; CREATE TABLE notebook_other.customers_golden AS SELECT range AS n FROM range(3);
                   CREATE SCHEMA notebook_mine; USE notebook_mine; CREATE TABLE orders AS SELECT 1 AS n`),
    );
    await catalog.refresh();
    expect(catalog.tables.map((table) => table.name)).toEqual(['orders']);
    expect(catalog.others).toMatchObject({ notebooks: 2, tables: 2, rows: 3 });
    expect(catalog.others.kept.map((kept) => kept.schema)).toEqual(['notebook_other', 'main']);
    await catalog.freeOne('main');
    expect(catalog.others.kept.map((kept) => kept.schema)).toEqual(['notebook_other']);
    await catalog.freeOthers();
    expect(catalog.others).toEqual(noOtherNotebooks);
    expect(catalog.tables.map((table) => table.name)).toEqual(['orders']);
  });

  it('shows the latest read when an earlier one ends after it (one read before another notebook opened)', async () => {
    let delayNext = true;
    const delayingFirst: typeof warehouse = Object.assign(Object.create(warehouse) as typeof warehouse, {
      call: async <T>(work: Parameters<typeof warehouse.call<T>>[0]) => {
        const delayed = delayNext;
        delayNext = false;
        const result = await warehouse.call(work);
        if (delayed) await new Promise((resolve) => setTimeout(resolve, 100));
        return result;
      },
    });
    const racing = new TableCatalog(delayingFirst);
    const earlier = racing.refresh();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await warehouse.call((engine) => engine.exec('create table orders (id integer)'));
    await racing.refresh();
    await earlier;
    expect(racing.tables.map((table) => table.name)).toContain('orders');
  });

  it('keeps the catalog it has when the warehouse cannot be read', async () => {
    await catalog.refresh();
    await warehouse.close();
    expect(await catalog.refresh()).toBe(false);
    expect(catalog.tables).toHaveLength(2);
    warehouse = await nativeWarehouse();
  });
});
