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
  if (sheets.length === 0) throw unreadable('The workbook has no sheets; open it in Excel, check it holds data and save it again.');
  const chosen = sheet ?? sheets[0]!;
  if (!sheets.includes(chosen)) {
    throw unreadable(`The workbook has no sheet named "${chosen}"; choose one of: ${sheets.join(', ')}.`);
  }
  let rows: unknown[][];
  try {
    rows = (await readSheet(exactArrayBuffer(bytes), chosen)) as unknown[][];
  } catch (error) {
    throw unreadable('The Excel file is damaged or not an .xlsx workbook; open it in Excel and save it again as .xlsx.', String(error));
  }
  const [header = [], ...data] = rows;
  const width = Math.max(header.length, ...data.map((row) => row.length));
  if (width === 0) throw unreadable(`The sheet "${chosen}" is empty; choose a sheet with a header row and data.`);
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
    throw unreadable('The file is a damaged ZIP archive, not a readable Excel workbook; save it again as .xlsx and load that.', String(error));
  }
  const workbook = entries['xl/workbook.xml'];
  if (!workbook) throw unreadable('This ZIP file is not an Excel workbook; choose an .xlsx, CSV, Parquet or JSON file.');
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
