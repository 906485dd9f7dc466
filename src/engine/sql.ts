import { DataType, type DataType as ArrowType } from 'apache-arrow';

/** Quotes an identifier for DuckDB SQL. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes a string literal for DuckDB SQL. */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
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
