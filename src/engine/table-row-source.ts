import { tableFromIPC } from 'apache-arrow';
import type { Engine } from './engine.ts';
import type { ColumnInfo, RowSource, SortOrder } from './row-source.ts';
import { quoteIdent } from './sql.ts';

/** A RowSource over a table in the engine: counts once, then fetches only the window on screen. */
export async function tableRowSource(engine: Pick<Engine, 'query'>, table: string): Promise<RowSource> {
  const name = quoteIdent(table);
  const described = tableFromIPC(await engine.query(`DESCRIBE ${name}`));
  const columns: ColumnInfo[] = described.toArray().map((row) => ({ name: String(row.column_name), type: String(row.column_type) }));
  const counted = tableFromIPC(await engine.query(`SELECT count(*)::DOUBLE AS n FROM ${name}`));
  const rowCount = Number(counted.getChildAt(0)?.get(0) ?? 0);
  return {
    columns,
    rowCount,
    async fetch(offset: number, limit: number, sort?: SortOrder) {
      const order = sort ? ` ORDER BY ${quoteIdent(sort.column)} ${sort.direction === 'desc' ? 'DESC' : 'ASC'} NULLS LAST` : '';
      const window = ` LIMIT ${Math.max(0, Math.floor(limit))} OFFSET ${Math.max(0, Math.floor(offset))}`;
      return tableFromIPC(await engine.query(`SELECT * FROM ${name}${order}${window}`));
    },
  };
}
