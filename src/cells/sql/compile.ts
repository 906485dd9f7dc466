import { quoteIdent } from '../../engine/sql.ts';
import type { SqlCell } from '../../document/model.ts';

/** The SQL steps that run a SQL cell. */
export interface SqlCellSteps {
  /** Statements run first: the named view for queries, the statements themselves otherwise. */
  run: string;
  /** Materialises what the cell shows, so the result table pages through it without re-running the query. */
  materialize: string | null;
  /** The table the result view pages through. */
  resultTable: string;
}

const queryStart = /^\s*(\(|select\b|with\b|from\b|values\b|table\b|pivot\b|unpivot\b)/i;

/** A query becomes a view named after the cell, so later cells can read it; other statements run as written. */
export function compileSqlCell(cell: SqlCell): SqlCellSteps {
  const resultTable = resultTableName(cell.name || cell.id);
  const sql = stripTrailingSemicolons(cell.sql);
  if (cell.name && queryStart.test(stripLeadingComments(sql))) {
    return {
      run: `CREATE OR REPLACE VIEW ${quoteIdent(cell.name)} AS ${sql}`,
      materialize: `CREATE OR REPLACE TEMP TABLE ${quoteIdent(resultTable)} AS SELECT * FROM ${quoteIdent(cell.name)}`,
      resultTable,
    };
  }
  return { run: sql, materialize: null, resultTable };
}

export function resultTableName(cellName: string): string {
  return `_kura_result_${cellName.replace(/[^\w]/g, '_')}`;
}

function stripTrailingSemicolons(sql: string): string {
  return sql.replace(/[\s;]+$/g, '');
}

function stripLeadingComments(sql: string): string {
  return sql.replace(/^(\s*(--[^\n]*\n|\/\*[\s\S]*?\*\/))*/g, '');
}
