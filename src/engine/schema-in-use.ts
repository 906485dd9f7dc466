import { tableFromIPC } from 'apache-arrow';
import type { Engine } from './engine.ts';
import { quoteIdent } from './sql.ts';

/**
 * `name` qualified with the schema in use, for DROP … IF EXISTS. DuckDB looks a name up in `main` when the schema in
 * use lacks it, so an unqualified DROP of a table the open notebook does not hold yet would drop the one in `main`
 * (the tables of a notebook from before notebook ids).
 */
export async function inSchemaInUse(engine: Pick<Engine, 'query'>, name: string): Promise<string> {
  const schema = String(
    tableFromIPC(await engine.query('SELECT current_schema() AS name'))
      .getChildAt(0)
      ?.get(0),
  );
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}
