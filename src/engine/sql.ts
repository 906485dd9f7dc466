import { DataType, type DataType as ArrowType } from 'apache-arrow';
import type { QueryParam } from './engine.ts';

/**
 * The one way a name or a value enters SQL.
 *
 * `sql` is a tagged template: every `${…}` is a value unless it is a fragment (`ident(name)`, `raw(text)`, `list(items)`
 * or another `sql` template). A fragment renders two ways:
 * - `String(fragment)` (or using it inside a plain template literal or `join`): one plain SQL string with each value
 *   written as a typed, escaped literal. Job scripts with several statements, views, COPY and CREATE … AS are plain
 *   strings, so this is the common form.
 * - `fragment.bound()` (what `queryRows` does with a fragment): one statement with a `?` for each string value and the
 *   strings to bind, for `Engine.query(sql, params)`; both engines (native DuckDB and DuckDB-WASM) bind parameters
 *   of one statement. Numbers, booleans, null and dates stay literals there: exact, and typed as they would be
 *   written, so plans and result types do not change.
 *
 * Literals: strings are single-quoted with quotes doubled (DuckDB strings have no backslash escapes; a NUL, which
 * DuckDB cannot parse inside a literal, becomes `chr(0)`); numbers must be finite and negatives are parenthesised (so
 * `x -${n}` cannot become a `--` comment); booleans are TRUE/FALSE; null and undefined are NULL; dates are UTC
 * TIMESTAMP literals; bigints are written as integers. Anything else is refused.
 */
export class Sql {
  private constructor(
    private readonly strings: readonly string[],
    private readonly values: readonly SqlValue[],
  ) {}

  /** @internal Built by the `sql` tag and the helpers below. */
  static of(strings: readonly string[], values: readonly SqlValue[]): Sql {
    return new Sql(strings, values);
  }

  /** The SQL as one plain string, values written as literals. */
  toString(): string {
    return this.render(literal);
  }

  /** The SQL with `?` for each value, and the values in order, ready for `Engine.query(...fragment.bound())`. */
  bound(): [sql: string, params: QueryParam[]] {
    const params: QueryParam[] = [];
    const text = this.render((value) => {
      if (typeof value !== 'string') return literal(value);
      params.push(value);
      return '?';
    });
    return [text, params];
  }

  private render(value: (value: SqlScalar) => string): string {
    let text = this.strings[0]!;
    this.values.forEach((part, index) => {
      text += Sql.renderPart(part, value) + this.strings[index + 1]!;
    });
    return text;
  }

  private static renderPart(part: SqlValue, value: (value: SqlScalar) => string): string {
    if (part instanceof Sql) return part.render(value);
    if (Array.isArray(part)) return (part as readonly SqlValue[]).map((item) => Sql.renderPart(item, value)).join(', ');
    return value(part as SqlScalar);
  }
}

/** A value, or a fragment written as SQL. Arrays render as a comma-separated list of their items. */
export type SqlValue = SqlScalar | Sql | readonly SqlValue[];
export type SqlScalar = string | number | bigint | boolean | Date | null | undefined;

/** SQL with quoted values; see `Sql`. */
export function sql(strings: TemplateStringsArray, ...values: SqlValue[]): Sql {
  return Sql.of(strings, values);
}

/** A quoted identifier (a table or column name), for use inside `sql`. */
export function ident(name: string): Sql {
  return raw(quoteIdent(name));
}

/** SQL text written by Kura itself (a keyword, an operator, an expression built from quoted parts), used as is. */
export function raw(text: string): Sql {
  return Sql.of([text], []);
}

/** Items joined by `separator` (SQL text, not a value), each rendered as `sql` renders it. */
export function list(items: readonly SqlValue[], separator = ', '): Sql {
  if (items.length === 0) return raw('');
  return Sql.of(['', ...items.slice(1).map(() => separator), ''], items);
}

function literal(value: SqlScalar): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return quoteLiteral(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'bigint') return value < 0n ? `(${value})` : String(value);
  if (typeof value === 'number') return finite(value) < 0 || Object.is(value, -0) ? `(${value})` : String(value);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError('An invalid date cannot be written into SQL.');
    return `TIMESTAMP '${value.toISOString().replace('T', ' ').replace('Z', '')}'`;
  }
  throw new TypeError(`A ${typeof value} cannot be written into SQL as a value.`);
}

function finite(value: number): number {
  if (!Number.isFinite(value)) throw new TypeError(`${value} cannot be written into SQL as a number.`);
  return value;
}

/** Quotes an identifier for DuckDB SQL. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes a string literal for DuckDB SQL; a NUL character, which DuckDB cannot parse inside a literal, is joined in as chr(0). */
export function quoteLiteral(value: string): string {
  const quoted = (text: string) => `'${text.replace(/'/g, "''")}'`;
  return value.includes('\0') ? `(${value.split('\0').map(quoted).join(' || chr(0) || ')})` : quoted(value);
}

/** The DuckDB column type used to store an Arrow type. */
export function sqlTypeOfArrow(type: ArrowType): string {
  if (DataType.isBool(type)) return 'BOOLEAN';
  if (DataType.isInt(type)) return type.bitWidth === 64 || (type.bitWidth === 32 && !type.isSigned) ? 'BIGINT' : 'INTEGER';
  if (DataType.isFloat(type) || DataType.isDecimal(type)) return 'DOUBLE';
  if (DataType.isDate(type)) return 'DATE';
  if (DataType.isTimestamp(type)) return 'TIMESTAMP';
  return 'VARCHAR';
}
