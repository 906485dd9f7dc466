import { unzipSync, strFromU8 } from 'fflate';
// The universal entry reads from an ArrayBuffer without spawning workers, so it runs the same in Node and inside our worker.
import { readSheet } from 'read-excel-file/universal';
import type { ColumnValues } from './arrow.ts';
import { cleanColumnNames } from './names.ts';
import { unreadable } from './refusal.ts';

export interface SheetColumns {
  sheet: string;
  sheets: string[];
  columns: ColumnValues[];
}

/** Reads one sheet (by name, default the first) of an .xlsx workbook into columns; the first row is the header. */
export async function readXlsx(bytes: Uint8Array, sheet: string | undefined): Promise<SheetColumns> {
  const sheets = sheetNames(bytes);
  if (sheets.length === 0) throw unreadable('refuse.noSheets');
  const chosen = sheet ?? sheets[0]!;
  if (!sheets.includes(chosen)) {
    throw unreadable('refuse.noSuchSheet', { sheet: chosen, sheets: sheets.join(', ') });
  }
  let rows: unknown[][];
  try {
    rows = (await readSheet(exactArrayBuffer(bytes), chosen)) as unknown[][];
  } catch (error) {
    throw unreadable('refuse.xlsxDamaged', undefined, String(error));
  }
  const [header = [], ...data] = rows;
  const width = Math.max(header.length, ...data.map((row) => row.length));
  if (width === 0) throw unreadable('refuse.sheetEmpty', { sheet: chosen });
  const names = cleanColumnNames(Array.from({ length: width }, (_, index) => header[index] ?? ''));
  const columns = names.map((name, index) => ({ name, values: data.map((row) => row[index] ?? null) }));
  return { sheet: chosen, sheets, columns };
}

/** Sheet names in workbook order, read from xl/workbook.xml. */
function sheetNames(bytes: Uint8Array): string[] {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, { filter: (file) => file.name === 'xl/workbook.xml' });
  } catch (error) {
    throw unreadable('refuse.zipDamaged', undefined, String(error));
  }
  const workbook = entries['xl/workbook.xml'];
  if (!workbook) throw unreadable('refuse.zipNotXlsx');
  const xml = strFromU8(workbook);
  return [...xml.matchAll(/<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"/g)].map((match) => unescapeXml(match[1]!));
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&amp;/g, '&');
}

function exactArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return bytes.buffer;
  return bytes.slice().buffer as ArrayBuffer;
}
