import { DataType, type DataType as ArrowType } from 'apache-arrow';
import { formatDecimal } from '../../engine/decimal-text.ts';

/** Turns one non-null Arrow value of a column into display text. */
export type CellFormatter = (value: unknown) => string;

/** Numbers (and DuckDB's numeric types) are right-aligned; everything else reads left to right. */
export function isNumericDuckType(duckType: string): boolean {
  return /^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL|NUMERIC)\b/i.test(
    duckType.trim(),
  );
}

export function formatterFor(type: ArrowType, locale: string): CellFormatter {
  if (DataType.isDictionary(type)) return formatterFor(type.dictionary, locale);
  if (DataType.isInt(type)) {
    const grouped = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    return (value) => (typeof value === 'number' || typeof value === 'bigint' ? grouped.format(value) : String(value));
  }
  if (DataType.isFloat(type)) return floatFormatter(locale);
  if (DataType.isDecimal(type)) {
    const grouped = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    return (value) => formatDecimal(String(value), type.scale, grouped);
  }
  if (DataType.isBool(type)) return (value) => (value ? 'true' : 'false');
  if (DataType.isDate(type)) return (value) => (typeof value === 'number' ? isoDate(value) : String(value));
  if (DataType.isTimestamp(type)) {
    const zoned = type.timezone != null && type.timezone !== '';
    return (value) => (typeof value === 'number' ? isoTimestamp(value, zoned) : String(value));
  }
  if (DataType.isTime(type)) {
    const perSecond = [1, 1_000, 1_000_000, 1_000_000_000][type.unit] ?? 1;
    return (value) => formatTime(value, perSecond);
  }
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) return (value) => String(value);
  if (DataType.isBinary(type) || DataType.isLargeBinary(type) || DataType.isFixedSizeBinary(type)) {
    return (value) => (value instanceof Uint8Array ? hexPreview(value) : String(value));
  }
  return formatNested;
}

function floatFormatter(locale: string): CellFormatter {
  const grouped = new Intl.NumberFormat(locale, { maximumFractionDigits: 6 });
  return (value) => {
    if (typeof value !== 'number') return String(value);
    if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
    const magnitude = Math.abs(value);
    // Very small or very large magnitudes would print as 0 or as a long run of digits.
    if (magnitude !== 0 && (magnitude < 1e-4 || magnitude >= 1e21)) return value.toExponential(6).replace(/\.?0+e/, 'e');
    return grouped.format(value);
  };
}

function isoDate(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString().slice(0, -14);
}

/** Arrow gives milliseconds, with microseconds as the fraction; shown as `YYYY-MM-DD HH:MM:SS[.ffffff]`. */
export function isoTimestamp(ms: number, zoned: boolean): string {
  const totalMicros = Math.round(ms * 1000);
  const date = new Date(Math.floor(totalMicros / 1000));
  if (Number.isNaN(date.getTime())) return String(ms);
  const micros = ((totalMicros % 1_000_000) + 1_000_000) % 1_000_000;
  const iso = date.toISOString();
  let text = `${iso.slice(0, -14)} ${iso.slice(-13, -5)}`;
  if (micros !== 0) text += `.${String(micros).padStart(6, '0').replace(/0+$/, '')}`;
  return zoned ? `${text}Z` : text;
}

function formatTime(value: unknown, perSecond: number): string {
  if (typeof value !== 'number' && typeof value !== 'bigint') return String(value);
  const ticks = BigInt(typeof value === 'number' ? Math.trunc(value) : value);
  const unit = BigInt(perSecond);
  const seconds = ticks / unit;
  const fraction = ticks % unit;
  const pad = (n: bigint) => String(n).padStart(2, '0');
  let text = `${pad(seconds / 3600n)}:${pad((seconds / 60n) % 60n)}:${pad(seconds % 60n)}`;
  if (fraction !== 0n)
    text += `.${String(fraction)
      .padStart(String(perSecond).length - 1, '0')
      .replace(/0+$/, '')}`;
  return text;
}

function hexPreview(bytes: Uint8Array): string {
  const shown = Array.from(bytes.subarray(0, 32), (b) => b.toString(16).padStart(2, '0')).join('');
  return bytes.length > 32 ? `\\x${shown}… (${bytes.length} B)` : `\\x${shown}`;
}

/** Lists, structs and maps as JSON; Arrow's nested rows and vectors know how to become JSON. */
function formatNested(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  try {
    return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner)) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Long text is cut for the cell; the full text goes in the title (also for values a narrow column may clip). */
export const maxCellChars = 300;
export const maxTitleChars = 10_000;

export function cellText(text: string): { shown: string; title: string | undefined } {
  if (text.length <= 12) return { shown: text, title: undefined };
  const shown = text.length > maxCellChars ? `${text.slice(0, maxCellChars)}…` : text;
  const title = text.length > maxTitleChars ? `${text.slice(0, maxTitleChars)}…` : text;
  return { shown, title };
}
