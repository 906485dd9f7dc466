/**
 * Results kept for reuse: after a reload, a cell whose fingerprint (src/notebook/fingerprint.ts) matches the one it
 * was last run with shows what that run left in the warehouse instead of running again. The record lives in the
 * warehouse itself, beside the tables it describes, so both survive or vanish together.
 *
 * A record holds for as long as nothing else wrote its tables: an analytic cell that starts running forgets every
 * record that names a table it writes, and work outside a run that changes tables (re-clustering a match, opening a
 * bundle) forgets them all (`clear`). Source and SQL cells forget nothing before they run, so a Cancel pressed as
 * they start reaches their load or query; a SQL cell that rewrote an analytic cell's table would go unnoticed.
 */
import type { Engine } from '../engine/engine.ts';
import { inCurrentSchema, internalPrefix } from '../engine/catalog.ts';
import { ident, list, raw, sql } from '../engine/sql.ts';
import { queryRows } from '../engine/plain-rows.ts';
import type { Cell } from '../document/model.ts';
import { cellDefines, type NotebookGraph } from '../notebook/graph.ts';
import { cellFingerprints } from '../notebook/fingerprint.ts';
import type { CellRunOutcome } from '../notebook/run.ts';

type CacheEngine = Pick<Engine, 'query' | 'exec'>;

export const cellResultsTable = `${internalPrefix}cell_results`;

const results = raw(cellResultsTable);

/** The open notebook's tables and the connection's temporary ones: another notebook's tables are not this one's results. */
const ownTables = raw(`(SELECT lower(table_name) FROM information_schema.tables WHERE ${inCurrentSchema()} OR table_catalog = 'temp')`);

const createTable = `CREATE TABLE IF NOT EXISTS ${cellResultsTable} (
  fingerprint VARCHAR PRIMARY KEY, tables VARCHAR[], result_table VARCHAR, value VARCHAR, elapsed_ms DOUBLE)`;

export class RunCache {
  private prints = new Map<string, string>();
  /** Each source table's content fingerprint, read once until the table is loaded again. */
  private readonly sourceContent = new Map<string, string>();

  /** Fingerprints the cells of a run; called once its sources are ready, before any record is read or written. */
  async prepare(engine: CacheEngine, cells: readonly Cell[], graph: NotebookGraph): Promise<void> {
    await engine.exec(createTable);
    for (const cell of cells) {
      if (cell.kind !== 'source' || this.sourceContent.has(cell.name)) continue;
      const content = await tableContent(engine, cell.name);
      if (content !== undefined) this.sourceContent.set(cell.name, content);
    }
    this.prints = await cellFingerprints(cells, graph, this.sourceContent);
  }

  /** A source table was loaded (or replaced) since its content was read. */
  sourceChanged(table: string): void {
    this.sourceContent.delete(table);
  }

  /** Another notebook: nothing read so far applies. */
  reset(): void {
    this.sourceContent.clear();
    this.prints = new Map();
  }

  /** What the cell's last run with the same inputs left, when its tables are still the ones that run wrote. */
  async reuse(engine: CacheEngine, cell: Cell): Promise<CellRunOutcome | undefined> {
    const print = this.prints.get(cell.id);
    if (print === undefined || !reusable(cell)) return undefined;
    const [row] = await queryRows(
      engine,
      sql`SELECT result_table, value, elapsed_ms,
            (SELECT count(*) FROM unnest(tables) AS written(name)
             WHERE lower(name) NOT IN ${ownTables})::INTEGER AS missing
          FROM ${results} WHERE fingerprint = ${print}`,
    );
    if (!row || Number(row.missing) > 0) return undefined;
    return {
      status: 'done',
      reused: true,
      ...(row.result_table ? { resultTable: String(row.result_table) } : {}),
      ...(row.value !== null && row.value !== undefined ? { value: JSON.parse(String(row.value)) as unknown } : {}),
      elapsedMs: Number(row.elapsed_ms),
    };
  }

  /** Whether results of this cell are kept for reuse (analytic cells; source and SQL cells always run). */
  keeps(cell: Cell): boolean {
    return reusable(cell);
  }

  /** Before a cell runs: the records naming a table it writes no longer hold. */
  async forget(engine: CacheEngine, cell: Cell): Promise<void> {
    const tables = cellDefines(cell);
    if (tables.length === 0) return;
    await engine.exec(String(sql`DELETE FROM ${results} WHERE list_has_any(tables, [${list(tables)}])`));
  }

  /** After a cell ran: keeps its outcome under its fingerprint, when the outcome is plain data (a reused one is kept already). */
  async remember(engine: CacheEngine, cell: Cell, outcome: CellRunOutcome): Promise<void> {
    const print = this.prints.get(cell.id);
    if (print === undefined || !reusable(cell) || outcome.status !== 'done' || outcome.reused || !isPlainData(outcome.value)) return;
    const written = [...cellDefines(cell), ...(outcome.resultTable ? [outcome.resultTable.toLowerCase()] : [])];
    const tables = await existingTables(engine, [...new Set(written)]);
    const value = outcome.value === undefined ? null : JSON.stringify(outcome.value);
    await engine.exec(
      String(
        sql`INSERT OR REPLACE INTO ${results} VALUES (${print}, [${list(tables)}]::VARCHAR[], ${outcome.resultTable ?? null}, ${value}, ${outcome.elapsedMs})`,
      ),
    );
  }

  /** Tables changed outside a run: no record holds. The table stays, so a run under way can still write to it. */
  async clear(engine: CacheEngine): Promise<void> {
    await engine.exec(createTable);
    await engine.exec(`DELETE FROM ${cellResultsTable}`);
  }
}

/**
 * Analytic cells keep what they computed in tables. A source cell is read again anyway (its table is restored), and
 * a SQL cell's result is a view read afresh whose page is a temporary table a reload drops: both run again.
 */
function reusable(cell: Cell): boolean {
  return cell.kind !== 'source' && cell.kind !== 'sql';
}

/** The table's row count and the sum of its rows' hashes: equal contents give equal strings. */
async function tableContent(engine: CacheEngine, table: string): Promise<string | undefined> {
  if ((await existingTables(engine, [table.toLowerCase()])).length === 0) return undefined;
  const [row] = await queryRows(
    engine,
    sql`SELECT count(*)::VARCHAR || ':' || coalesce(sum(hash(t))::VARCHAR, '') AS content FROM ${ident(table)} t`,
  );
  return row ? String(row.content) : undefined;
}

/** Which of these lower-case names are tables or views of the open notebook (temporary ones included). */
async function existingTables(engine: CacheEngine, names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const rows = await queryRows(engine, sql`SELECT DISTINCT name FROM ${ownTables} AS own(name) WHERE name IN (${list(names)})`);
  return rows.map((row) => String(row.name));
}

/** Whether a value survives JSON unchanged: strings, finite numbers, booleans, null, arrays and plain objects of them. */
function isPlainData(value: unknown): boolean {
  if (value === undefined || value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => item !== undefined && isPlainData(item));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.values(value).every((item) => item === undefined || isPlainData(item));
  return false;
}
