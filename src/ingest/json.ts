import type { ColumnValues } from './arrow.ts';
import { cleanColumnNames } from './names.ts';
import { unreadable } from './refusal.ts';
import type { RejectedRow } from './types.ts';

export interface JsonRecords {
  format: 'json' | 'ndjson';
  columns: ColumnValues[];
  rejected: RejectedRow[];
}

/** Reads a JSON array of objects, an object holding one such array, or JSON Lines (one object per line). */
export function readJson(text: string): JsonRecords {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed === '') throw unreadable('refuse.emptyRecords');
  if (nestingDepth(trimmed) > maxNesting) throw unreadable('refuse.jsonTooDeep', { limit: maxNesting });
  const whole = tryParse(trimmed);
  if (whole.ok) return { format: 'json', columns: columnsOf(recordsIn(whole.value)), rejected: [] };
  if (!trimmed.startsWith('[') && firstLineIsObject(trimmed)) return readNdjson(text.replace(/^\uFEFF/, ''));
  throw unreadable('refuse.jsonBroken', undefined, whole.error);
}

/** Deeper than any export nests; JSON.parse and JSON.stringify recurse, so a deeper file would exhaust the stack. */
const maxNesting = 1000;

/** The deepest nesting of arrays and objects, counted outside strings. */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c) index++;
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x5b || code === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (code === 0x5d || code === 0x7d) depth--;
  }
  return deepest;
}

function readNdjson(text: string): JsonRecords {
  const records: Record<string, unknown>[] = [];
  const rejected: RejectedRow[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const parsed = tryParse(line);
    if (!parsed.ok) rejected.push({ line: index + 1, reason: 'This line is not valid JSON.', code: 'jsonInvalid', text: line });
    else if (!isRecord(parsed.value))
      rejected.push({
        line: index + 1,
        reason: 'This line is JSON but not an object with named fields.',
        code: 'jsonNotObject',
        text: line,
      });
    else records.push(parsed.value);
  });
  if (records.length === 0) throw unreadable('refuse.jsonLines');
  return { format: 'ndjson', columns: columnsOf(records), rejected };
}

function recordsIn(value: unknown): Record<string, unknown>[] {
  const list = Array.isArray(value) ? value : isRecord(value) ? soleArrayProperty(value) : undefined;
  if (!list) throw unreadable('refuse.jsonNoList');
  if (list.length === 0) throw unreadable('refuse.jsonEmptyList');
  if (!list.every(isRecord)) throw unreadable('refuse.jsonNotObjects');
  return list;
}

function soleArrayProperty(value: Record<string, unknown>): unknown[] | undefined {
  const arrays = Object.values(value).filter(Array.isArray);
  return arrays.length === 1 ? arrays[0] : Object.keys(value).length > 0 && arrays.length === 0 ? [value] : undefined;
}

/** One column per key, in order of first appearance; values that are objects or arrays stay as JSON text. */
function columnsOf(records: Record<string, unknown>[]): ColumnValues[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    for (const key of Object.keys(record)) {
      if (seen.has(key)) continue;
      seen.add(key);
      keys.push(key);
    }
  }
  const names = cleanColumnNames(keys);
  return keys.map((key, index) => ({
    name: names[index]!,
    values: records.map((record) => {
      const value = record[key];
      return value !== null && typeof value === 'object' ? JSON.stringify(value) : (value ?? null);
    }),
  }));
}

function firstLineIsObject(text: string): boolean {
  const parsed = tryParse(text.split(/\r?\n/, 1)[0] ?? '');
  return parsed.ok && isRecord(parsed.value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: String(error) };
  }
}
