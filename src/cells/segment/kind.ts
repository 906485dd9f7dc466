import { queryRows } from '../../engine/plain-rows.ts';
import { quoteIdent } from '../../engine/sql.ts';
import { specCellKind } from '../kind.ts';
import { exportTableCsv } from './export-job.ts';
import { findPeopleNames } from '../people-names.ts';
import { guessTransactions, peopleTables } from '../table-guess.ts';
import { readSegmentSpec, segmentCountSql, segmentSql } from './segment.ts';

declare module '../../document/model.ts' {
  interface SpecCellWords {
    segment: SegmentOutcome;
  }
}

export interface SegmentOutcome {
  members: number;
  customers: number;
  sql: string;
  params: unknown[];
  overlap: { segment: string; both: number; other: number }[];
}

/** Writes the members as a table named after the cell; counts overlap with the segments the spec compares to. */
export const segmentKind = specCellKind<SegmentOutcome>({
  word: 'segment',
  report: () => import('./report.ts'),
  jobs: { exportTableCsv },
  readSpec: readSegmentSpec,
  outputs: () => [],
  customerFacts(cell) {
    const spec = readSegmentSpec(cell.spec);
    return {
      perCustomer: { table: cell.name || 'segment', key: spec.key, columns: [spec.key] },
      ...(spec.orders
        ? {
            events: {
              table: spec.orders.table,
              key: spec.orders.key,
              date: spec.orders.date,
              ...(spec.orders.amount ? { amount: spec.orders.amount } : {}),
            },
          }
        : {}),
    };
  },
  async execute(engine, cell, notebook) {
    const spec = readSegmentSpec(cell.spec);
    const table = cell.name || 'segment';
    // Only the base's own source: another table's ids could collide with the key by chance (golden cluster ids are 1, 2, 3…).
    const baseSource = notebook.cells.filter((other) => other.kind === 'source' && other.name === spec.base);
    const people = await findPeopleNames(engine, baseSource, { table: spec.base, column: spec.key });
    const create = segmentSql(spec, table, people);
    await engine.query(create.sql, create.params);
    const count = segmentCountSql(spec);
    const [counts] = (await queryRows(engine, count.sql, count.params)) as unknown as [{ members: number; customers: number }];
    const overlap: SegmentOutcome['overlap'] = [];
    for (const other of spec.compare) {
      const key = quoteIdent(spec.key);
      const [row] = (await queryRows(
        engine,
        `SELECT (SELECT count(*) FROM ${quoteIdent(table)} a WHERE a.${key}::VARCHAR IN (SELECT b.${key}::VARCHAR FROM ${quoteIdent(other)} b))::INTEGER AS both, (SELECT count(*) FROM ${quoteIdent(other)})::INTEGER AS other`,
      )) as unknown as [{ both: number; other: number }];
      overlap.push({ segment: other, ...row });
    }
    return { value: { ...counts, sql: create.sql, params: create.params, overlap }, resultTable: table };
  },
  async create({ tables, freshName, latestDate, sharedValues }) {
    const orders = guessTransactions(tables);
    const people = peopleTables(tables);
    // With orders, the customers are the people the orders' customer ids point at (the CRM's contact list).
    let customers = people[0];
    if (orders) {
      let most = 0;
      for (const candidate of people) {
        const shared = await sharedValues(
          { table: orders.table, column: orders.customer },
          { table: candidate.table, column: candidate.key },
        ).catch(() => 0);
        if (shared > most) [customers, most] = [candidate, shared];
      }
      if (most === 0) customers = people[0];
    }
    const asOf = orders && (await latestDate(orders.table, orders.date));
    return {
      kind: 'segment',
      name: freshName('segment'),
      spec: customers
        ? {
            base: customers.table,
            key: customers.key,
            ...(orders
              ? {
                  orders: {
                    table: orders.table,
                    key: orders.customer,
                    date: orders.date,
                    ...(orders.amount ? { amount: orders.amount } : {}),
                  },
                }
              : {}),
            ...(asOf ? { as_of: asOf } : {}),
            where: { all: [] },
          }
        : { where: { all: [] } },
    };
  },
});
